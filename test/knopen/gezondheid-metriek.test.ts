import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { buildApp } from '../../src/http/app.ts';
import { Metriek, startMetriekServer } from '../../src/http/metriek.ts';
import { bsnFromSeed } from '../../src/shared/bsn.ts';
import type { FastifyInstance } from 'fastify';

for (const kind of await databases()) {
  describe(`Health and metrics on ${kind}`, () => {
    let t: TestOmgeving;
    let metriek: Metriek;
    let app: FastifyInstance;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      metriek = new Metriek(t.ctx);
      app = await buildApp(t.ctx, undefined, { metriek });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await t?.sluit();
    });

    it('liveness answers while the node runs; readiness turns 503 once the node shuts down', async () => {
      expect((await app.inject('/api/gezondheid/leeft')).json()).toEqual({ status: 'ok' });
      const gereed = await app.inject('/api/gezondheid/gereed');
      expect([gereed.statusCode, gereed.json()]).toEqual([200, { status: 'gereed' }]);
      t.ctx.levensloop.stopt = true;
      try {
        const stopt = await app.inject('/api/gezondheid/gereed');
        expect([stopt.statusCode, stopt.json()]).toEqual([503, { status: 'stopt' }]);
        expect((await app.inject('/api/gezondheid/leeft')).statusCode).toBe(200);
      } finally {
        t.ctx.levensloop.stopt = false;
      }
    });

    it('requests are counted by route pattern and status, never by a path that carries a BSN or an id', async () => {
      const bsn = bsnFromSeed(123_456)!;
      const dw = await t.organisatie('Deurwaarders Metriek', 'gerechtsdeurwaarder');
      await app.inject({ method: 'POST', url: '/api/vish/controle', headers: dw.headers, payload: { bsn } });
      await app.inject({ method: 'GET', url: `/api/bestaat-niet/${bsn}` });
      await app.inject({
        method: 'GET',
        url: `/api/signaalzaken/zaken/00000000-0000-4000-8000-000000000000`,
        headers: dw.headers,
      });
      const tekst = await metriek.registry.metrics();
      expect(tekst).toContain(
        'schuldenrust_http_verzoeken_totaal{methode="POST",route="/api/vish/controle",status="200"} 1',
      );
      expect(tekst).toMatch(
        /schuldenrust_http_duur_seconden_bucket\{le="[^"]+",methode="POST",route="\/api\/vish\/controle"\}/,
      );
      expect(tekst).toContain('route="/api/signaalzaken/zaken/:id",status="403"');
      expect(tekst).not.toContain(bsn);
      expect(tekst).not.toContain('00000000-0000-4000-8000-000000000000');
      expect(tekst).toMatch(/schuldenrust_vish_index_personen \d+/);
      expect(tekst).toMatch(/schuldenrust_vish_index_leeftijd_seconden \d/);
      expect(tekst).toMatch(/schuldenrust_outbox_achterstand_seconden \d/);
      if (kind === 'postgres') expect(tekst).toMatch(/schuldenrust_db_pool_verbindingen\{staat="totaal"\} \d+/);
    });

    it('a job run is counted with its result', async () => {
      await metriek.meetJob('proef', async () => 'uitgevoerd' as const);
      await metriek.meetJob('proef', async () => 'bezet' as const);
      await expect(metriek.meetJob('proef', async () => Promise.reject(new Error('kapot')))).rejects.toThrow();
      const tekst = await metriek.registry.metrics();
      for (const r of ['uitgevoerd', 'bezet', 'fout'])
        expect(tekst).toContain(`schuldenrust_job_runs_totaal{job="proef",resultaat="${r}"} 1`);
    });

    it('the metrics listener serves only GET /metrics, on its own port', async () => {
      const server = await startMetriekServer(metriek, '127.0.0.1', 0);
      try {
        const basis = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
        const r = await fetch(`${basis}/metrics`);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toContain('text/plain');
        expect(await r.text()).toContain('schuldenrust_http_verzoeken_totaal');
        expect((await fetch(`${basis}/api/gezondheid`)).status).toBe(404);
        expect((await fetch(`${basis}/metrics`, { method: 'POST' })).status).toBe(404);
      } finally {
        server.close();
      }
    });
  });
}
