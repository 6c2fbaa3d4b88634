import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { gemeenteOrg, laadGemeenten } from '../helpers/fixtures/vroegsignalering.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { begin, doorlopProvider, inwonerSessie, lokaleProvider, terug } from '../helpers/oidc-inwoner.ts';
import { DEMO_INWONERS, type LokaleOidc } from '../../src/modules/pauzeknop/index.ts';
import { deadlineVoor } from '../../src/shared/werkdagen.ts';
import { maak, traject } from '../helpers/fixtures/trajecten.ts';
import { vandaag } from '../../src/shared/datum.ts';

type Sessie = { cookies: Record<string, string>; headers: Record<string, string> };
const TOESTEMMING = '2026-12-v1';
const aanvraag = (extra: Record<string, unknown> = {}) => ({
  postcode: '3511 AB',
  huisnummer: 5,
  telefoon: '06 1234 5678',
  schuldeisers: [{ naam: 'Energie Utrecht', kenmerk: 'K-123' }, { naam: 'Belastingdienst' }],
  dreigingen: [],
  toestemming: true,
  toestemmingVersie: TOESTEMMING,
  ...extra,
});

for (const kind of await databases()) {
  describe(`Pauzeknop on ${kind}`, () => {
    let t: TestOmgeving;
    let oidc: LokaleOidc;
    let jan: Sessie;
    let fatima: Sessie;
    let utrecht: Awaited<ReturnType<typeof gemeenteOrg>>;
    let amsterdam: Awaited<ReturnType<typeof gemeenteOrg>>;
    const vraag = (s: Partial<Sessie>, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: s.headers ?? {},
        ...(s.cookies ? { cookies: s.cookies } : {}),
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });

    beforeAll(async () => {
      const p = await lokaleProvider();
      oidc = p.oidc;
      t = await testOmgeving(kind, p.instellingen);
      await laadGemeenten(t, ['GM0344']);
      utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      amsterdam = await gemeenteOrg(t, 'Gemeente Amsterdam', 'GM0363');
      jan = await inwonerSessie(t, oidc, 'inwoner-jan');
      fatima = await inwonerSessie(t, oidc, 'inwoner-fatima');
    });
    afterAll(async () => {
      await t?.sluit();
      await oidc?.sluit();
    });

    it('logs a resident in at the real provider; the session keeps only a pseudonym of the BSN', async () => {
      const s = await vraag(jan, 'GET', '/api/pauzeknop/sessie');
      expect(s.statusCode).toBe(200);
      expect(s.json().toestemming.versie).toBe(TOESTEMMING);
      const rijen = await t.ctx.db.kysely.selectFrom('pauzeknop_sessies').selectAll().execute();
      expect(rijen.length).toBeGreaterThanOrEqual(2);
      const bsn = DEMO_INWONERS['inwoner-jan'].bsn;
      expect(JSON.stringify(rijen)).not.toContain(bsn);
      expect(rijen.some((r) => Buffer.from(r.bsn_pseudoniem).equals(t.ctx.pseudo.pseudoniem(bsn)))).toBe(true);
      const audit = await t.ctx.db.kysely.selectFrom('audit_log').selectAll().execute();
      expect(JSON.stringify(audit)).not.toContain(bsn);
    });

    it('the login start asks for code flow with PKCE (S256), state and nonce', async () => {
      const s = await begin(t);
      const u = new URL(s.url);
      expect(u.origin).toBe(oidc.issuer);
      expect(u.searchParams.get('response_type')).toBe('code');
      expect(u.searchParams.get('code_challenge_method')).toBe('S256');
      expect(u.searchParams.get('state')).toBeTruthy();
      expect(u.searchParams.get('nonce')).toBeTruthy();
      expect(u.searchParams.get('scope')).toBe('openid bsn');
    });

    it('refuses a state that does not match (changed, or from another browser, or used twice)', async () => {
      const s = await begin(t);
      const url = await doorlopProvider(oidc, s.url, 'inwoner-jan');
      const anders = new URL(url);
      anders.searchParams.set('state', 'vervalst');
      const r1 = await terug(t, anders, s.binding);
      expect(r1.statusCode).toBe(302);
      expect(r1.headers.location).toBe('/pauzeknop?inloggen=mislukt');
      expect(r1.cookies.find((c) => c.name === 'sr_inwoner')).toBeUndefined();
      // Another browser (no or another binding cookie) with the right state.
      const s2 = await begin(t);
      const url2 = await doorlopProvider(oidc, s2.url, 'inwoner-jan');
      const r2 = await terug(t, url2, s.binding);
      expect(r2.headers.location).toBe('/pauzeknop?inloggen=mislukt');
      expect(r2.cookies.find((c) => c.name === 'sr_inwoner')).toBeUndefined();
      // The attempt was used up by the refused try: the right browser cannot finish it either.
      const r3 = await terug(t, url2, s2.binding);
      expect(r3.headers.location).toBe('/pauzeknop?inloggen=mislukt');
      // A fresh attempt finished once works, and its answer cannot be replayed.
      const s4 = await begin(t);
      const url4 = await doorlopProvider(oidc, s4.url, 'inwoner-jan');
      const r4 = await terug(t, url4, s4.binding);
      expect(r4.headers.location).toBe('/pauzeknop');
      expect((await terug(t, url4, s4.binding)).headers.location).toBe('/pauzeknop?inloggen=mislukt');
    });

    it('refuses an ID token whose nonce does not match the login', async () => {
      const s = await begin(t);
      const state = new URL(s.url).searchParams.get('state')!;
      await t.ctx.db.kysely
        .updateTable('pauzeknop_inlogpogingen')
        .set({ nonce: 'een-andere-nonce' })
        .where('state', '=', state)
        .execute();
      const r = await terug(t, await doorlopProvider(oidc, s.url, 'inwoner-jan'), s.binding);
      expect(r.headers.location).toBe('/pauzeknop?inloggen=mislukt');
      expect(r.cookies.find((c) => c.name === 'sr_inwoner')).toBeUndefined();
    });

    it('refuses a wrong PKCE verifier', async () => {
      const s = await begin(t);
      const state = new URL(s.url).searchParams.get('state')!;
      await t.ctx.db.kysely
        .updateTable('pauzeknop_inlogpogingen')
        .set({ code_verifier: 'x'.repeat(64) })
        .where('state', '=', state)
        .execute();
      const r = await terug(t, await doorlopProvider(oidc, s.url, 'inwoner-jan'), s.binding);
      expect(r.headers.location).toBe('/pauzeknop?inloggen=mislukt');
    });

    it('answers an unknown postcode in Dutch, and a missing consent is refused', async () => {
      const g = await vraag(jan, 'GET', '/api/pauzeknop/gemeente?postcode=3511AB&huisnummer=5');
      expect(g.json()).toEqual({ postcode: '3511AB', gemeentecode: 'GM0344', gemeentenaam: 'Utrecht' });
      const onbekend = await vraag(jan, 'POST', '/api/pauzeknop/aanvragen', aanvraag({ postcode: '0999 ZZ' }));
      expect(onbekend.statusCode).toBe(400);
      expect(onbekend.json().title).toMatch(/Deze postcode klopt niet/);
      const nergens = await vraag(jan, 'POST', '/api/pauzeknop/aanvragen', aanvraag({ postcode: '1009 ZZ' }));
      expect(nergens.statusCode).toBe(400);
      expect(nergens.json().title).toMatch(/geen gemeente vinden/);
      const zonder = await vraag(jan, 'POST', '/api/pauzeknop/aanvragen', aanvraag({ toestemming: false }));
      expect(zonder.statusCode).toBe(400);
      expect(zonder.json().title).toMatch(/toestemming/);
      const oudeTekst = await vraag(jan, 'POST', '/api/pauzeknop/aanvragen', aanvraag({ toestemmingVersie: 'oud' }));
      expect(oudeTekst.statusCode).toBe(400);
      const geenContact = await vraag(jan, 'POST', '/api/pauzeknop/aanvragen', aanvraag({ telefoon: '', email: '' }));
      expect(geenContact.statusCode).toBe(400);
      expect(geenContact.json().title).toMatch(/telefoonnummer of e-mailadres/);
      expect(await t.ctx.db.kysely.selectFrom('pauzeknop_aanmeldingen').selectAll().execute()).toEqual([]);
    });

    it('a request lands in the municipality list with the 4-week deadline; the resident follows its state', async () => {
      const csrfLoos = await vraag({ cookies: jan.cookies }, 'POST', '/api/pauzeknop/aanvragen', aanvraag());
      expect(csrfLoos.statusCode).toBe(403);
      const r = await vraag(jan, 'POST', '/api/pauzeknop/aanvragen', aanvraag());
      expect(r.statusCode, r.body).toBe(201);
      const vandaagNl = vandaag(new Date());
      expect(r.json()).toMatchObject({
        status: 'ontvangen',
        gemeentenaam: 'Utrecht',
        deadline: deadlineVoor(vandaagNl, false),
      });
      const id = r.json().id as string;
      // A second request while the first is open: refused.
      expect((await vraag(jan, 'POST', '/api/pauzeknop/aanvragen', aanvraag())).statusCode).toBe(409);
      // The municipality's event (outbox).
      const ev = await t.ctx.db.kysely
        .selectFrom('notificatie_gebeurtenissen')
        .selectAll()
        .where('type', '=', 'pauzeknop.aanmelding')
        .execute();
      expect(ev.map((e) => e.data)).toContainEqual({
        aanmeldingId: id,
        deadline: deadlineVoor(vandaagNl, false),
        dreigend: false,
      });
      // Utrecht's worker sees it, picks it up, records contact; the resident sees each step.
      const mw = await sessieVoor(t, utrecht, 'gemeente-medewerker');
      const lijst = (await vraag(mw, 'GET', '/api/pauzeknop/aanmeldingen')).json().aanmeldingen;
      expect(lijst).toHaveLength(1);
      expect(lijst[0]).toMatchObject({
        id,
        status: 'ontvangen',
        postcode: '3511AB',
        telefoon: '06 1234 5678',
        schuldeisers: [
          { naam: 'Energie Utrecht', kenmerk: 'K-123' },
          { naam: 'Belastingdienst', kenmerk: null },
        ],
        dreigend: false,
      });
      expect(JSON.stringify(lijst)).not.toContain(DEMO_INWONERS['inwoner-jan'].bsn);
      // Contact before pick-up: refused.
      expect(
        (await vraag(mw, 'POST', `/api/pauzeknop/aanmeldingen/${id}/contact`, { soort: 'Telefoon' })).statusCode,
      ).toBe(409);
      expect((await vraag(mw, 'POST', `/api/pauzeknop/aanmeldingen/${id}/oppakken`, {})).json().status).toBe(
        'opgepakt',
      );
      expect((await vraag(jan, 'GET', '/api/pauzeknop/aanvragen')).json().aanvragen[0].status).toBe('opgepakt');
      expect((await vraag(mw, 'POST', `/api/pauzeknop/aanmeldingen/${id}/oppakken`, {})).statusCode).toBe(409);
      const c = await vraag(mw, 'POST', `/api/pauzeknop/aanmeldingen/${id}/contact`, { soort: 'Telefoon' });
      expect(c.json()).toMatchObject({ status: 'contact', contactSoort: 'Telefoon' });
      const eigen = (await vraag(jan, 'GET', '/api/pauzeknop/aanvragen')).json().aanvragen;
      expect(eigen).toHaveLength(1);
      expect(Object.keys(eigen[0]).sort()).toEqual(
        ['contactOp', 'deadline', 'gemeentenaam', 'id', 'ontvangenOp', 'opgepaktOp', 'status'].sort(),
      );
      expect(eigen[0].status).toBe('contact');
      // Another municipality does not see or touch it.
      const ams = await sessieVoor(t, amsterdam, 'gemeente-medewerker');
      expect((await vraag(ams, 'GET', '/api/pauzeknop/aanmeldingen')).json().aanmeldingen).toEqual([]);
      expect((await vraag(ams, 'POST', `/api/pauzeknop/aanmeldingen/${id}/oppakken`, {})).statusCode).toBe(404);
    });

    it('a threatening situation gets 3 working days', async () => {
      const r = await vraag(
        fatima,
        'POST',
        '/api/pauzeknop/aanvragen',
        aanvraag({
          dreigingen: ['huisuitzetting', 'afsluiting-energie'],
          telefoon: undefined,
          email: 'f@voorbeeld.nl',
        }),
      );
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().deadline).toBe(deadlineVoor(vandaag(new Date()), true));
      const ev = await t.ctx.db.kysely
        .selectFrom('notificatie_gebeurtenissen')
        .select('data')
        .where('type', '=', 'pauzeknop.aanmelding')
        .execute();
      expect(ev.map((e) => e.data)).toContainEqual({
        aanmeldingId: r.json().id,
        deadline: r.json().deadline,
        dreigend: true,
      });
    });

    it("a resident sees only their own requests, never another resident's", async () => {
      const vanJan = (await vraag(jan, 'GET', '/api/pauzeknop/aanvragen')).json().aanvragen as { id: string }[];
      const vanFatima = (await vraag(fatima, 'GET', '/api/pauzeknop/aanvragen')).json().aanvragen as { id: string }[];
      expect(vanJan).toHaveLength(1);
      expect(vanFatima).toHaveLength(1);
      expect(vanJan[0]!.id).not.toBe(vanFatima[0]!.id);
    });

    it('a resident sees the end of their own active pause (schuldenrust), and nobody else’s', async () => {
      const shv = await t.organisatie('Kredietbank Pauze', 'schuldhulpverlener');
      const tr = await maak(
        t,
        shv,
        traject(DEMO_INWONERS['inwoner-jan'].bsn, {
          ddas: {
            intake: {
              startdatum: '2026-01-12',
              beschikkingssoort: 'Toelatingsbeschikking',
              beschikkingsdatum: '2026-01-30',
            },
          },
        }),
      );
      const pauzeTot = async (s: Sessie) => (await vraag(s, 'GET', '/api/pauzeknop/aanvragen')).json().pauzeTot;
      expect(await pauzeTot(jan)).toBeNull();
      const tot = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
      await t.ctx.db.kysely
        .insertInto('schuldenrust_pauzes')
        .values({ traject_id: tr.id, organisatie_id: shv.id, startdatum: vandaag(), einddatum: tot })
        .execute();
      expect(await pauzeTot(jan)).toBe(tot);
      expect(await pauzeTot(fatima)).toBeNull();
      // Ended: no longer shown.
      await t.ctx.db.kysely
        .updateTable('schuldenrust_pauzes')
        .set({ status: 'beeindigd' })
        .where('traject_id', '=', tr.id)
        .execute();
      expect(await pauzeTot(jan)).toBeNull();
    });

    it('resident routes refuse staff sessions and machines; staff routes refuse a resident session', async () => {
      const mw = await sessieVoor(t, utrecht, 'gemeente-medewerker');
      for (const wie of [mw, { headers: utrecht.headers }, { ...mw, cookies: { ...mw.cookies, ...jan.cookies } }]) {
        expect((await vraag(wie, 'GET', '/api/pauzeknop/aanvragen')).statusCode).toBe(403);
        expect((await vraag(wie, 'POST', '/api/pauzeknop/aanvragen', aanvraag())).statusCode).toBe(403);
        expect((await vraag(wie, 'GET', '/api/pauzeknop/inloggen')).statusCode).toBe(403);
      }
      expect((await vraag({}, 'GET', '/api/pauzeknop/aanvragen')).statusCode).toBe(401);
      for (const [m, url] of [
        ['GET', '/api/pauzeknop/aanmeldingen'],
        ['GET', '/api/signaalzaken/zaken'],
        ['GET', '/api/sessie/ik'],
      ] as const)
        expect((await vraag(jan, m, url)).statusCode).toBe(401);
    });

    it('logging out ends the resident session', async () => {
      const s = await inwonerSessie(t, oidc, 'inwoner-jan');
      expect((await vraag(s, 'POST', '/api/pauzeknop/uitloggen')).statusCode).toBe(204);
      expect((await vraag(s, 'GET', '/api/pauzeknop/aanvragen')).statusCode).toBe(401);
    });

    it('the audit log records logins (also refused ones), requests and the handling, with a pseudonym reference only', async () => {
      const rijen = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actie', 'resultaat', 'actor_id', 'onderwerp'])
        .where('actie', 'like', 'pauzeknop.%')
        .execute();
      const soorten = new Set(rijen.map((r) => `${r.actie}:${r.resultaat}`));
      for (const s of [
        'pauzeknop.inloggen:ok',
        'pauzeknop.inloggen:geweigerd',
        'pauzeknop.aanvraag:ok',
        'pauzeknop.oppakken:ok',
        'pauzeknop.contact:ok',
        'pauzeknop.uitloggen:ok',
      ])
        expect(soorten, s).toContain(s);
      const ref = t.ctx.pseudo.auditVerwijzing(DEMO_INWONERS['inwoner-jan'].bsn);
      expect(rijen.filter((r) => r.actie === 'pauzeknop.aanvraag').map((r) => r.actor_id)).toContain(`inwoner:${ref}`);
      for (const { bsn } of Object.values(DEMO_INWONERS)) expect(JSON.stringify(rijen)).not.toContain(bsn);
    });

    it('retention: an old registration not picked up and ended resident sessions are removed', async () => {
      const { handhaafBewaartermijnen } = await import('../../src/modules/retentie/index.ts');
      const { opruimers } = await import('../../src/jobs/scheduler.ts');
      const nu = new Date(Date.now() + 400 * 86_400_000);
      const r = await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), nu);
      // Fatima's (not picked up) goes after 12 months; Jan's (contact made) stays 5 years.
      expect(r['pauzeknop-aanmeldingen']).toBe(1);
      expect(r['pauzeknop-sessies']).toBeGreaterThanOrEqual(1);
      expect(await t.ctx.db.kysely.selectFrom('pauzeknop_aanmeldingen').select('status').execute()).toEqual([
        { status: 'contact' },
      ]);
    });
  });
}
