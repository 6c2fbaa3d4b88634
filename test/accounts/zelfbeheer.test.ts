import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { mailbox, type Mailbox } from '../helpers/ontvangers.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { onjuist } from '../../src/modules/accounts/accounts.ts';
import { ruimSessiesOp } from '../../src/modules/accounts/index.ts';

type Org = Awaited<ReturnType<TestOmgeving['organisatie']>>;
interface Sessie {
  cookies: Record<string, string>;
  headers: Record<string, string>;
}

const GENERIEK = onjuist().publicMessage;
const WACHTWOORD = /eenmalige wachtwoord: (\S+)/;
const HERSTELLINK = /\/wachtwoord-herstellen#([A-Za-z0-9_-]{43})/;

// Self-service accounts (issue 14): the operator invites an organisation's first administrator; the administrator
// invites, re-roles and deactivates its own people; one-time passwords, TOTP enrolment, password change and reset.
for (const kind of await databases()) {
  describe(`Self-service accounts on ${kind}`, () => {
    let t: TestOmgeving;
    let post: Mailbox;
    let beheer: Sessie;
    let ander: Sessie;
    let gemeente: Org;
    let anderGemeente: Org;
    /** Every TOTP use moves the service clock 30 s on, so each code is a fresh one (a code works once). */
    let verschuiving = 0;

    beforeAll(async () => {
      post = await mailbox();
      t = await testOmgeving(kind, { SMTP_URL: post.url, LOGIN_MAX_PER_IP: 500 });
      const beheerOrg = await t.organisatie('Platformbeheer', 'beheerder');
      gemeente = await t.organisatie('Gemeente Nieuwdorp', 'gemeente');
      anderGemeente = await t.organisatie('Gemeente Anderdorp', 'gemeente');
      beheer = await sessieVoor(t, beheerOrg, 'beheerder');
      ander = await sessieVoor(t, anderGemeente, 'gemeente-coordinator');
    });
    afterAll(async () => {
      // Account mails carry no resident's data.
      expect(post?.vondsten ?? []).toEqual([]);
      await t?.sluit();
      await post?.sluit();
    });

    const stap = () => {
      verschuiving += 30;
      t.ctx.accounts.klok = () => new Date(Date.now() + verschuiving * 1000);
    };
    const totp = (geheim: string) => generate({ secret: geheim, epoch: Math.floor(Date.now() / 1000) + verschuiving });
    const verzoek = (
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      wie?: Sessie | { headers: Record<string, string> },
      payload?: object,
    ) => t.app.inject({ method, url, ...(wie ?? {}), ...(payload ? { payload } : {}) });
    const inloggen = (email: string, wachtwoord: string, code?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/sessie/inloggen',
        payload: { email, wachtwoord, ...(code ? { code } : {}) },
      });
    const sessieUit = (r: {
      cookies: Array<{ name: string; value: string }>;
      json: () => { csrfToken: string };
    }): Sessie => ({
      cookies: { sr_sessie: r.cookies.find((c) => c.name === 'sr_sessie')!.value },
      headers: { 'x-csrf-token': r.json().csrfToken },
    });
    const ik = (s: Sessie) => verzoek('GET', '/api/sessie/ik', s);
    /** An invited user completes the first login: change the one-time password, enrol TOTP. */
    const activeer = async (email: string, eenmalig: string, nieuw: string) => {
      const r = await inloggen(email, eenmalig);
      expect(r.statusCode, r.body).toBe(200);
      const s = sessieUit(r);
      expect((await verzoek('POST', '/api/sessie/wachtwoord', s, { huidig: eenmalig, nieuw })).statusCode).toBe(200);
      const start = (await verzoek('POST', '/api/sessie/totp/start', s, {})).json() as { geheim: string };
      stap();
      const ok = await verzoek('POST', '/api/sessie/totp/bevestigen', s, { code: await totp(start.geheim) });
      expect(ok.statusCode, ok.body).toBe(200);
      return { sessie: s, geheim: start.geheim };
    };

    let beheerder: { email: string; wachtwoord: string; geheim: string; sessie: Sessie };
    let collega: { id: string; email: string; sessie: Sessie };

    it('the operator invites a new municipality’s first administrator: a Dutch mail with a one-time password; a second is refused', async () => {
      const r = await verzoek('POST', '/api/beheer/gebruikers/eerste-beheerder', beheer, {
        organisatieId: gemeente.id,
        email: 'Beheer@Nieuwdorp.example',
        naam: 'Bea Beheer',
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.headers['cache-control']).toBe('no-store');
      const u = r.json();
      expect(u).toMatchObject({
        email: 'beheer@nieuwdorp.example',
        rol: 'gemeente-coordinator',
        uitnodigingVerstuurd: true,
      });
      // Sent by mail: the password is not in the answer.
      expect(u.eenmaligWachtwoord).toBeUndefined();
      const mail = await post.wacht('beheer@nieuwdorp.example', /nieuwe account/);
      expect(mail.tekst).toContain('Gemeente Nieuwdorp heeft een account voor u gemaakt');
      expect(mail.tekst).not.toContain('Bea Beheer');
      const wachtwoord = WACHTWOORD.exec(mail.tekst)![1]!;
      beheerder = { email: u.email, wachtwoord, geheim: '', sessie: { cookies: {}, headers: {} } };

      const nogEen = await verzoek('POST', '/api/beheer/gebruikers/eerste-beheerder', beheer, {
        organisatieId: gemeente.id,
        email: 'tweede@nieuwdorp.example',
        naam: 'Tweede',
      });
      expect(nogEen.statusCode).toBe(409);
      expect(nogEen.json().code).toBe('heeft_beheerder');
      // Not the municipality itself, nor its API key.
      const zelf = await verzoek(
        'POST',
        '/api/beheer/gebruikers/eerste-beheerder',
        { headers: gemeente.headers },
        {
          organisatieId: anderGemeente.id,
          email: 'x@anderdorp.example',
          naam: 'X',
        },
      );
      expect(zelf.statusCode).toBe(403);
    });

    it('a one-time password opens a session that can only change it, then only enrol TOTP; then the code is needed', async () => {
      // A code is not needed (none is set up); a wrong password still gets the one answer.
      expect((await inloggen(beheerder.email, 'fout-wachtwoord-123')).json().title).toBe(GENERIEK);
      const r = await inloggen(beheerder.email, beheerder.wachtwoord);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().gebruiker.beperking).toBe('wachtwoord-wijzigen');
      const s = sessieUit(r);
      const geweigerd = await verzoek('GET', '/api/organisatie/gebruikers', s);
      expect(geweigerd.statusCode).toBe(403);
      expect(geweigerd.json().code).toBe('wachtwoord_wijzigen');
      expect((await verzoek('POST', '/api/sessie/totp/start', s, {})).json().code).toBe('wachtwoord_wijzigen');

      // Refusals: wrong current password, too short, the same one.
      const fout = await verzoek('POST', '/api/sessie/wachtwoord', s, {
        huidig: 'niet-het-goede-1',
        nieuw: 'een-goed-nieuw-wachtwoord',
      });
      expect(fout.statusCode).toBe(400);
      expect(fout.json().code).toBe('huidig_wachtwoord_onjuist');
      const kort = await verzoek('POST', '/api/sessie/wachtwoord', s, { huidig: beheerder.wachtwoord, nieuw: 'kort' });
      expect(kort.statusCode).toBe(400);
      expect(kort.json().title).toMatch(/minstens 12 tekens/);
      const zelfde = await verzoek('POST', '/api/sessie/wachtwoord', s, {
        huidig: beheerder.wachtwoord,
        nieuw: beheerder.wachtwoord,
      });
      expect(zelfde.statusCode).toBe(400);
      expect((await ik(s)).json().gebruiker.beperking).toBe('wachtwoord-wijzigen');

      const nieuw = 'Nieuwdorp-beheer-2026!';
      expect(
        (await verzoek('POST', '/api/sessie/wachtwoord', s, { huidig: beheerder.wachtwoord, nieuw })).statusCode,
      ).toBe(200);
      beheerder.wachtwoord = nieuw;
      expect((await ik(s)).json().gebruiker.beperking).toBe('totp-instellen');
      expect((await verzoek('GET', '/api/organisatie/gebruikers', s)).json().code).toBe('totp_instellen');

      // Enrolment: a QR code (SVG data URL) and the secret as text; only a valid code of the new secret completes it.
      const start = await verzoek('POST', '/api/sessie/totp/start', s, {});
      expect(start.statusCode, start.body).toBe(200);
      expect(start.headers['cache-control']).toBe('no-store');
      const { geheim, qrCode, uri } = start.json() as { geheim: string; qrCode: string; uri: string };
      expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(qrCode.split(',')[1]!, 'base64').toString()).toContain('<svg');
      expect(uri).toContain(`secret=${geheim}`);
      const foutCode = await verzoek('POST', '/api/sessie/totp/bevestigen', s, { code: '000000' });
      expect(foutCode.statusCode).toBe(400);
      expect(foutCode.json().code).toBe('code_onjuist');
      expect((await ik(s)).json().gebruiker.beperking).toBe('totp-instellen');
      stap();
      const ok = await verzoek('POST', '/api/sessie/totp/bevestigen', s, { code: await totp(geheim) });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().herstelcodes).toHaveLength(10);
      expect((await ik(s)).json().gebruiker.beperking).toBeNull();
      expect((await verzoek('GET', '/api/organisatie/gebruikers', s)).statusCode).toBe(200);
      // The secret is stored encrypted, never in clear.
      const rij = await t.ctx.db.kysely
        .selectFrom('gebruikers')
        .select(['totp_geheim', 'totp_voorlopig'])
        .where('email', '=', beheerder.email)
        .executeTakeFirstOrThrow();
      expect(rij.totp_geheim).not.toContain(geheim);
      expect(rij.totp_voorlopig).toBeNull();

      // From now on the password alone is not enough.
      stap();
      expect((await inloggen(beheerder.email, beheerder.wachtwoord)).json().title).toBe(GENERIEK);
      stap();
      const volledig = await inloggen(beheerder.email, beheerder.wachtwoord, await totp(geheim));
      expect(volledig.statusCode, volledig.body).toBe(200);
      expect(volledig.json().gebruiker.beperking).toBeNull();
      beheerder.geheim = geheim;
      beheerder.sessie = sessieUit(volledig);

      // Setting up a new app while one is set up needs the current password.
      const zonder = await verzoek('POST', '/api/sessie/totp/start', beheerder.sessie, {});
      expect(zonder.json().code).toBe('huidig_wachtwoord_onjuist');
      const bevestigZonderStart = await verzoek('POST', '/api/sessie/totp/bevestigen', beheerder.sessie, {
        code: '123456',
      });
      expect(bevestigZonderStart.statusCode).toBe(409);
    });

    it('the administrator invites a colleague within the roles of a municipality; the colleague logs in with the mail', async () => {
      const s = beheerder.sessie;
      const lijst = (await verzoek('GET', '/api/organisatie/gebruikers', s)).json();
      expect(lijst.rollen).toEqual([
        'gemeente-medewerker',
        'gemeente-coordinator',
        'schuldhulpverlener',
        'functionaris-gegevensbescherming',
      ]);
      for (const rol of ['beheerder', 'deurwaarder', 'organisatie-beheerder', 'signaalpartner-beheerder']) {
        const r = await verzoek('POST', '/api/organisatie/gebruikers', s, {
          email: `${rol}@nieuwdorp.example`,
          naam: 'X',
          rol,
        });
        expect(r.statusCode, rol).toBe(400);
        expect(r.json().code).toBe('rol_niet_toegestaan');
      }
      const r = await verzoek('POST', '/api/organisatie/gebruikers', s, {
        email: 'collega@nieuwdorp.example',
        naam: 'Cor Collega',
        rol: 'gemeente-medewerker',
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toEqual({
        id: expect.any(String),
        email: 'collega@nieuwdorp.example',
        uitnodigingVerstuurd: true,
      });
      const dubbel = await verzoek('POST', '/api/organisatie/gebruikers', s, {
        email: 'collega@nieuwdorp.example',
        naam: 'Y',
        rol: 'gemeente-medewerker',
      });
      expect(dubbel.statusCode).toBe(409);
      const mail = await post.wacht('collega@nieuwdorp.example', /nieuwe account/);
      const eenmalig = WACHTWOORD.exec(mail.tekst)![1]!;
      const a = await activeer('collega@nieuwdorp.example', eenmalig, 'Collega-wachtwoord-2026');
      collega = { id: r.json().id, email: 'collega@nieuwdorp.example', sessie: a.sessie };
      const mens = (await ik(a.sessie)).json().gebruiker;
      expect(mens).toMatchObject({ rol: 'gemeente-medewerker', beheerder: false, organisatie: { id: gemeente.id } });
      const lijst2 = (await verzoek('GET', '/api/organisatie/gebruikers', s)).json();
      expect(lijst2.gebruikers.map((g: { email: string }) => g.email).sort()).toEqual([
        'beheer@nieuwdorp.example',
        'collega@nieuwdorp.example',
      ]);
      expect(JSON.stringify(lijst2)).not.toMatch(/\$argon2|totp|wachtwoord/);
    });

    it('refuses a non-administrator, an API key, another organisation’s administrator and the administrator’s own account', async () => {
      // The colleague (no administrator): 403 on every route.
      for (const [m, url, body] of [
        ['GET', '/api/organisatie/gebruikers', undefined],
        [
          'POST',
          '/api/organisatie/gebruikers',
          { email: 'z@nieuwdorp.example', naam: 'Z', rol: 'gemeente-medewerker' },
        ],
        ['PUT', `/api/organisatie/gebruikers/${collega.id}/rol`, { rol: 'gemeente-coordinator' }],
        ['POST', `/api/organisatie/gebruikers/${collega.id}/deactiveren`, {}],
      ] as const) {
        expect((await verzoek(m, url, collega.sessie, body)).statusCode, `${m} ${url}`).toBe(403);
        expect((await verzoek(m, url, { headers: gemeente.headers }, body)).statusCode, `key ${m} ${url}`).toBe(403);
      }
      // Another municipality's administrator: the colleague is not found there.
      expect(
        (await verzoek('POST', `/api/organisatie/gebruikers/${collega.id}/deactiveren`, ander, {})).statusCode,
      ).toBe(404);
      expect(
        (await verzoek('PUT', `/api/organisatie/gebruikers/${collega.id}/rol`, ander, { rol: 'gemeente-coordinator' }))
          .statusCode,
      ).toBe(404);
      expect(JSON.stringify((await verzoek('GET', '/api/organisatie/gebruikers', ander)).json())).not.toContain(
        'nieuwdorp',
      );
      // Its own account: 409.
      const eigenId = (await ik(beheerder.sessie)).json().gebruiker.id as string;
      expect(
        (await verzoek('POST', `/api/organisatie/gebruikers/${eigenId}/deactiveren`, beheerder.sessie, {})).statusCode,
      ).toBe(409);
      expect(
        (
          await verzoek('PUT', `/api/organisatie/gebruikers/${eigenId}/rol`, beheerder.sessie, {
            rol: 'gemeente-medewerker',
          })
        ).statusCode,
      ).toBe(409);
      // A role that does not fit the municipality.
      const rol = await verzoek('PUT', `/api/organisatie/gebruikers/${collega.id}/rol`, beheerder.sessie, {
        rol: 'wijkteam',
      });
      expect(rol.statusCode).toBe(400);
      expect((await ik(collega.sessie)).json().gebruiker.rol).toBe('gemeente-medewerker');
    });

    it('re-roles and deactivates a colleague: the new role counts at once, deactivation ends the sessions', async () => {
      const s = beheerder.sessie;
      const r = await verzoek('PUT', `/api/organisatie/gebruikers/${collega.id}/rol`, s, {
        rol: 'gemeente-coordinator',
      });
      expect(r.statusCode, r.body).toBe(200);
      expect((await ik(collega.sessie)).json().gebruiker).toMatchObject({
        rol: 'gemeente-coordinator',
        beheerder: true,
      });
      const uit = await verzoek('POST', `/api/organisatie/gebruikers/${collega.id}/deactiveren`, s, {});
      expect(uit.json()).toEqual({ actief: false, sessiesBeeindigd: 1 });
      expect((await ik(collega.sessie)).statusCode).toBe(401);
      expect((await verzoek('POST', `/api/organisatie/gebruikers/${collega.id}/activeren`, s, {})).json().actief).toBe(
        true,
      );
    });

    it('password change: other sessions end, this one goes on; the old password stops working', async () => {
      stap();
      const tweede = sessieUit(await inloggen(beheerder.email, beheerder.wachtwoord, await totp(beheerder.geheim)));
      const nieuw = 'Nog-een-nieuw-wachtwoord-7';
      const r = await verzoek('POST', '/api/sessie/wachtwoord', beheerder.sessie, {
        huidig: beheerder.wachtwoord,
        nieuw,
      });
      // The second one and the first, restricted session of the one-time password.
      expect(r.json()).toEqual({ gewijzigd: true, sessiesBeeindigd: 2 });
      expect((await ik(beheerder.sessie)).statusCode).toBe(200);
      expect((await ik(tweede)).statusCode).toBe(401);
      stap();
      expect((await inloggen(beheerder.email, beheerder.wachtwoord, await totp(beheerder.geheim))).statusCode).toBe(
        401,
      );
      beheerder.wachtwoord = nieuw;
    });

    it('password reset by mail: the same answer for any address, a hashed single-use token for 30 minutes, all sessions end', async () => {
      const vraag = (email: string, ip = '10.0.0.1') =>
        t.app.inject({ method: 'POST', url: '/api/sessie/wachtwoord-vergeten', payload: { email }, remoteAddress: ip });
      const onbekend = await vraag('niemand@nieuwdorp.example');
      const bekend = await vraag('Beheer@Nieuwdorp.example');
      expect(onbekend.statusCode).toBe(202);
      expect(bekend.statusCode).toBe(202);
      expect(bekend.body).toBe(onbekend.body);
      await Promise.all(t.ctx.accounts.verzonden);
      const mail = await post.wacht('beheer@nieuwdorp.example', /nieuw wachtwoord/);
      expect(post.mails.some((m) => m.aan.includes('niemand@nieuwdorp.example'))).toBe(false);
      const token = HERSTELLINK.exec(mail.tekst)![1]!;
      expect(mail.tekst).toMatch(/30 minuten/);
      // Stored only as a hash.
      const rijen = await t.ctx.db.kysely.selectFrom('wachtwoord_herstel').selectAll().execute();
      expect(JSON.stringify(rijen)).not.toContain(token);

      const herstel = (tok: string, nieuw: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/sessie/wachtwoord-herstellen',
          payload: { token: tok, nieuw },
          remoteAddress: '10.0.0.2',
        });
      expect((await herstel(token, 'kort')).statusCode).toBe(400);
      expect((await herstel('x'.repeat(43), 'Een-goed-wachtwoord-99')).json().code).toBe('herstellink_ongeldig');
      const ok = await herstel(token, 'Hersteld-wachtwoord-2026');
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await ik(beheerder.sessie)).statusCode).toBe(401);
      // Single use.
      expect((await herstel(token, 'Nog-een-wachtwoord-2026')).json().code).toBe('herstellink_ongeldig');
      stap();
      expect((await inloggen(beheerder.email, beheerder.wachtwoord, await totp(beheerder.geheim))).statusCode).toBe(
        401,
      );
      stap();
      const nu = await inloggen(beheerder.email, 'Hersteld-wachtwoord-2026', await totp(beheerder.geheim));
      expect(nu.statusCode, nu.body).toBe(200);
      beheerder.wachtwoord = 'Hersteld-wachtwoord-2026';
      beheerder.sessie = sessieUit(nu);

      // Expired after 30 minutes (and a new link ends the earlier one).
      expect((await vraag('beheer@nieuwdorp.example', '10.0.0.3')).statusCode).toBe(202);
      await Promise.all(t.ctx.accounts.verzonden);
      const tweedeMail = await vachtNieuw(post, 'beheer@nieuwdorp.example', mail.tekst);
      const token2 = HERSTELLINK.exec(tweedeMail)![1]!;
      const klok = t.ctx.accounts.klok;
      t.ctx.accounts.klok = () => new Date(klok().getTime() + 31 * 60_000);
      expect((await herstel(token2, 'Te-laat-wachtwoord-2026')).json().code).toBe('herstellink_ongeldig');
      t.ctx.accounts.klok = klok;
    });

    it('no reset mail for a deactivated account or one of a suspended organisation: the same answer as an unknown address', async () => {
      const maak = async (organisatieId: string, email: string) =>
        t.ctx.accounts.maakGebruiker(SYSTEEM, {
          organisatieId,
          email,
          naam: 'Niet Actief',
          rol: 'gemeente-medewerker',
        });
      const uit = await maak(gemeente.id, 'uitgezet@nieuwdorp.example');
      await t.ctx.db.kysely.updateTable('gebruikers').set({ actief: false }).where('id', '=', uit.id).execute();
      const geschorst = await t.organisatie('Gemeente Geschorst', 'gemeente');
      await maak(geschorst.id, 'medewerker@geschorst.example');
      await t.ctx.db.kysely
        .updateTable('organisaties')
        .set({ status: 'geschorst' })
        .where('id', '=', geschorst.id)
        .execute();
      const vraag = (email: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/sessie/wachtwoord-vergeten',
          payload: { email },
          remoteAddress: '10.7.7.7',
        });
      const onbekend = await vraag('niemand-anders@nieuwdorp.example');
      for (const email of ['uitgezet@nieuwdorp.example', 'medewerker@geschorst.example']) {
        const r = await vraag(email);
        expect([r.statusCode, r.body]).toEqual([onbekend.statusCode, onbekend.body]);
      }
      await Promise.all(t.ctx.accounts.verzonden);
      // A mail that would go out is sent at once (the tests above wait for it the same way): none arrived.
      await new Promise((r) => setTimeout(r, 300));
      for (const adres of ['uitgezet@nieuwdorp.example', 'medewerker@geschorst.example'])
        expect(post.mails.some((m) => m.aan.includes(adres))).toBe(false);
    });

    it('rate limits reset requests: a few mails per address (same answer after), 429 per address of the caller', async () => {
      const voor = post.mails.filter(
        (m) => m.aan.includes('collega@nieuwdorp.example') && /nieuw wachtwoord/.test(m.onderwerp),
      ).length;
      const antwoorden: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/sessie/wachtwoord-vergeten',
          payload: { email: 'collega@nieuwdorp.example' },
          remoteAddress: `10.1.0.${i}`,
        });
        antwoorden.push(r.statusCode);
      }
      expect(antwoorden).toEqual([202, 202, 202, 202, 202]);
      await Promise.all(t.ctx.accounts.verzonden);
      await new Promise((r) => setTimeout(r, 300));
      const na = post.mails.filter(
        (m) => m.aan.includes('collega@nieuwdorp.example') && /nieuw wachtwoord/.test(m.onderwerp),
      ).length;
      expect(na - voor).toBe(3);
      let laatste = 0;
      for (let i = 0; i < 300 && laatste !== 429; i++) {
        laatste = (
          await t.app.inject({
            method: 'POST',
            url: '/api/sessie/wachtwoord-vergeten',
            payload: { email: `n${i}@x.example` },
            remoteAddress: '10.2.0.1',
          })
        ).statusCode;
      }
      expect(laatste).toBe(429);
    });

    it('the sessions purge removes reset links that expired before its limit, not live ones', async () => {
      const aantal = async () =>
        Number(
          (
            await t.ctx.db.kysely
              .selectFrom('wachtwoord_herstel')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await aantal()).toBeGreaterThan(0);
      await ruimSessiesOp(t.ctx.db.kysely, new Date(Date.now() - 3_600_000));
      expect(await aantal()).toBeGreaterThan(0);
      await ruimSessiesOp(t.ctx.db.kysely, new Date(Date.now() + 3_600_000));
      expect(await aantal()).toBe(0);
    });

    it('an invitation’s one-time password works for 7 days; after that the login says so and what to do', async () => {
      const r = await verzoek('POST', '/api/organisatie/gebruikers', beheerder.sessie, {
        email: 'laat@nieuwdorp.example',
        naam: 'Lot Laat',
        rol: 'gemeente-medewerker',
      });
      expect(r.statusCode, r.body).toBe(201);
      const mail = await post.wacht('laat@nieuwdorp.example', /nieuwe account/);
      expect(mail.tekst).toMatch(/Dit wachtwoord werkt tot \d{1,2} [a-z]+ \d{4} om \d{2}:\d{2} uur/);
      const eenmalig = WACHTWOORD.exec(mail.tekst)![1]!;
      const klok = t.ctx.accounts.klok;
      try {
        t.ctx.accounts.klok = () => new Date(Date.now() + verschuiving * 1000 + 7 * 86_400_000 + 60_000);
        const verlopen = await inloggen('laat@nieuwdorp.example', eenmalig);
        expect(verlopen.statusCode).toBe(401);
        expect(verlopen.json()).toMatchObject({ code: 'eenmalig_wachtwoord_verlopen' });
        expect(verlopen.json().title).toContain('Wachtwoord vergeten');
        // A wrong password still gets the one general answer: the expiry says nothing to someone guessing.
        expect((await inloggen('laat@nieuwdorp.example', 'fout-wachtwoord-123')).json().title).toBe(GENERIEK);
        t.ctx.accounts.klok = () => new Date(Date.now() + verschuiving * 1000 + 6 * 86_400_000);
        expect((await inloggen('laat@nieuwdorp.example', eenmalig)).statusCode).toBe(200);
      } finally {
        t.ctx.accounts.klok = klok;
      }
    });
  });
}

/** Waits for a mail to `aan` whose text differs from `vorige`. */
async function vachtNieuw(post: Mailbox, aan: string, vorige: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const m = [...post.mails]
      .reverse()
      .find((x) => x.aan.includes(aan) && x.tekst !== vorige && /nieuw wachtwoord/.test(x.onderwerp));
    if (m) return m.tekst;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no new mail');
}
