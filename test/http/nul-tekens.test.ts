import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/shared/logger.ts';

/**
 * A NUL character (U+0000) cannot be stored in PostgreSQL text: in any string of a body, query or path it is refused
 * with a Dutch 400 before it reaches a handler, also on the routes that need no login, and nothing is logged as an
 * error (no stack trace).
 */
for (const kind of await databases()) {
  describe(`NUL characters in input on ${kind}`, () => {
    let t: TestOmgeving;
    let app: FastifyInstance;
    const log: string[] = [];
    const h: Record<string, { headers: Record<string, string>; cookies?: Record<string, string> }> = {};
    beforeAll(async () => {
      t = await testOmgeving(kind);
      // The same platform, logging into this array, so the test can read what was logged.
      app = await buildApp({
        ...t.ctx,
        log: createLogger('debug', { write: (regel: string) => void log.push(regel) }),
      });
      await app.ready();
      h.partner = { headers: (await t.organisatie('Partner', 'signaalpartner')).headers };
      h.shv = { headers: (await t.organisatie('Kredietbank', 'schuldhulpverlener')).headers };
      const beheer = await t.organisatie('Beheer', 'beheerder');
      h.beheerder = await sessieVoor(t, beheer, 'beheerder');
    });
    afterAll(async () => {
      await app?.close();
      await t?.sluit();
    });

    const verwachtGeweigerd = (r: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
      expect(r.statusCode, r.body).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      const b = JSON.parse(r.body);
      expect(b.code).toBe('ongeldige_tekens');
      expect(b.title).toMatch(/niet-toegestaan teken/);
    };

    it('refuses NUL in the login form, the token form, a JSON body, a query string and a path', async () => {
      const gevallen = [
        app.inject({
          method: 'POST',
          url: '/api/sessie/inloggen',
          payload: { email: 'iemand\u0000@test.example', wachtwoord: 'Een-wachtwoord-123', code: '123456' },
        }),
        app.inject({
          method: 'POST',
          url: '/api/sessie/inloggen',
          payload: { email: 'iemand@test.example', wachtwoord: 'Een-wachtwoord-123\u0000', code: '123456' },
        }),
        app.inject({
          method: 'POST',
          url: '/api/ddas/oauth/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'grant_type=client_credentials&client_id=a%00b&client_secret=geheim',
        }),
        app.inject({
          method: 'POST',
          url: '/api/vroegsignalen/signalen',
          headers: { ...h.partner!.headers, 'idempotency-key': 'nul-1' },
          payload: {
            signalen: [
              {
                achternaam: 'Nul\u0000teken',
                huisnummer: 1,
                postcode: '3511AB',
                aantalMaandenAchterstand: 2,
                bedragAchterstand: 100,
              },
            ],
          },
        }),
        app.inject({
          method: 'PUT',
          url: '/api/trajecten/vish/instellingen',
          headers: h.shv!.headers,
          payload: { actief: true, regel: 'alle-open', loket: { naam: 'Loket\u0000', telefoon: '0301234567' } },
        }),
        app.inject({ method: 'GET', url: '/api/audit?actie=vish.%00', ...h.beheerder! }),
        app.inject({ method: 'GET', url: '/api/audit?actor=%00', ...h.beheerder! }),
        app.inject({ method: 'GET', url: '/api/ddas/clients?x=%00', ...h.beheerder! }),
        app.inject({ method: 'DELETE', url: '/api/ddas/clients/ab%00cd', ...h.beheerder! }),
      ];
      for (const r of await Promise.all(gevallen)) verwachtGeweigerd(r);
    });

    it('refuses NUL in a client id sent with HTTP Basic (decoded by the route itself)', async () => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/ddas/oauth/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from('a\u0000b:geheim').toString('base64')}`,
        },
        payload: 'grant_type=client_credentials',
      });
      verwachtGeweigerd(r);
    });

    it('logged no error and no stack trace for any of it', () => {
      const regels = log.map((r) => JSON.parse(r) as { level: number; err?: unknown; msg?: string });
      expect(regels.length).toBeGreaterThan(0);
      expect(regels.filter((r) => r.level >= 50).map((r) => r.msg)).toEqual([]);
      expect(log.filter((r) => r.includes('"stack"'))).toEqual([]);
    });
  });
}
