import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { csv, dagenGeleden, laadGemeenten, rij } from '../helpers/fixtures/vroegsignalering.ts';
import { sessie } from '../helpers/signaalzaken-opzet.ts';
import { plusMaanden, vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';
import { maakAdHocConvenanten } from '../../src/modules/partners/store.ts';

const ALLE_MVI = 'herinnering,contactGezocht,schuldhulpGenoemd,overdrachtAangeboden';

const verhuurder = (extra: Record<string, unknown> = {}) => ({
  organisatie: 'Verhuur De Vries',
  contactpersoon: { naam: 'J. de Vries', email: 'jan@verhuur.example', delen: true },
  tekenbevoegde: { naam: 'J. de Vries', functie: 'Eigenaar', email: 'jan@verhuur.example' },
  gemeenten: ['GM0344'],
  wachtwoord: 'een-lang-wachtwoord-123',
  akkoord: true,
  ...extra,
});

const signaal = (extra: Record<string, unknown> = {}) => ({
  achternaam: 'Huurder',
  huisnummer: 12,
  postcode: '3511AB',
  aantalMaandenAchterstand: 2,
  bedragAchterstand: '1200,00',
  sector: 'huur',
  ...extra,
});
const MVI_JA = {
  herinneringVerstuurd: true,
  contactGezocht: true,
  schuldhulpGenoemd: true,
  gegevensoverdrachtAangeboden: true,
};

for (const kind of await databases()) {
  describe(`Small landlords sign up, attest MVI and renew on ${kind}`, () => {
    let t: TestOmgeving;
    let wie: { cookies: Record<string, string>; headers: Record<string, string> };
    let partnerId: string;
    let n = 0;
    const als = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
      t.app.inject({
        method,
        url,
        cookies: wie.cookies,
        headers: { ...wie.headers, ...headers },
        ...(payload ? { payload } : {}),
      });
    const meld = (signalen: object[]) =>
      als('POST', '/api/vroegsignalen/signalen', { signalen }, { 'idempotency-key': `k${++n}` });
    const upload = (body: string, query = '') =>
      t.app.inject({
        method: 'POST',
        url: `/api/vroegsignalen/leveringen${query}`,
        cookies: wie.cookies,
        headers: { ...wie.headers, 'content-type': 'text/csv' },
        payload: body,
      });

    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadGemeenten(t, ['GM0344', 'GM0363', 'GM0599']);
    });
    afterAll(async () => t?.sluit());

    it('refuses a sign-up without agreement, without municipality, with an unknown one, or a short password', async () => {
      const aan = (body: object) => t.app.inject({ method: 'POST', url: '/api/partners/verhuurders', payload: body });
      expect((await aan(verhuurder({ akkoord: false }))).statusCode).toBe(400);
      expect((await aan(verhuurder({ gemeenten: [] }))).statusCode).toBe(400);
      expect((await aan(verhuurder({ wachtwoord: 'kort' }))).statusCode).toBe(400);
      const r = await aan(verhuurder({ gemeenten: ['GM9999'] }));
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toContain('Onbekende gemeentecodes');
      expect(await t.ctx.db.kysely.selectFrom('signaalpartners').select('organisatie_id').execute()).toEqual([]);
    });

    it('at most 5 sign-ups per hour from one address (counted in the shared counters); other addresses go on', async () => {
      const aan = (ip: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/partners/verhuurders',
          payload: verhuurder({ gemeenten: ['GM9999'] }),
          remoteAddress: ip,
        });
      for (let i = 0; i < 5; i++) expect((await aan('10.9.9.9')).statusCode).toBe(400);
      const te = await aan('10.9.9.9');
      expect(te.statusCode).toBe(429);
      expect(te.json().code).toBe('te_veel_aanmeldingen');
      expect((await aan('10.9.9.10')).statusCode).toBe(400);
    });

    it('a small landlord signs up without the operator and gets signed ad-hoc agreements and an account', async () => {
      const r = await t.app.inject({ method: 'POST', url: '/api/partners/verhuurders', payload: verhuurder() });
      expect(r.statusCode).toBe(201);
      const b = r.json();
      partnerId = b.organisatieId;
      expect(b.convenanten).toEqual([
        expect.objectContaining({
          gemeentecode: 'GM0344',
          soort: 'ad-hoc',
          status: 'ondertekend',
          einddatum: plusMaanden(vandaag(), 12),
          ondertekendDoor: 'J. de Vries',
        }),
      ]);
      wie = await sessie(t, {
        email: 'jan@verhuur.example',
        wachtwoord: 'een-lang-wachtwoord-123',
        totpGeheim: b.gebruiker.totpGeheim,
      });
      expect((await als('GET', '/api/partners/aanmelding')).json()).toMatchObject({ type: 'Huur', adHoc: true });
      // The same e-mail address cannot sign up twice.
      const weer = await t.app.inject({
        method: 'POST',
        url: '/api/partners/verhuurders',
        payload: verhuurder({ organisatie: 'Ander' }),
      });
      expect(weer.statusCode).toBe(409);
      // Nor can an organisation name that exists: a clear Dutch answer, and no account or agreement is made.
      const naam = await t.app.inject({
        method: 'POST',
        url: '/api/partners/verhuurders',
        payload: verhuurder({ contactpersoon: { naam: 'P. Jansen', email: 'piet@verhuur.example', delen: false } }),
      });
      expect(naam.statusCode).toBe(409);
      expect(naam.json().title).toContain('Er is al een organisatie met deze naam');
      expect(
        await t.ctx.db.kysely
          .selectFrom('gebruikers')
          .select('id')
          .where('email', '=', 'piet@verhuur.example')
          .execute(),
      ).toEqual([]);
    });

    it('a single signal without every MVI step is refused, naming the missing steps; with them it is accepted', async () => {
      const zonder = (await meld([signaal({ herinneringVerstuurd: true, contactGezocht: true })])).json();
      expect(zonder.geaccepteerd).toBe(0);
      expect(zonder.afgewezen[0].reden).toBe(
        'Verklaar eerst dat u voor dit signaal de stappen van maatschappelijk verantwoord incasseren hebt gezet. Ontbreekt: schuldhulp genoemd, gegevensoverdracht aangeboden.',
      );
      const nee = (await meld([signaal({ ...MVI_JA, schuldhulpGenoemd: false })])).json();
      expect(nee.afgewezen[0].reden).toContain("'Schuldhulp genoemd' is nee");
      const met = (await meld([signaal(MVI_JA)])).json();
      expect(met.geaccepteerd).toBe(1);
      const s = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['herinnering_verstuurd', 'contact_gezocht', 'schuldhulp_genoemd', 'gegevensoverdracht_aangeboden'])
        .where('partner_id', '=', partnerId)
        .executeTakeFirstOrThrow();
      expect(Object.values(s)).toEqual([true, true, true, true]);
    });

    it('an upload without the MVI attestation for the file is refused and nothing is stored; with it, it is recorded', async () => {
      const bestand = csv([rij('Huurder', '3511AB', '14', { maanden: '2' })]);
      const leveringen = async () =>
        (
          await t.ctx.db.kysely
            .selectFrom('vroegsignaal_leveringen')
            .select('id')
            .where('partner_id', '=', partnerId)
            .execute()
        ).length;
      const voor = await leveringen();
      const zonder = await upload(bestand);
      expect(zonder.statusCode).toBe(400);
      expect(zonder.json().code).toBe('mvi_verklaring_ontbreekt');
      expect(zonder.json().title).toContain('Ontbreekt: herinnering verstuurd, persoonlijk contact gezocht');
      const deels = await upload(bestand, '?mvi=herinnering,contactGezocht');
      expect(deels.json().title).toContain('Ontbreekt: schuldhulp genoemd, gegevensoverdracht aangeboden');
      expect((await upload(bestand, '?mvi=herinnering,onzin')).statusCode).toBe(400);
      expect(await leveringen()).toBe(voor);
      const met = await upload(bestand, `?mvi=${ALLE_MVI}`);
      expect(met.statusCode).toBe(201);
      expect(met.json().geaccepteerd).toBe(1);
      const l = await t.ctx.db.kysely
        .selectFrom('vroegsignaal_leveringen')
        .select('mvi_verklaring')
        .where('id', '=', met.json().leveringId)
        .executeTakeFirstOrThrow();
      expect(l.mvi_verklaring).toMatchObject({ stappen: ALLE_MVI.split(',') });
    });

    it('the ad-hoc agreement ends, a report after the end is refused (not silently kept), and it renews the same way', async () => {
      const c = (await als('GET', '/api/partners/convenanten')).json()[0];
      await t.ctx.db.kysely
        .updateTable('convenanten')
        .set({ einddatum: dagenGeleden(2) })
        .where('id', '=', c.id)
        .execute();
      const na = (await meld([signaal({ ...MVI_JA, huisnummer: 20 })])).json();
      expect(na.afgewezen[0].reden).toContain('is verlopen op');
      expect(na.afgewezen[0].reden).toContain('Verleng het convenant');
      // The report did not create or extend an agreement behind the landlord's back.
      expect((await als('GET', '/api/partners/convenanten')).json()).toEqual([
        expect.objectContaining({ id: c.id, einddatum: dagenGeleden(2), verlopen: true }),
      ]);
      const v = await als('POST', `/api/partners/convenanten/${c.id}/verlengen`, { akkoord: true });
      expect(v.statusCode).toBe(200);
      expect(v.json().einddatum).toBe(plusMaanden(vandaag(), 12));
      expect((await meld([signaal({ ...MVI_JA, huisnummer: 20 })])).json().geaccepteerd).toBe(1);
      // Within 60 days of the new end it can be renewed again, from that end date.
      await t.ctx.db.kysely
        .updateTable('convenanten')
        .set({ einddatum: plusDagen(vandaag(), 10) })
        .where('id', '=', c.id)
        .execute();
      const v2 = await als('POST', `/api/partners/convenanten/${c.id}/verlengen`, { akkoord: true });
      expect(v2.json().einddatum).toBe(plusMaanden(plusDagen(vandaag(), 10), 12));
    });

    it('adding a municipality gives a small landlord a signed ad-hoc agreement at once', async () => {
      const r = await als('POST', '/api/partners/aanmelding/gemeenten', { toevoegen: ['GM0363'] });
      expect(r.statusCode).toBe(200);
      expect(r.json().find((c: { gemeentecode: string }) => c.gemeentecode === 'GM0363')).toMatchObject({
        soort: 'ad-hoc',
        status: 'ondertekend',
      });
    });

    it('two deliveries that create the same ad-hoc agreement at once: one agreement, neither fails', async () => {
      const maak = () =>
        t.ctx.db.kysely.transaction().execute(async (tx) => {
          const r = await maakAdHocConvenanten(tx, partnerId, ['GM0599'], {
            datum: vandaag(),
            einddatum: plusMaanden(vandaag(), 12),
            door: 'J. de Vries',
          });
          await new Promise((klaar) => setTimeout(klaar, 100)); // the other one now waits on this row
          return r;
        });
      const [x, y] = await Promise.all([maak(), maak()]);
      expect(x.length + y.length).toBe(1);
      const rijen = await t.ctx.db.kysely
        .selectFrom('convenanten')
        .select('id')
        .where('partner_id', '=', partnerId)
        .where('gemeentecode', '=', 'GM0599')
        .execute();
      expect(rijen).toHaveLength(1);
    });
  });
}
