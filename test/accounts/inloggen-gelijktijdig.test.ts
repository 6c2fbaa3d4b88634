import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { MAX_MISLUKT, type NieuweGebruiker } from '../../src/modules/accounts/accounts.ts';
import { hashWachtwoord } from '../../src/modules/accounts/geheimen.ts';

const GENERIEK = 'inloggen_mislukt';
const code = (geheim: string, nu: Date, offsetSeconden = 0) =>
  generate({ secret: geheim, epoch: Math.floor(nu.getTime() / 1000) + offsetSeconden });
const mediaan = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Login under concurrency: one TOTP code, one session; lock-out counted atomically; no account enumeration. */
for (const kind of await databases()) {
  describe(`Login races and account enumeration on ${kind}`, () => {
    let t: TestOmgeving;
    let org: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let nr = 0;
    beforeAll(async () => {
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 1000, LOGIN_MAX_PER_ACCOUNT: 1000 });
      org = await t.organisatie('Deurwaarders Race', 'gerechtsdeurwaarder');
    });
    afterEach(() => {
      t.ctx.accounts.klok = () => new Date();
    });
    afterAll(async () => t?.sluit());

    const gebruiker = (): Promise<NieuweGebruiker> =>
      t.ctx.accounts.maakGebruiker(SYSTEEM, {
        organisatieId: org.id,
        email: `race${++nr}@test.example`,
        naam: `Race ${nr}`,
        rol: 'deurwaarder',
      });
    const inloggen = (email: string, wachtwoord: string, c: string) =>
      t.app.inject({ method: 'POST', url: '/api/sessie/inloggen', payload: { email, wachtwoord, code: c } });
    /** Password (and code) checks that were really made for this user, from the audit trail. */
    const gecontroleerd = async (id: string) =>
      Number(
        (
          await t.ctx.db.kysely
            .selectFrom('audit_log')
            .select(sql<number>`count(*)`.as('n'))
            .where('actie', '=', 'sessie.inloggen')
            .where('actor_id', '=', id)
            .where(sql<boolean>`details->>'reden' IN ('wachtwoord', 'code')`)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('one TOTP code sent 6 times at once opens exactly one session', async () => {
      const g = await gebruiker();
      const nu = new Date();
      t.ctx.accounts.klok = () => nu;
      const c = await code(g.totpGeheim, nu);
      const rs = await Promise.all(Array.from({ length: 6 }, () => inloggen(g.email, g.wachtwoord, c)));
      expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 401, 401, 401, 401, 401]);
      for (const r of rs.filter((x) => x.statusCode === 401)) expect(r.json().code).toBe(GENERIEK);
      const sessies = await t.ctx.db.kysely
        .selectFrom('sessies')
        .select('id')
        .where('gebruiker_id', '=', g.id)
        .execute();
      expect(sessies).toHaveLength(1);
    });

    it('9 wrong passwords at once: at most the limit is checked, then the account is locked', async () => {
      const g = await gebruiker();
      const rs = await Promise.all(
        Array.from({ length: 9 }, (_, i) => inloggen(g.email, `Verkeerd-wachtwoord-${i}`, '123456')),
      );
      expect(await gecontroleerd(g.id)).toBeLessThanOrEqual(MAX_MISLUKT);
      // Every answer is the same generic refusal.
      expect(new Set(rs.map((r) => `${r.statusCode} ${r.body}`)).size).toBe(1);
      expect(rs[0]!.statusCode).toBe(401);
      // Locked: even the right password and code are refused now (without being checked).
      const nu = new Date();
      t.ctx.accounts.klok = () => nu;
      const goed = await inloggen(g.email, g.wachtwoord, await code(g.totpGeheim, nu));
      expect(goed.statusCode).toBe(401);
      expect(await gecontroleerd(g.id)).toBeLessThanOrEqual(MAX_MISLUKT);
      const rij = await t.ctx.db.kysely
        .selectFrom('gebruikers')
        .select('geblokkeerd_tot')
        .where('id', '=', g.id)
        .executeTakeFirstOrThrow();
      expect(new Date(rij.geblokkeerd_tot!).getTime()).toBeGreaterThan(Date.now());
    });

    it('unknown address, locked account and wrong password answer alike, in similar time', async () => {
      const fout = await gebruiker();
      const geblokkeerd = await gebruiker();
      for (let i = 0; i < MAX_MISLUKT; i++) await inloggen(geblokkeerd.email, `Verkeerd-${i}-wachtwoord`, '123456');
      const nu = new Date();
      t.ctx.accounts.klok = () => nu;
      const goedeCode = await code(geblokkeerd.totpGeheim, nu);
      const pogingen = {
        onbekend: () => inloggen('niemand-hier@test.example', 'Een-wachtwoord-123', '123456'),
        geblokkeerd: () => inloggen(geblokkeerd.email, geblokkeerd.wachtwoord, goedeCode),
        wachtwoord: () => inloggen(fout.email, 'Verkeerd-wachtwoord-x', '123456'),
      };
      const tijden: Record<string, number[]> = { onbekend: [], geblokkeerd: [], wachtwoord: [], argon2: [] };
      const antwoorden = new Set<string>();
      const echt = t.ctx.accounts.wachtwoordControle;
      let controles = 0;
      t.ctx.accounts.wachtwoordControle = (phc, w) => {
        controles++;
        return echt(phc, w);
      };
      const phc = await hashWachtwoord('Een-ander-wachtwoord-1');
      try {
        // Interleaved, so load on the machine hits every kind alike. The wrong-password account stays below the
        // limit (3 attempts).
        for (let ronde = 0; ronde < 3; ronde++) {
          for (const [soort, poging] of Object.entries(pogingen)) {
            controles = 0;
            const start = performance.now();
            const r = await poging();
            tijden[soort]!.push(performance.now() - start);
            expect(controles, soort).toBe(1); // one argon2 verification on every path (real or dummy)
            const { date: _d, ...headers } = r.headers;
            antwoorden.add(JSON.stringify({ status: r.statusCode, body: r.body, headers }));
          }
          const start = performance.now();
          await echt(phc, 'Verkeerd-wachtwoord-x');
          tijden.argon2!.push(performance.now() - start);
        }
      } finally {
        t.ctx.accounts.wachtwoordControle = echt;
      }
      expect(antwoorden.size).toBe(1);
      expect(JSON.parse([...antwoorden][0]!).status).toBe(401);
      // None answers in a fraction of the time of one argon2 verification.
      const argon2 = mediaan(tijden.argon2!);
      for (const soort of Object.keys(pogingen)) expect(mediaan(tijden[soort]!), soort).toBeGreaterThan(0.6 * argon2);
    });
  });
}
