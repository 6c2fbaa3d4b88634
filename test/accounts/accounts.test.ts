import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import type { LightMyRequestResponse } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { buildApp } from '../../src/http/app.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import {
  DEMO_GEBRUIKERS,
  DEMO_TOTP_GEHEIM,
  DEMO_WACHTWOORD,
  laadDemoGebruikers,
} from '../../src/modules/accounts/demo.ts';
import { DEMO_ORGANISATIES } from '../../src/cli/demo.ts';
import { maakOrganisatie } from '../../src/modules/organisaties/organisaties.ts';
import { onjuist, type NieuweGebruiker } from '../../src/modules/accounts/accounts.ts';
import type { Rol } from '../../src/modules/accounts/rollen.ts';

const A = '111222333';
const GENERIEK = onjuist().publicMessage;
const code = (geheim: string, nu: Date, offsetSeconden = 0) =>
  generate({ secret: geheim, epoch: Math.floor(nu.getTime() / 1000) + offsetSeconden });

for (const kind of await databases()) {
  describe(`Accounts and sessions on ${kind}`, () => {
    let t: TestOmgeving;
    let dw: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let sp: typeof dw;
    let gm: typeof dw;
    let nr = 0;
    /** Every answer body seen in this suite, to check no secret ever leaves. */
    const antwoorden: string[] = [];
    const geheimen: string[] = [];

    beforeAll(async () => {
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 50 });
      dw = await t.organisatie('Deurwaarders Test', 'gerechtsdeurwaarder');
      sp = await t.organisatie('Energie Test', 'signaalpartner');
      gm = await t.organisatie('Gemeente Test', 'gemeente');
    });
    afterEach(() => {
      t.ctx.accounts.klok = () => new Date();
    });
    afterAll(async () => {
      // No password hash, TOTP secret, recovery code or session token in any answer.
      const alles = antwoorden.join('\n');
      expect(alles).not.toMatch(/\$argon2/);
      expect(alles).not.toMatch(/totp_geheim|wachtwoord_hash|v1\.[A-Za-z0-9_-]{16}\./);
      for (const g of geheimen) expect(alles).not.toContain(g);
      await t?.sluit();
    });

    const gebruiker = async (org: { id: string }, rol: Rol): Promise<NieuweGebruiker> => {
      const g = await t.ctx.accounts.maakGebruiker(SYSTEEM, {
        organisatieId: org.id,
        email: `Gebruiker${++nr}@Test.example`,
        naam: `Test ${nr}`,
        rol,
      });
      geheimen.push(g.totpGeheim, g.wachtwoord, ...g.herstelcodes);
      return g;
    };
    const vastlegging = (r: LightMyRequestResponse) => {
      antwoorden.push(r.body);
      return r;
    };
    const inloggen = async (g: { email: string; wachtwoord: string }, c: string, remoteAddress?: string) =>
      vastlegging(
        await t.app.inject({
          method: 'POST',
          url: '/api/sessie/inloggen',
          payload: { email: g.email, wachtwoord: g.wachtwoord, code: c },
          ...(remoteAddress ? { remoteAddress } : {}),
        }),
      );
    /** Logs in with a TOTP code for `nu` (pinning the service clock to it) and returns the session. */
    const sessie = async (g: NieuweGebruiker, offset = 0) => {
      const nu = new Date();
      t.ctx.accounts.klok = () => nu;
      const r = await inloggen(g, await code(g.totpGeheim, nu, offset));
      t.ctx.accounts.klok = () => new Date();
      expect(r.statusCode).toBe(200);
      const token = r.cookies.find((c) => c.name === 'sr_sessie')!.value;
      return { token, csrf: r.json().csrfToken as string, cookies: { sr_sessie: token }, antwoord: r };
    };
    const verzoek = async (
      method: 'GET' | 'POST',
      url: string,
      s: { cookies: Record<string, string> },
      headers: Record<string, string> = {},
      payload?: unknown,
    ) =>
      vastlegging(
        await t.app.inject({
          method,
          url,
          cookies: s.cookies,
          headers,
          ...(payload !== undefined ? { payload: payload as object } : {}),
        }),
      );

    it('login needs the password and a valid TOTP code; wrong ones get one message for all', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      const nu = new Date();
      t.ctx.accounts.klok = () => nu;
      const goed = await code(g.totpGeheim, nu);
      const fout = goed === '000000' ? '111111' : '000000';
      for (const r of [
        await inloggen(g, fout),
        await inloggen({ ...g, wachtwoord: 'Verkeerd-wachtwoord-1' }, goed),
        await inloggen({ ...g, email: 'niemand@test.example' }, goed),
      ]) {
        expect(r.statusCode).toBe(401);
        expect(r.json().title).toBe(GENERIEK);
        expect(r.cookies).toHaveLength(0);
      }
      // Without a code: refused like a wrong code once TOTP is set up (only an invited user without one may omit it).
      const zonderCode = await t.app.inject({
        method: 'POST',
        url: '/api/sessie/inloggen',
        payload: { email: g.email, wachtwoord: g.wachtwoord },
      });
      expect(zonderCode.statusCode).toBe(401);
      expect(zonderCode.json().title).toBe(GENERIEK);
      const r = await inloggen({ ...g, email: g.email.toUpperCase() }, goed);
      expect(r.statusCode).toBe(200);
      expect(r.json().gebruiker).toEqual({
        id: g.id,
        naam: expect.any(String),
        email: g.email,
        rol: 'deurwaarder',
        beheerder: false,
        organisatie: { id: dw.id, naam: 'Deurwaarders Test', type: 'gerechtsdeurwaarder' },
        beperking: null,
      });
      expect(r.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The same code again is refused (each code works once).
      expect((await inloggen(g, goed)).statusCode).toBe(401);
    });

    it('accepts a code from the previous 30 s window, refuses one far off', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      const nu = new Date();
      t.ctx.accounts.klok = () => nu;
      expect((await inloggen(g, await code(g.totpGeheim, nu, -120))).statusCode).toBe(401);
      expect((await inloggen(g, await code(g.totpGeheim, nu, 300))).statusCode).toBe(401);
      expect((await inloggen(g, await code(g.totpGeheim, nu, -30))).statusCode).toBe(200);
      expect((await inloggen(g, await code(g.totpGeheim, nu, -30))).statusCode).toBe(401);
      expect((await inloggen(g, await code(g.totpGeheim, nu))).statusCode).toBe(200);
    });

    it('a recovery code works once, in any case and without dashes', async () => {
      const g = await gebruiker(sp, 'signaalpartner-medewerker');
      const hc = g.herstelcodes[3]!;
      expect(hc).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
      expect((await inloggen(g, hc.replace(/-/g, '').toLowerCase())).statusCode).toBe(200);
      const nogmaals = await inloggen(g, hc);
      expect(nogmaals.statusCode).toBe(401);
      expect(nogmaals.json().title).toBe(GENERIEK);
      expect((await inloggen(g, g.herstelcodes[4]!)).statusCode).toBe(200);
    });

    it('5 failures lock the account for 15 minutes; meanwhile a correct login gets the same answer', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      for (let i = 1; i <= 5; i++)
        expect((await inloggen({ ...g, wachtwoord: `Verkeerd-wachtwoord-${i}` }, '123456')).json().title).toBe(
          GENERIEK,
        );
      const nu = new Date();
      t.ctx.accounts.klok = () => nu;
      const goed = await inloggen(g, await code(g.totpGeheim, nu));
      expect(goed.statusCode).toBe(401);
      expect(goed.json()).toMatchObject({ code: 'inloggen_mislukt', title: GENERIEK });
      expect(goed.cookies).toHaveLength(0);
      // 16 minutes later the lock is over.
      const later = new Date(nu.getTime() + 16 * 60_000);
      t.ctx.accounts.klok = () => later;
      expect((await inloggen(g, await code(g.totpGeheim, later))).statusCode).toBe(200);
      // An operator can lift a lock at once.
      t.ctx.accounts.klok = () => new Date();
      for (let i = 1; i <= 5; i++) await inloggen({ ...g, wachtwoord: `Verkeerd-wachtwoord-${i}` }, '123456');
      expect((await inloggen(g, g.herstelcodes[0]!)).statusCode).toBe(401);
      expect(await t.ctx.accounts.deblokkeer(SYSTEEM, g.id)).toBe(true);
      expect((await inloggen(g, g.herstelcodes[0]!)).statusCode).toBe(200);
    });

    it('the session cookie is HttpOnly, SameSite=Strict, Path=/, and Secure in production', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      // Earlier window first: a code of a step at or before the last accepted one is refused.
      const { antwoord } = await sessie(g, -30);
      const setCookie = String(antwoord.headers['set-cookie']);
      expect(setCookie).toMatch(/^sr_sessie=[A-Za-z0-9_-]{43};/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).not.toContain('Secure');
      t.config.NODE_ENV = 'production';
      try {
        const { antwoord: prod } = await sessie(g, 0);
        expect(String(prod.headers['set-cookie'])).toContain('Secure');
      } finally {
        t.config.NODE_ENV = 'test';
      }
    });

    it('a cookie-authenticated POST needs the right X-CSRF-Token; GET does not', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      const s = await sessie(g, -30);
      const ik = await verzoek('GET', '/api/sessie/ik', s);
      expect(ik.statusCode).toBe(200);
      expect(ik.json().csrfToken).toBe(s.csrf);
      const zonder = await verzoek('POST', '/api/vish/controle', s, {}, { bsn: A });
      expect(zonder.statusCode).toBe(403);
      expect(zonder.json().code).toBe('csrf');
      expect(
        (
          await verzoek(
            'POST',
            '/api/vish/controle',
            s,
            { 'x-csrf-token': s.csrf.slice(0, -1) + (s.csrf.endsWith('A') ? 'B' : 'A') },
            { bsn: A },
          )
        ).json().code,
      ).toBe('csrf');
      const anderSessie = await sessie(g, 0);
      expect(
        (await verzoek('POST', '/api/vish/controle', s, { 'x-csrf-token': anderSessie.csrf }, { bsn: A })).statusCode,
      ).toBe(403);
      const met = await verzoek('POST', '/api/vish/controle', s, { 'x-csrf-token': s.csrf }, { bsn: A });
      expect(met.statusCode).toBe(200);
      expect(met.json()).toEqual({
        match: false,
        contacten: [],
        schuldenrustTot: null,
        schuldenrust: null,
        bewijs: expect.objectContaining({ referentie: expect.stringMatching(/^A-\d+$/), bsn: '****.**.333' }),
      });
      // The check is audited with the person as actor.
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actor_soort', 'actor_id'])
        .where('actie', 'like', 'vish.%')
        .where('actor_id', '=', g.id)
        .execute();
      expect(audit.length).toBeGreaterThan(0);
      expect(audit[0]!.actor_soort).toBe('gebruiker');
      // API keys need no CSRF token.
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/vish/controle', headers: dw.headers, payload: { bsn: A } }))
          .statusCode,
      ).toBe(200);
    });

    it('a session user of a signal partner gets 403 on the VISH check, even with CSRF', async () => {
      const g = await gebruiker(sp, 'signaalpartner-beheerder');
      const s = await sessie(g);
      const r = await verzoek('POST', '/api/vish/controle', s, { 'x-csrf-token': s.csrf }, { bsn: A });
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('geen_toegang');
    });

    it('logout ends the session: the same cookie replayed is refused', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      const s = await sessie(g);
      expect((await verzoek('POST', '/api/sessie/uitloggen', s)).json().code).toBe('csrf');
      const uit = await verzoek('POST', '/api/sessie/uitloggen', s, { 'x-csrf-token': s.csrf });
      expect(uit.statusCode).toBe(200);
      expect(String(uit.headers['set-cookie'])).toMatch(/sr_sessie=;/);
      expect((await verzoek('GET', '/api/sessie/ik', s)).statusCode).toBe(401);
      expect((await verzoek('POST', '/api/vish/controle', s, { 'x-csrf-token': s.csrf }, { bsn: A })).statusCode).toBe(
        401,
      );
    });

    it('logout everywhere ends all sessions of the user, not those of others', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      const ander = await gebruiker(dw, 'deurwaarder');
      const s1 = await sessie(g, -30);
      const s2 = await sessie(g, 0);
      const s3 = await sessie(ander);
      const r = await verzoek('POST', '/api/sessie/overal-uitloggen', s1, { 'x-csrf-token': s1.csrf });
      expect(r.json()).toEqual({ sessiesBeeindigd: 2 });
      expect((await verzoek('GET', '/api/sessie/ik', s1)).statusCode).toBe(401);
      expect((await verzoek('GET', '/api/sessie/ik', s2)).statusCode).toBe(401);
      expect((await verzoek('GET', '/api/sessie/ik', s3)).statusCode).toBe(200);
    });

    it('idle and absolute timeouts end a session', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      const db = t.ctx.db.kysely;
      // Idle: no request for 31 minutes.
      const s1 = await sessie(g, -30);
      expect((await verzoek('GET', '/api/sessie/ik', s1)).statusCode).toBe(200);
      await db
        .updateTable('sessies')
        .set({ laatst_actief_op: new Date(Date.now() - 31 * 60_000) })
        .where('gebruiker_id', '=', g.id)
        .execute();
      expect((await verzoek('GET', '/api/sessie/ik', s1)).statusCode).toBe(401);
      // Activity keeps a session alive past the idle window, but not past its absolute lifetime (12 h).
      const s2 = await sessie(g, 0);
      const start = Date.now();
      for (const minuten of [25, 50, 75]) {
        t.ctx.accounts.klok = () => new Date(start + minuten * 60_000);
        expect((await verzoek('GET', '/api/sessie/ik', s2)).statusCode).toBe(200);
      }
      t.ctx.accounts.klok = () => new Date(start + 12 * 3_600_000 + 1000);
      await db
        .updateTable('sessies')
        .set({ laatst_actief_op: new Date(start + 12 * 3_600_000 - 60_000) })
        .where('gebruiker_id', '=', g.id)
        .execute();
      const r = await verzoek('GET', '/api/sessie/ik', s2);
      expect(r.statusCode).toBe(401);
      expect(r.json().code).toBe('sessie_ongeldig');
    });

    it('a tampered or unknown cookie is refused, and does not block logging in again', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      const s = await sessie(g);
      const kapot = { cookies: { sr_sessie: s.token.slice(0, -1) + (s.token.endsWith('A') ? 'B' : 'A') } };
      expect((await verzoek('GET', '/api/sessie/ik', kapot)).statusCode).toBe(401);
      expect((await verzoek('GET', '/api/sessie/ik', { cookies: { sr_sessie: 'x' } })).statusCode).toBe(401);
      expect(
        (await verzoek('POST', '/api/vish/controle', kapot, { 'x-csrf-token': s.csrf }, { bsn: A })).statusCode,
      ).toBe(401);
      const nu = new Date();
      const opnieuw = await t.app.inject({
        method: 'POST',
        url: '/api/sessie/inloggen',
        cookies: kapot.cookies,
        payload: { email: g.email, wachtwoord: g.wachtwoord, code: await code(g.totpGeheim, nu, 30) },
      });
      expect(opnieuw.statusCode).toBe(200);
    });

    it('rollen on a route restricts people by role; machines are judged by organisation type only', async () => {
      const app = await buildApp(t.ctx);
      app.post(
        '/api/test/toewijzen',
        { config: { toegang: ['gemeente'], rollen: ['gemeente-coordinator'] } },
        async () => ({ ok: true }),
      );
      await app.ready();
      try {
        const medewerker = await sessie(await gebruiker(gm, 'gemeente-medewerker'));
        const coordinator = await sessie(await gebruiker(gm, 'gemeente-coordinator'));
        const post = (s: { cookies: Record<string, string>; csrf: string }) =>
          app.inject({
            method: 'POST',
            url: '/api/test/toewijzen',
            cookies: s.cookies,
            headers: { 'x-csrf-token': s.csrf },
          });
        expect((await post(medewerker)).statusCode).toBe(403);
        expect((await post(coordinator)).statusCode).toBe(200);
        expect((await app.inject({ method: 'POST', url: '/api/test/toewijzen', headers: gm.headers })).statusCode).toBe(
          200,
        );
      } finally {
        await app.close();
      }
    });

    it('a role must fit the organisation type', async () => {
      await expect(
        t.ctx.accounts.maakGebruiker(SYSTEEM, {
          organisatieId: sp.id,
          email: 'dw@sp.example',
          naam: 'X',
          rol: 'deurwaarder',
        }),
      ).rejects.toMatchObject({ status: 400 });
      await expect(
        t.ctx.accounts.maakGebruiker(SYSTEEM, {
          organisatieId: dw.id,
          email: 'bh@dw.example',
          naam: 'X',
          rol: 'beheerder',
        }),
      ).rejects.toMatchObject({ status: 400 });
    });

    it('rate limits login per account and per IP', async () => {
      for (let i = 0; i < 10; i++)
        expect(
          (await inloggen({ email: 'onbekend@test.example', wachtwoord: 'Wat-dan-ook-123' }, '123456', '10.0.0.1'))
            .statusCode,
        ).toBe(401);
      const te = await inloggen(
        { email: 'onbekend@test.example', wachtwoord: 'Wat-dan-ook-123' },
        '123456',
        '10.0.0.2',
      );
      expect(te.statusCode).toBe(429);
      expect(te.json().code).toBe('te_veel_pogingen');
      expect(te.json().title).toContain('15 minuten'); // the lock-out lasts 15 minutes, not "a minute"
      for (let i = 0; i < 50; i++)
        expect(
          (await inloggen({ email: `x${i}@test.example`, wachtwoord: 'Wat-dan-ook-123' }, '123456', '10.0.0.3'))
            .statusCode,
        ).toBe(401);
      expect(
        (await inloggen({ email: 'y@test.example', wachtwoord: 'Wat-dan-ook-123' }, '123456', '10.0.0.3')).statusCode,
      ).toBe(429);
    });

    it('stores no secret in plain form', async () => {
      const g = await gebruiker(dw, 'deurwaarder');
      const s = await sessie(g);
      const db = t.ctx.db.kysely;
      const rij = await db.selectFrom('gebruikers').selectAll().where('id', '=', g.id).executeTakeFirstOrThrow();
      expect(rij.wachtwoord_hash).toMatch(/^\$argon2id\$/);
      expect(rij.totp_geheim).not.toContain(g.totpGeheim);
      expect(rij.email).toBe(g.email.toLowerCase());
      const codes = await db.selectFrom('herstelcodes').select('hash').where('gebruiker_id', '=', g.id).execute();
      expect(codes).toHaveLength(10);
      for (const c of codes) expect(g.herstelcodes.map((h) => h.replace(/-/g, ''))).not.toContain(c.hash);
      const sessies = await db.selectFrom('sessies').select('id').where('gebruiker_id', '=', g.id).execute();
      expect(sessies.map((x) => x.id)).not.toContain(s.token);
      geheimen.push(s.token);
    });

    it('demo users can log in with the documented password and TOTP secret', async () => {
      const orgs = new Map<string, { id: string }>();
      for (const o of DEMO_ORGANISATIES)
        orgs.set(
          o.naam,
          await maakOrganisatie(t.ctx.db.kysely, { naam: o.naam, type: o.type, gemeentecode: o.gemeentecode ?? null }),
        );
      expect(await laadDemoGebruikers(t.ctx, orgs)).toBe(DEMO_GEBRUIKERS.length);
      expect(await laadDemoGebruikers(t.ctx, orgs)).toBe(0);
      const deurwaarder = DEMO_GEBRUIKERS.find((u) => u.rol === 'deurwaarder')!;
      const nu = new Date();
      t.ctx.accounts.klok = () => nu;
      const r = await inloggen(
        { email: deurwaarder.email, wachtwoord: DEMO_WACHTWOORD },
        await code(DEMO_TOTP_GEHEIM, nu),
      );
      expect(r.statusCode).toBe(200);
      expect(r.json().gebruiker.organisatie.naam).toBe('Gerechtsdeurwaarders Van Dijk');
    });
  });
}
