import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { buildApp } from '../../src/http/app.ts';
import { ensureCa, ensureServerCertificate } from '../../src/modules/organisaties/ca.ts';

function httpsGet(
  port: number,
  ca: string,
  pad: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pad, ca, servername: 'localhost' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Security headers: no caching of API answers, no framing, a CSP on the API docs, HSTS on the TLS listener. */
for (const kind of await databases()) {
  describe(`Security headers on ${kind}`, () => {
    let t: TestOmgeving;
    let tls: FastifyInstance;
    let tlsPoort: number;
    let caPem: string;
    let sessie: Awaited<ReturnType<typeof sessieVoor>>;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      const dw = await t.organisatie('Deurwaarder', 'gerechtsdeurwaarder');
      sessie = await sessieVoor(t, dw, 'deurwaarder');
      const ca = await ensureCa(t.config.DATA_DIR);
      caPem = ca.certPem;
      const server = await ensureServerCertificate(t.config.DATA_DIR, ca);
      tls = await buildApp(t.ctx, { key: server.keyPem, cert: server.certPem, ca: ca.certPem });
      await tls.listen({ host: '127.0.0.1', port: 0 });
      tlsPoort = (tls.server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await tls?.close();
      await t?.sluit();
    });

    it('every /api answer says no-store, nosniff and DENY: data, errors, not found, login', async () => {
      const antwoorden = {
        gezondheid: await t.app.inject({ method: 'GET', url: '/api/gezondheid' }),
        persoon: await t.app.inject({ method: 'GET', url: '/api/sessie/ik', cookies: sessie.cookies }),
        geweigerd: await t.app.inject({ method: 'GET', url: '/api/trajecten' }),
        onbekend: await t.app.inject({ method: 'GET', url: '/api/bestaat-niet' }),
        onbekendPost: await t.app.inject({ method: 'POST', url: '/api/bestaat-niet', payload: {} }),
        ongeldig: await t.app.inject({ method: 'POST', url: '/api/sessie/inloggen', payload: {} }),
      };
      expect(antwoorden.persoon.statusCode).toBe(200);
      for (const [naam, r] of Object.entries(antwoorden)) {
        expect([naam, r.headers['cache-control']]).toEqual([naam, 'no-store']);
        expect([naam, r.headers['x-frame-options']]).toEqual([naam, 'DENY']);
        expect([naam, r.headers['x-content-type-options']]).toEqual([naam, 'nosniff']);
        expect([naam, r.headers['content-security-policy']]).toEqual([
          naam,
          "default-src 'none'; frame-ancestors 'none'",
        ]);
        expect(r.headers['strict-transport-security']).toBeUndefined(); // plain HTTP: HSTS would be ignored anyway
      }
    });

    it('a route that sets its own Cache-Control keeps it (the opt-out); web files are not /api', async () => {
      const app = await buildApp(t.ctx);
      app.get('/api/test/cache', { config: { toegang: 'publiek' } }, async (_req, reply) =>
        reply.header('cache-control', 'private, max-age=60').send({ ok: true }),
      );
      await app.ready();
      try {
        expect((await app.inject({ method: 'GET', url: '/api/test/cache' })).headers['cache-control']).toBe(
          'private, max-age=60',
        );
      } finally {
        await app.close();
      }
    });

    it('the API docs carry a strict CSP and X-Frame-Options too', async () => {
      for (const url of ['/api/docs', '/api/docs/static/index.html', '/api/docs/static/swagger-initializer.js']) {
        const r = await t.app.inject({ method: 'GET', url });
        expect([url, r.statusCode < 400]).toEqual([url, true]);
        const csp = String(r.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
        expect(r.headers['x-frame-options']).toBe('DENY');
      }
    });

    it('the TLS listener sends Strict-Transport-Security, on API and web answers', async () => {
      for (const pad of ['/api/gezondheid', '/api/bestaat-niet', '/']) {
        const r = await httpsGet(tlsPoort, caPem, pad);
        expect([pad, r.headers['strict-transport-security']]).toEqual([pad, 'max-age=31536000; includeSubDomains']);
      }
    });
  });
}
