import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { databases, testLogger, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsns, laadDemoPostcodes, maak, traject, type Org } from '../helpers/fixtures/trajecten.ts';
import { createContext, type Context } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';

const TOEGELATEN = {
  intake: {
    startdatum: '2026-01-08',
    einddatum: '2026-01-20',
    beschikkingssoort: 'Toelatingsbeschikking',
    beschikkingsdatum: '2026-01-20',
  },
};
const postgres = (await databases()).includes('postgres');

/**
 * A pause started or ended through node A shows in node B's VISH check within a second, although B keeps its pause
 * map for a minute: B hears the change by NOTIFY (before, another node showed an ended pause for up to AUTH_CACHE_MS).
 */
describe.runIf(postgres)('Schuldenrust on two nodes', () => {
  let a: TestOmgeving;
  let b: { ctx: Context; app: FastifyInstance };
  beforeAll(async () => {
    a = await testOmgeving('postgres');
    await laadDemoPostcodes(a);
    const ctx = await createContext({ ...a.config, AUTH_CACHE_MS: 60_000 }, testLogger());
    const app = await buildApp(ctx);
    await app.ready();
    b = { ctx, app };
  }, 120_000);
  afterAll(async () => {
    await b?.app.close();
    await b?.ctx.close();
    await a?.sluit();
  });

  const opB = async (dw: Org, bsn: string) =>
    (await b.app.inject({ method: 'POST', url: '/api/vish/controle', headers: dw.headers, payload: { bsn } })).json()
      .schuldenrustTot as string | null;
  /** Milliseconds until node B answers `verwacht`, or Infinity after 3 s. */
  const totBZiet = async (dw: Org, bsn: string, verwacht: (tot: string | null) => boolean) => {
    const start = Date.now();
    while (Date.now() - start < 3000) {
      if (verwacht(await opB(dw, bsn))) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 20));
    }
    return Number.POSITIVE_INFINITY;
  };

  it('node B sees a pause start and end within a second', async () => {
    const kb = await a.organisatie('Kredietbank Rust Knopen', 'schuldhulpverlener');
    const cjib = await a.organisatie('Schuldeiser Rust Knopen', 'schuldeiser');
    const dw = await a.organisatie('Deurwaarder Rust Knopen', 'gerechtsdeurwaarder');
    const [bsn] = bsns(53_000_000, 1) as [string];
    const req = (o: InjectOptions) => a.app.inject(o);
    const deelname = await req({
      method: 'PUT',
      url: '/api/schuldenrust/deelname',
      headers: cjib.headers,
      payload: { soort: 'privaat', kanaal: 'portaal', stappen: ['aanmaningen'] },
    });
    expect(deelname.statusCode, deelname.body).toBe(200);
    const trajectId = (await maak(a, kb, traject(bsn, { ddas: TOEGELATEN }))).id;
    const schuld = await req({
      method: 'POST',
      url: `/api/schuldenrust/trajecten/${trajectId}/schulden`,
      headers: kb.headers,
      payload: { schuldeiserId: cjib.id, kenmerk: 'K-1', bedrag: 10 },
    });
    expect(schuld.statusCode, schuld.body).toBe(201);
    // B loads its (empty) pause map now and would keep it for a minute.
    expect(await opB(dw, bsn)).toBeNull();

    const kg = await req({
      method: 'POST',
      url: `/api/schuldenrust/trajecten/${trajectId}/kennisgeving`,
      headers: kb.headers,
      payload: { schulden: schuld.json().schulden.map((s: { id: string }) => s.id), bevestigd: true },
    });
    expect(kg.statusCode, kg.body).toBe(201);
    const pauze = kg.json() as { pauzeId: string; einddatum: string };
    expect(await totBZiet(dw, bsn, (tot) => tot === pauze.einddatum)).toBeLessThan(1000);

    const einde = await req({
      method: 'POST',
      url: `/api/schuldenrust/pauzes/${pauze.pauzeId}/beeindigen`,
      headers: kb.headers,
      payload: { reden: 'regeling-getroffen', bevestigd: true },
    });
    expect(einde.statusCode, einde.body).toBe(200);
    expect(await totBZiet(dw, bsn, (tot) => tot === null)).toBeLessThan(1000);
  });
});
