import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { onjuist } from '../../src/modules/accounts/accounts.ts';

type Org = Awaited<ReturnType<TestOmgeving['organisatie']>>;
interface Sessie {
  gebruikerId?: string;
  cookies: Record<string, string>;
  headers: Record<string, string>;
}
interface Nieuw {
  id: string;
  email: string;
  wachtwoord: string;
  totpGeheim: string;
  totpUri: string;
  herstelcodes: string[];
}

const GENERIEK = onjuist().publicMessage;

// The operator's user management over the API (screen: web/src/schermen/beheer/Gebruikers.tsx).
for (const kind of await databases()) {
  describe(`Operator: users on ${kind}`, () => {
    let t: TestOmgeving;
    let beheerOrg: Org;
    let gemeente: Org;
    let partner: Org;
    let beheer: Sessie;
    /** Every login moves the service clock 30 s on, so each TOTP code is a fresh one (a code works once). */
    let verschuiving = 0;
    const antwoorden: string[] = [];
    const geheimen: string[] = [];

    beforeAll(async () => {
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 500 });
      beheerOrg = await t.organisatie('Platformbeheer', 'beheerder');
      gemeente = await t.organisatie('Gemeente Testdorp', 'gemeente');
      partner = await t.organisatie('Woningcorporatie Test', 'signaalpartner');
      beheer = await sessieVoor(t, beheerOrg, 'beheerder');
    });
    afterAll(async () => {
      // No list answer ever carries a password hash, an encrypted TOTP secret, or a secret handed out earlier.
      const alles = antwoorden.join('\n');
      expect(alles).not.toMatch(/\$argon2|wachtwoord_hash|totp_geheim|v1\.[A-Za-z0-9_-]{16}\./);
      for (const g of geheimen) expect(alles).not.toContain(g);
      await t?.sluit();
    });

    const als = (s: Sessie) => ({ cookies: s.cookies, headers: s.headers });
    const post = (
      url: string,
      wie: { cookies?: Record<string, string>; headers: Record<string, string> } = als(beheer),
      payload: object = {},
    ) => t.app.inject({ method: 'POST', url, ...wie, payload });
    const lijst = async (organisatieId?: string) => {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/beheer/gebruikers${organisatieId ? `?organisatieId=${organisatieId}` : ''}`,
        ...als(beheer),
      });
      expect(r.statusCode).toBe(200);
      antwoorden.push(r.body);
      return r.json() as Array<{
        id: string;
        email: string;
        naam: string;
        rol: string;
        actief: boolean;
        geblokkeerdTot: string | null;
        laatsteLogin: string | null;
        organisatieNaam: string;
      }>;
    };
    const maak = async (email: string, org: Org = gemeente, rol = 'gemeente-coordinator') => {
      const r = await post('/api/beheer/gebruikers', als(beheer), {
        organisatieId: org.id,
        email,
        naam: `Naam ${email}`,
        rol,
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.headers['cache-control']).toBe('no-store');
      const g = r.json() as Nieuw;
      geheimen.push(g.wachtwoord, g.totpGeheim, ...g.herstelcodes);
      return g;
    };
    const klok = () => {
      verschuiving += 30;
      t.ctx.accounts.klok = () => new Date(Date.now() + verschuiving * 1000);
    };
    const totp = (geheim: string) => generate({ secret: geheim, epoch: Math.floor(Date.now() / 1000) + verschuiving });
    const inloggen = async (email: string, wachtwoord: string, code: string | (() => Promise<string>)) => {
      klok();
      const c = typeof code === 'string' ? code : await code();
      return t.app.inject({ method: 'POST', url: '/api/sessie/inloggen', payload: { email, wachtwoord, code: c } });
    };
    const sessieUit = (r: {
      cookies: Array<{ name: string; value: string }>;
      json: () => { csrfToken: string };
    }): Sessie => ({
      cookies: { sr_sessie: r.cookies.find((c) => c.name === 'sr_sessie')!.value },
      headers: { 'x-csrf-token': r.json().csrfToken },
    });
    const ik = async (s: Sessie) =>
      (await t.app.inject({ method: 'GET', url: '/api/sessie/ik', cookies: s.cookies })).statusCode;
    const audit = async (actie: string, onderwerp: string) =>
      t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actor_soort', 'actor_id', 'organisatie_id'])
        .where('actie', '=', actie)
        .where('onderwerp', '=', onderwerp)
        .execute();

    it('creates a user: the secrets once (no-store), the user logs in with them; the list shows no secret; audited with the operator as actor', async () => {
      const g = await maak('Nieuw.Medewerker@Testdorp.example');
      expect(g.email).toBe('nieuw.medewerker@testdorp.example');
      expect(g.wachtwoord.length).toBeGreaterThanOrEqual(12);
      expect(g.totpUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
      expect(g.herstelcodes).toHaveLength(10);
      const login = await inloggen(g.email, g.wachtwoord, () => totp(g.totpGeheim));
      expect(login.statusCode, login.body).toBe(200);

      const rijen = await lijst(gemeente.id);
      const rij = rijen.find((r) => r.id === g.id)!;
      expect(rij).toMatchObject({
        email: g.email,
        naam: 'Naam Nieuw.Medewerker@Testdorp.example',
        rol: 'gemeente-coordinator',
        actief: true,
        geblokkeerdTot: null,
        organisatieNaam: 'Gemeente Testdorp',
      });
      expect(rij.laatsteLogin).not.toBeNull();
      expect(Object.keys(rij).sort()).toEqual([
        'aangemaaktOp',
        'actief',
        'email',
        'geblokkeerdTot',
        'id',
        'laatsteLogin',
        'naam',
        'organisatieId',
        'organisatieNaam',
        'rol',
      ]);
      // Per organisation: the other organisation's list does not have this user; the full list does.
      expect((await lijst(partner.id)).map((r) => r.id)).not.toContain(g.id);
      expect((await lijst()).map((r) => r.id)).toContain(g.id);
      expect(await audit('gebruiker.aanmaken', g.id)).toEqual([
        { actor_soort: 'gebruiker', actor_id: beheer.gebruikerId, organisatie_id: beheerOrg.id },
      ]);
    });

    it('refuses a role that does not fit the organisation, a second user with the same e-mail, an unknown organisation', async () => {
      const fout = await post('/api/beheer/gebruikers', als(beheer), {
        organisatieId: partner.id,
        email: 'x@test.example',
        naam: 'X',
        rol: 'gemeente-medewerker',
      });
      expect(fout.statusCode).toBe(400);
      expect(fout.json().title).toContain('past niet bij');
      await maak('dubbel@test.example');
      const dubbel = await post('/api/beheer/gebruikers', als(beheer), {
        organisatieId: gemeente.id,
        email: 'DUBBEL@test.example',
        naam: 'Y',
        rol: 'gemeente-coordinator',
      });
      expect(dubbel.statusCode).toBe(409);
      expect(dubbel.json().title).toBe('Er bestaat al een gebruiker met dit e-mailadres.');
      const onbekend = await post('/api/beheer/gebruikers', als(beheer), {
        organisatieId: '00000000-0000-4000-8000-000000000000',
        email: 'z@test.example',
        naam: 'Z',
        rol: 'gemeente-medewerker',
      });
      expect(onbekend.statusCode).toBe(404);
      expect(
        (
          await post('/api/beheer/gebruikers', als(beheer), {
            organisatieId: gemeente.id,
            email: 'z@test.example',
            naam: 'Z',
          })
        ).statusCode,
      ).toBe(400);
      // The operator creates only an organisation's administrator; the organisation adds its own people.
      const werk = await post('/api/beheer/gebruikers', als(beheer), {
        organisatieId: gemeente.id,
        email: 'medewerker@test.example',
        naam: 'M',
        rol: 'gemeente-medewerker',
      });
      expect(werk.statusCode).toBe(400);
      expect(werk.json().code).toBe('alleen_beheerder');
    });

    it('unblocks a locked-out user', async () => {
      const g = await maak('geblokkeerd@test.example', partner, 'signaalpartner-beheerder');
      for (let i = 0; i < 4; i++)
        expect((await inloggen(g.email, 'fout-wachtwoord-123', '123456')).statusCode).toBe(401);
      // The fifth failure locks; a locked account gets the same answer as a wrong password.
      expect((await inloggen(g.email, 'fout-wachtwoord-123', '123456')).statusCode).toBe(401);
      expect((await inloggen(g.email, g.wachtwoord, () => totp(g.totpGeheim))).json().title).toBe(GENERIEK);
      expect((await lijst(partner.id)).find((r) => r.id === g.id)!.geblokkeerdTot).not.toBeNull();
      const r = await post(`/api/beheer/gebruikers/${g.id}/deblokkeren`);
      expect(r.statusCode).toBe(200);
      expect((await lijst(partner.id)).find((x) => x.id === g.id)!.geblokkeerdTot).toBeNull();
      expect((await inloggen(g.email, g.wachtwoord, () => totp(g.totpGeheim))).statusCode).toBe(200);
      expect(await audit('gebruiker.deblokkeren', g.id)).toEqual([
        { actor_soort: 'gebruiker', actor_id: beheer.gebruikerId, organisatie_id: beheerOrg.id },
      ]);
      expect((await post('/api/beheer/gebruikers/00000000-0000-4000-8000-000000000000/deblokkeren')).statusCode).toBe(
        404,
      );
    });

    it('resets TOTP (old secret and sessions stop working) and hands out new recovery codes (old ones stop working)', async () => {
      const g = await maak('totp@test.example');
      const login = await inloggen(g.email, g.wachtwoord, () => totp(g.totpGeheim));
      const sessie = sessieUit(login);
      expect(await ik(sessie)).toBe(200);

      const reset = await post(`/api/beheer/gebruikers/${g.id}/totp-reset`);
      expect(reset.statusCode).toBe(200);
      expect(reset.headers['cache-control']).toBe('no-store');
      const nieuw = reset.json() as { totpGeheim: string; totpUri: string };
      geheimen.push(nieuw.totpGeheim);
      expect(nieuw.totpGeheim).not.toBe(g.totpGeheim);
      expect(nieuw.totpUri).toContain(nieuw.totpGeheim);
      expect(await ik(sessie)).toBe(401);
      expect((await inloggen(g.email, g.wachtwoord, () => totp(g.totpGeheim))).json().title).toBe(GENERIEK);
      expect((await inloggen(g.email, g.wachtwoord, () => totp(nieuw.totpGeheim))).statusCode).toBe(200);
      expect(await audit('gebruiker.totp-reset', g.id)).toHaveLength(1);

      const codes = await post(`/api/beheer/gebruikers/${g.id}/herstelcodes`);
      expect(codes.statusCode).toBe(200);
      expect(codes.headers['cache-control']).toBe('no-store');
      const nieuweCodes = codes.json().herstelcodes as string[];
      geheimen.push(...nieuweCodes);
      expect(nieuweCodes).toHaveLength(10);
      expect(nieuweCodes.some((c) => g.herstelcodes.includes(c))).toBe(false);
      expect((await inloggen(g.email, g.wachtwoord, g.herstelcodes[0]!)).statusCode).toBe(401);
      expect((await inloggen(g.email, g.wachtwoord, nieuweCodes[0]!)).statusCode).toBe(200);
      expect(await audit('gebruiker.herstelcodes', g.id)).toEqual([
        { actor_soort: 'gebruiker', actor_id: beheer.gebruikerId, organisatie_id: beheerOrg.id },
      ]);
      for (const pad of ['totp-reset', 'herstelcodes']) {
        expect((await post(`/api/beheer/gebruikers/00000000-0000-4000-8000-000000000000/${pad}`)).statusCode).toBe(404);
      }
    });

    it('deactivates a user: the live session ends at once, login is refused with the usual message; activating lets it in again', async () => {
      const g = await maak('vertrekt@test.example');
      const sessie = sessieUit(await inloggen(g.email, g.wachtwoord, () => totp(g.totpGeheim)));
      expect(await ik(sessie)).toBe(200);

      const r = await post(`/api/beheer/gebruikers/${g.id}/deactiveren`);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ actief: false, sessiesBeeindigd: 1 });
      expect(await ik(sessie)).toBe(401);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/beheer/gebruikers', cookies: sessie.cookies })).statusCode,
      ).toBe(401);
      const geweigerd = await inloggen(g.email, g.wachtwoord, () => totp(g.totpGeheim));
      expect(geweigerd.statusCode).toBe(401);
      expect(geweigerd.json().title).toBe(GENERIEK);
      expect((await inloggen(g.email, g.wachtwoord, g.herstelcodes[0]!)).statusCode).toBe(401);
      expect((await lijst(gemeente.id)).find((x) => x.id === g.id)!.actief).toBe(false);
      expect(await audit('gebruiker.deactiveren', g.id)).toEqual([
        { actor_soort: 'gebruiker', actor_id: beheer.gebruikerId, organisatie_id: beheerOrg.id },
      ]);

      expect((await post(`/api/beheer/gebruikers/${g.id}/activeren`)).json()).toEqual({
        actief: true,
        sessiesBeeindigd: 0,
      });
      expect((await inloggen(g.email, g.wachtwoord, () => totp(g.totpGeheim))).statusCode).toBe(200);
      expect(await audit('gebruiker.activeren', g.id)).toHaveLength(1);
    });

    it('the operator cannot deactivate the own account; an unknown user is "not found"', async () => {
      const eigen = await post(`/api/beheer/gebruikers/${beheer.gebruikerId}/deactiveren`);
      expect(eigen.statusCode).toBe(409);
      expect(eigen.json().title).toContain('eigen account');
      expect(await ik(beheer)).toBe(200);
      expect((await post('/api/beheer/gebruikers/00000000-0000-4000-8000-000000000000/deactiveren')).statusCode).toBe(
        404,
      );
      expect((await post('/api/beheer/gebruikers/geen-uuid/deactiveren')).statusCode).toBe(400);
    });

    it('no other role gets in: a municipality worker, a signal partner (person and API key), a municipality API key: 403, nothing changed', async () => {
      const doel = await maak('doelwit@test.example');
      const voor = JSON.stringify(await lijst());
      t.ctx.accounts.klok = () => new Date(); // sessieVoor computes its code at the real time
      const mensen = [
        await sessieVoor(t, gemeente, 'gemeente-medewerker'),
        await sessieVoor(t, gemeente, 'gemeente-coordinator'),
        await sessieVoor(t, partner, 'signaalpartner-beheerder'),
        await sessieVoor(t, gemeente, 'functionaris-gegevensbescherming'),
      ];
      const wie = [...mensen.map(als), { headers: gemeente.headers }, { headers: partner.headers }];
      for (const w of wie) {
        expect((await t.app.inject({ method: 'GET', url: '/api/beheer/gebruikers', ...w })).statusCode).toBe(403);
        expect(
          (
            await post('/api/beheer/gebruikers', w, {
              organisatieId: gemeente.id,
              email: 'inbreker@test.example',
              naam: 'I',
              rol: 'gemeente-coordinator',
            })
          ).statusCode,
        ).toBe(403);
        for (const pad of ['deblokkeren', 'totp-reset', 'herstelcodes', 'deactiveren', 'activeren']) {
          expect((await post(`/api/beheer/gebruikers/${doel.id}/${pad}`, w)).statusCode, pad).toBe(403);
        }
      }
      // The list counts the four session users made above; nothing else changed.
      const na = (await lijst()).filter((r) => !mensen.some((m) => m.gebruikerId === r.id));
      expect(JSON.stringify(na.map(({ laatsteLogin: _, ...r }) => r))).toBe(
        JSON.stringify((JSON.parse(voor) as typeof na).map(({ laatsteLogin: _, ...r }) => r)),
      );
      expect((await inloggen(doel.email, doel.wachtwoord, () => totp(doel.totpGeheim))).statusCode).toBe(200);
    });
  });
}
