import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { TokenEmmers } from '../../src/shared/token-emmers.ts';

const A = '111222333';

describe('TokenEmmers', () => {
  it('allows a burst, then one per interval, and says how long to wait', () => {
    const e = new TokenEmmers(2, 3);
    expect([e.neem('k', 0), e.neem('k', 0), e.neem('k', 0)]).toEqual([0, 0, 0]);
    expect(e.neem('k', 0)).toBe(500);
    expect(e.neem('ander', 0)).toBe(0);
    expect(e.neem('k', 500)).toBe(0);
    expect(e.neem('k', 500)).toBeGreaterThan(0);
  });
});

for (const kind of await databases()) {
  describe(`Security rules on ${kind}`, () => {
    let t: TestOmgeving;
    let dw: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let shv: typeof dw;
    let beheer: typeof dw;
    beforeAll(async () => {
      // Caches on, as in production: suspension must still take effect on the very next request.
      t = await testOmgeving(kind, { AUTH_CACHE_MS: 60_000, VISH_CONTROLE_PER_SECONDE: 1, VISH_CONTROLE_PIEK: 5 });
      dw = await t.organisatie('Deurwaarder Sec', 'gerechtsdeurwaarder');
      shv = await t.organisatie('Kredietbank Sec', 'schuldhulpverlener');
      beheer = await t.organisatie('Beheer Sec', 'beheerder');
    });
    afterAll(async () => {
      await t?.sluit();
    });
    const check = (headers: Record<string, string>, cookies?: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vish/controle',
        headers,
        ...(cookies ? { cookies } : {}),
        payload: { bsn: A },
      });

    it('suspension takes effect on the very next request despite AUTH_CACHE_MS, for API keys and sessions; reactivation too', async () => {
      const beheerder = await sessieVoor(t, beheer, 'beheerder');
      const shvMens = await sessieVoor(t, shv, 'schuldhulpverlener');
      const ik = () => t.app.inject({ method: 'GET', url: '/api/vish/leveringen', cookies: shvMens.cookies });
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/vish/leveringen', headers: shv.headers })).statusCode,
      ).toBe(200);
      expect((await ik()).statusCode).toBe(200);
      const s = await t.app.inject({
        method: 'POST',
        url: `/api/beheer/organisaties/${shv.id}/schorsen`,
        cookies: beheerder.cookies,
        headers: beheerder.headers,
      });
      expect(s.statusCode).toBe(200);
      const na = await t.app.inject({ method: 'GET', url: '/api/vish/leveringen', headers: shv.headers });
      expect(na.statusCode).toBe(403);
      expect(na.json()).toMatchObject({ code: 'organisatie_geschorst', title: expect.stringContaining('geschorst') });
      expect((await ik()).statusCode).toBe(403);
      await t.app.inject({
        method: 'POST',
        url: `/api/beheer/organisaties/${shv.id}/activeren`,
        cookies: beheerder.cookies,
        headers: beheerder.headers,
      });
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/vish/leveringen', headers: shv.headers })).statusCode,
      ).toBe(200);
    });

    it('a revoked API key is refused on the next request despite the cache', async () => {
      const extra = await t.organisatie('Deurwaarder Sec 2', 'gerechtsdeurwaarder');
      expect((await check(extra.headers)).statusCode).toBe(200);
      const id = extra.sleutel.split('_')[1]!;
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/beheer/api-sleutels/${id}/intrekken`,
            headers: beheer.headers,
          })
        ).statusCode,
      ).toBe(200);
      expect((await check(extra.headers)).statusCode).toBe(401);
    });

    it('joining: no VISH traffic before the test step; test phase delivers and checks test data only; steps recorded with who and when', async () => {
      const maak = await t.app.inject({
        method: 'POST',
        url: '/api/beheer/organisaties',
        headers: beheer.headers,
        payload: { naam: 'Nieuwe Kredietbank', type: 'schuldhulpverlener' },
      });
      expect(maak.statusCode).toBe(201);
      expect(maak.json().aansluitfase).toBe('intake');
      const org = maak.json() as { id: string };
      const sleutel = (
        await t.app.inject({
          method: 'POST',
          url: `/api/beheer/organisaties/${org.id}/api-sleutels`,
          headers: beheer.headers,
          payload: { omschrijving: 'test' },
        })
      ).json().sleutel as string;
      const lever = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/vish/leveringen/json',
          headers: { 'x-api-key': sleutel },
          payload: { personen: [{ bsn: A, contactnaam: 'Team', telefoon: '0301234567' }] },
        });
      const r = await lever();
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('aansluiting_niet_afgerond');
      const stap = (s: string) =>
        t.app.inject({
          method: 'POST',
          url: `/api/beheer/organisaties/${org.id}/aansluitstappen`,
          headers: beheer.headers,
          payload: { stap: s, toelichting: `stap ${s}` },
        });
      expect((await stap('testlevering')).statusCode).toBe(409); // no skipping
      for (const s of ['overeenkomst', 'technische-inrichting']) expect((await stap(s)).statusCode).toBe(201);
      expect((await lever()).statusCode).toBe(403);
      expect((await stap('testlevering')).statusCode).toBe(201);
      expect((await lever()).statusCode).toBe(201);
      expect((await stap('productie')).statusCode).toBe(201);
      const stappen = (
        await t.app.inject({
          method: 'GET',
          url: `/api/beheer/organisaties/${org.id}/aansluitstappen`,
          headers: beheer.headers,
        })
      ).json();
      expect(stappen.aansluitfase).toBe('productie');
      expect(stappen.stappen.map((s: { stap: string }) => s.stap)).toEqual([
        'overeenkomst',
        'technische-inrichting',
        'testlevering',
        'productie',
      ]);
      expect(stappen.stappen[0]).toMatchObject({ door_soort: 'api-sleutel', op: expect.any(String) });
      // A bailiff still in test phase checks test data only (test/verwijsindex/vish-testgegevens.test.ts).
      const dwNieuw = (
        await t.app.inject({
          method: 'POST',
          url: '/api/beheer/organisaties',
          headers: beheer.headers,
          payload: { naam: 'Nieuwe Deurwaarder', type: 'gerechtsdeurwaarder', aansluitfase: 'testlevering' },
        })
      ).json() as { id: string };
      const dwSleutel = (
        await t.app.inject({
          method: 'POST',
          url: `/api/beheer/organisaties/${dwNieuw.id}/api-sleutels`,
          headers: beheer.headers,
          payload: { omschrijving: 'test' },
        })
      ).json().sleutel as string;
      const testcheck = await check({ 'x-api-key': dwSleutel });
      expect(testcheck.statusCode).toBe(200);
      expect(testcheck.json().contacten.map((c: { organisatie: string }) => c.organisatie)).toEqual([
        'Nieuwe Kredietbank',
      ]);
    });

    it('rate limit on the check endpoints per credential: 429 with a Dutch problem and Retry-After; others unaffected', async () => {
      const eigen = await t.organisatie('Deurwaarder Snel', 'gerechtsdeurwaarder');
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await check(eigen.headers)).statusCode);
      expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      const r = await check(eigen.headers);
      expect(r.statusCode).toBe(429);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({
        status: 429,
        code: 'te_veel_verzoeken',
        title: expect.stringContaining('te veel'),
      });
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const batch = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle/batch',
        headers: { ...eigen.headers, 'content-type': 'text/csv' },
        payload: `BSN\n${A}\n`,
      });
      expect(batch.statusCode).toBe(429);
      expect((await check(dw.headers)).statusCode).toBe(200);
    });

    it('negative: tampered key, session after logout, CSRF missing or wrong, bailiff calling anything but the check', async () => {
      const kapot = dw.sleutel.slice(0, -2) + (dw.sleutel.endsWith('AA') ? 'BB' : 'AA');
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/sessie/ik', headers: { 'x-api-key': kapot } })).statusCode,
      ).toBe(401);
      const mens = await sessieVoor(t, dw, 'deurwaarder');
      expect(
        (
          await t.app.inject({ method: 'POST', url: '/api/vish/controle', cookies: mens.cookies, payload: { bsn: A } })
        ).json().code,
      ).toBe('csrf');
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/vish/controle',
            cookies: mens.cookies,
            headers: { 'x-csrf-token': 'x'.repeat(43) },
            payload: { bsn: A },
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/sessie/uitloggen',
            cookies: mens.cookies,
            headers: mens.headers,
          })
        ).statusCode,
      ).toBe(200);
      const replay = await t.app.inject({ method: 'GET', url: '/api/sessie/ik', cookies: mens.cookies });
      expect(replay.statusCode).toBe(401);
      for (const [method, url] of [
        ['GET', '/api/vish/leveringen'],
        ['POST', '/api/vish/leveringen/json'],
        ['GET', '/api/beheer/organisaties'],
        ['GET', '/api/audit'],
        ['GET', '/api/vroegsignalen'],
      ] as const) {
        const r = await t.app.inject({
          method,
          url,
          headers: dw.headers,
          ...(method === 'POST' ? { payload: { personen: [] } } : {}),
        });
        expect([403, 404], `${method} ${url}`).toContain(r.statusCode);
      }
    });
  });
}
