import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/shared/logger.ts';

interface Regel {
  actor_soort: string;
  actor_id: string | null;
  organisatie_id: string | null;
  onderwerp: string | null;
  details: { status: number; reden: string; aantal: number; ip?: string };
}

/**
 * Refused requests (401/403) are in the audit trail with caller, route and reason, at most one entry per caller +
 * route + reason per minute; the rest of a flood is counted into one entry when the minute has passed. The log
 * line follows the same limit.
 */
for (const kind of await databases()) {
  describe(`Refused requests in the audit trail on ${kind}`, () => {
    let t: TestOmgeving;
    let app: FastifyInstance;
    const log: string[] = [];
    let partner: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let gemeente: typeof partner;
    beforeAll(async () => {
      t = await testOmgeving(kind, { VISH_CONTROLE_PIEK: 1000 });
      app = await buildApp({ ...t.ctx, log: createLogger('debug', { write: (r: string) => void log.push(r) }) });
      await app.ready();
      partner = await t.organisatie('Energie Flood', 'signaalpartner');
      gemeente = await t.organisatie('Gemeente Flood', 'gemeente');
    });
    afterAll(async () => {
      await app?.close();
      await t?.sluit();
    });

    const weigeringen = async () => {
      await app.weigeringen.wacht();
      const rows = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actor_soort', 'actor_id', 'organisatie_id', 'onderwerp', 'details'])
        .where('actie', '=', 'toegang.geweigerd')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        ...r,
        details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
      })) as Regel[];
    };
    const controle = (headers: Record<string, string>, url = '/api/vish/controle') =>
      app.inject({ method: 'POST', url, headers, payload: { bsn: '111222333' } });

    it('a flood of 30 refusals gives one entry at once and one with the count after the minute', async () => {
      const start = Date.now();
      app.weigeringen.klok = () => start;
      for (let i = 0; i < 30; i++) expect((await controle(partner.headers)).statusCode).toBe(403);
      let rows = (await weigeringen()).filter((r) => r.organisatie_id === partner.id);
      expect(rows).toEqual([
        {
          actor_soort: 'api-sleutel',
          actor_id: expect.any(String),
          organisatie_id: partner.id,
          onderwerp: 'POST /api/vish/controle',
          details: { status: 403, reden: 'geen_toegang', aantal: 1 },
        },
      ]);
      // The minute passes: the other 29 are written as one entry.
      app.weigeringen.klok = () => start + 61_000;
      app.weigeringen.spoel();
      rows = (await weigeringen()).filter((r) => r.organisatie_id === partner.id);
      expect(rows.map((r) => r.details.aantal)).toEqual([1, 29]);
      // A new minute starts with a new entry at once.
      await controle(partner.headers);
      rows = (await weigeringen()).filter((r) => r.organisatie_id === partner.id);
      expect(rows.map((r) => r.details.aantal)).toEqual([1, 29, 1]);
      // The log had one line per entry, not one per refusal.
      const regels = log.filter((r) => r.includes('"request refused"') && r.includes(partner.id));
      expect(regels).toHaveLength(3);
      app.weigeringen.klok = () => Date.now();
    });

    it('caller, route and reason each count apart; an unknown caller is recorded by address', async () => {
      const voor = (await weigeringen()).length;
      const medewerker = await sessieVoor(t, gemeente, 'gemeente-medewerker');
      const antwoorden = [
        await app.inject({ method: 'GET', url: '/api/trajecten' }), // no credential: 401
        await app.inject({ method: 'GET', url: '/api/trajecten' }),
        await app.inject({ method: 'GET', url: '/api/trajecten', headers: { 'x-api-key': 'srk_000000000001_fout' } }),
        await app.inject({
          method: 'PUT',
          url: '/api/gemeenten/GM0344/deelname',
          cookies: medewerker.cookies,
          headers: medewerker.headers,
          payload: { doetMee: false },
        }), // role: 403
        await app.inject({
          method: 'PUT',
          url: '/api/gemeenten/GM0344/deelname',
          cookies: medewerker.cookies,
          payload: { doetMee: false },
        }), // no CSRF token: 403 csrf
      ];
      expect(antwoorden.map((r) => r.statusCode)).toEqual([401, 401, 401, 403, 403]);
      const nieuw = (await weigeringen()).slice(voor);
      expect(nieuw).toEqual([
        {
          actor_soort: 'anoniem',
          actor_id: null,
          organisatie_id: null,
          onderwerp: 'GET /api/trajecten',
          details: { status: 401, reden: 'niet_geauthenticeerd', aantal: 1, ip: '127.0.0.1' },
        },
        // The second anonymous call and the one with a wrong key: same caller (address), route and reason, so counted
        // in the first one's window.
        {
          actor_soort: 'gebruiker',
          actor_id: medewerker.gebruikerId,
          organisatie_id: gemeente.id,
          onderwerp: 'PUT /api/gemeenten/:code/deelname',
          details: { status: 403, reden: 'geen_toegang', aantal: 1 },
        },
        {
          actor_soort: 'gebruiker',
          actor_id: medewerker.gebruikerId,
          organisatie_id: gemeente.id,
          onderwerp: 'PUT /api/gemeenten/:code/deelname',
          details: { status: 403, reden: 'csrf', aantal: 1 },
        },
      ]);
    });

    it('never records the raw URL: a BSN in a path stays out of the audit trail', async () => {
      const voor = (await weigeringen()).length;
      expect((await controle(partner.headers, '/api/vish/controle/111222333')).statusCode).toBe(403);
      const nieuw = (await weigeringen()).slice(voor);
      expect(nieuw.map((r) => r.onderwerp)).toEqual(['POST (onbekende route)']);
      expect(JSON.stringify(nieuw)).not.toContain('111222333');
    });
  });
}
