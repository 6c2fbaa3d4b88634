import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, TEST_SLEUTELS, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsns, controle, laadDemoPostcodes, maak, sluit, traject, type Org } from '../helpers/fixtures/trajecten.ts';
import { JOBS } from '../../src/jobs/scheduler.ts';
import { bewaarGrenzen, pasBewaartermijnToe } from '../../src/modules/trajecten/bewaartermijn.ts';

const [A, B, C, D, E] = bsns(50_000_000, 5) as [string, string, string, string, string];
const TOELATING = {
  intake: { startdatum: '2026-01-12', beschikkingssoort: 'Toelatingsbeschikking', beschikkingsdatum: '2026-01-30' },
};

for (const kind of await databases()) {
  describe(`VISH feed from trajectories on ${kind}`, () => {
    let t: TestOmgeving;
    let kb: Org;
    let wijk: Org;
    let dw: Org;
    const uitvoeren = (org: Org, payload?: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/trajecten/vish/uitvoeren',
        headers: org.headers,
        ...(payload ? { payload } : {}),
      });
    const run = async (org: Org, payload?: object) => (await uitvoeren(org, payload)).json();
    const status = async (org: Org) =>
      (await t.app.inject({ method: 'GET', url: '/api/trajecten/vish', headers: org.headers })).json();

    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadDemoPostcodes(t);
      kb = await t.organisatie('Kredietbank Feed', 'schuldhulpverlener');
      wijk = await t.organisatie('Wijkteam Feed', 'wijkteam');
      dw = await t.organisatie('Deurwaarder Feed', 'gerechtsdeurwaarder');
    });
    afterAll(async () => t?.sluit());

    it('trajectory recorded -> feed runs -> the bailiff check matches with the counsellor; only from admission on by default', async () => {
      await maak(t, kb, traject(A, { ddas: TOELATING }));
      await maak(
        t,
        kb,
        traject(B, {
          achternaam: 'Bakker',
          ddas: { stabilisatie: { startdatum: '2026-02-01' } },
          consulent: { naam: 'S. Tabiel', email: 'stabiel@kb.example' },
        }),
      );
      const aanmelding = await maak(t, kb, traject(C, { achternaam: 'Visser' }));
      expect((await status(kb)).laatsteRunOp).toBeNull();
      const r = await run(kb);
      expect(r).toMatchObject({ resultaat: 'geleverd', aantal: 2, overgeslagen: 0 });
      expect(await controle(t, dw, A)).toEqual({
        match: true,
        contacten: [
          {
            organisatie: 'Kredietbank Feed',
            naam: 'K. Consulent',
            telefoon: '030 123 45 67',
            email: 'consulent@shv.example',
          },
        ],
        schuldenrustTot: null,
        schuldenrust: null,
        bewijs: expect.objectContaining({ referentie: expect.stringMatching(/^A-\d+$/) }),
      });
      expect((await controle(t, dw, B)).contacten[0]).toMatchObject({ naam: 'S. Tabiel', telefoon: null });
      expect((await controle(t, dw, C)).match).toBe(false);
      const s = await status(kb);
      expect(s).toMatchObject({
        actief: true,
        regel: 'vanaf-toelating',
        laatsteResultaat: 'geleverd',
        laatsteAantal: 2,
        laatsteLeveringId: r.leveringId,
      });
      expect(new Date(s.laatsteRunOp).getTime()).toBeGreaterThan(Date.now() - 60_000);
      // Per-trajectory override: this one goes to VISH already in the registration phase.
      await t.app.inject({
        method: 'PATCH',
        url: `/api/trajecten/${aanmelding.id}`,
        headers: kb.headers,
        payload: { vishKeuze: 'altijd' },
      });
      expect((await run(kb)).aantal).toBe(3);
      expect((await controle(t, dw, C)).match).toBe(true);
    });

    it('a closed trajectory no longer matches after the next run; with none left the delivery is withdrawn', async () => {
      const tr = await maak(t, wijk, traject(D, { ddas: TOELATING }));
      expect((await run(wijk)).aantal).toBe(1);
      expect((await controle(t, dw, D)).match).toBe(true);
      await sluit(t, wijk, tr.id, '2026-03-01');
      expect((await controle(t, dw, D)).match).toBe(true); // until the next run, as with a daily file
      // Over the API the withdrawal needs a confirmation; the scheduled job does not ask.
      expect((await uitvoeren(wijk)).statusCode).toBe(409);
      expect((await controle(t, dw, D)).match).toBe(true);
      expect(await run(wijk, { bevestig: true })).toMatchObject({ resultaat: 'leeg', aantal: 0 });
      expect((await controle(t, dw, D)).match).toBe(false);
      expect((await status(wijk)).laatsteAantal).toBe(0);
      // The index rebuilt from the database agrees (e.g. after a restart).
      await t.herstart();
      expect((await controle(t, dw, D)).match).toBe(false);
      expect((await controle(t, dw, A)).match).toBe(true);
    });

    it('the organisation chooses: a general desk contact, all open trajectories, or the feed off', async () => {
      const zet = (body: unknown) =>
        t.app.inject({
          method: 'PUT',
          url: '/api/trajecten/vish/instellingen',
          headers: kb.headers,
          payload: body as object,
        });
      expect((await zet({ actief: true, regel: 'alle-open', loket: { naam: 'Loket Kredietbank' } })).statusCode).toBe(
        400,
      );
      expect(
        (
          await zet({
            actief: true,
            regel: 'alleen-gekozen',
            loket: { naam: 'Loket Kredietbank', telefoon: '030 999 00 00' },
          })
        ).statusCode,
      ).toBe(200);
      expect((await run(kb)).aantal).toBe(1); // only the trajectory marked 'altijd'
      expect(await controle(t, dw, C)).toMatchObject({
        match: true,
        contacten: [{ naam: 'Loket Kredietbank', telefoon: '030 999 00 00', email: null }],
      });
      expect((await controle(t, dw, A)).match).toBe(false);
      await zet({ actief: true, regel: 'vanaf-toelating', loket: null });
      expect((await run(kb)).aantal).toBe(3);
      // Feed off: the job leaves the organisation's own delivery alone.
      await zet({ actief: false, regel: 'vanaf-toelating', loket: null });
      const eigen = await t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen',
        headers: { ...kb.headers, 'content-type': 'text/csv' },
        payload: `BSN;Contactnaam;Telefoon\r\n${E};Eigen bestand;0301234567\r\n`,
      });
      expect(eigen.statusCode).toBe(201);
      await t.ctx.db.kysely
        .updateTable('traject_vish_feeds')
        .set({ laatste_run_op: new Date(Date.now() - 48 * 3_600_000) })
        .execute();
      const job = await JOBS['trajecten-vish-feed'](t.ctx);
      expect(job).toMatchObject({ organisaties: 1, leeg: 1 }); // only the wijkteam was due
      expect((await controle(t, dw, E)).match).toBe(true);
      const runs = await t.ctx.db.kysely
        .selectFrom('job_runs')
        .select(['resultaat'])
        .where('job', '=', 'trajecten-vish-feed')
        .execute();
      expect(runs).toEqual([{ resultaat: 'ok' }]);
      // Wrong organisation type: a bailiff cannot run or read a feed.
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/trajecten/vish/uitvoeren', headers: dw.headers })).statusCode,
      ).toBe(403);
    });

    it('after a key rotation the job makes the trajectory pseudonyms again under the new key', async () => {
      await t.herstart({ PSEUDONIEM_SLEUTELS: `t2:${Buffer.alloc(32, 9).toString('base64')},${TEST_SLEUTELS}` });
      const r = await JOBS['trajecten-vish-feed'](t.ctx);
      expect(r.herpseudonimiseerd).toBe(4);
      const rijen = await t.ctx.db.kysely.selectFrom('trajecten').select(['sleutel_id', 'bsn_pseudoniem']).execute();
      expect(new Set(rijen.map((x) => x.sleutel_id))).toEqual(new Set(['t2']));
      const a = Buffer.from(t.ctx.pseudo.pseudoniem(A));
      expect(rijen.some((x) => Buffer.from(x.bsn_pseudoniem!).equals(a))).toBe(true);
      expect((await JOBS['trajecten-vish-feed'](t.ctx)).herpseudonimiseerd).toBe(0);
    });
    it('no trajectories but a hand-uploaded list: running the feed over the API is refused (409) until confirmed', async () => {
      const eigen = await t.organisatie('Budgetbureau Eigen Lijst', 'schuldhulpverlener');
      const [F] = bsns(50_100_000, 1) as [string];
      // No list and nothing to deliver: nothing is withdrawn, so no confirmation is asked.
      expect(await run(eigen)).toMatchObject({ resultaat: 'leeg', aantal: 0 });
      const lijst = await t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen',
        headers: { ...eigen.headers, 'content-type': 'text/csv' },
        payload: `BSN;Contactnaam;Telefoon\r\n${F};Eigen bestand;0301234567\r\n`,
      });
      expect(lijst.statusCode).toBe(201);
      const geweigerd = await uitvoeren(eigen);
      expect(geweigerd.statusCode).toBe(409);
      expect(geweigerd.json()).toMatchObject({
        code: 'bevestiging_nodig',
        title: expect.stringMatching(/ingetrokken \(1 personen, door uw organisatie aangeleverd\).*"bevestig": true/),
        details: { actieveLevering: { id: lijst.json().leveringId, aantal: 1, bron: 'csv' } },
      });
      expect((await uitvoeren(eigen, { bevestig: false })).statusCode).toBe(409);
      // Refused: the list is untouched and the refusal is not recorded as a run.
      expect((await controle(t, dw, F)).match).toBe(true);
      expect((await status(eigen)).laatsteResultaat).toBe('leeg');
      const ok = await uitvoeren(eigen, { bevestig: true });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ resultaat: 'leeg', aantal: 0 });
      expect((await controle(t, dw, F)).match).toBe(false);
      const leveringen = (
        await t.app.inject({ method: 'GET', url: '/api/vish/leveringen', headers: eigen.headers })
      ).json().leveringen as Array<{ status: string; bron: string }>;
      expect(leveringen.map((l) => [l.status, l.bron])).toEqual([
        ['ingetrokken', 'trajecten'],
        ['vervangen', 'csv'],
      ]);
      // With a trajectory to deliver the run replaces the list without asking.
      await maak(t, eigen, traject(F, { ddas: TOELATING }));
      expect((await uitvoeren(eigen)).json()).toMatchObject({ resultaat: 'geleverd', aantal: 1 });
    });
  });

  describe(`Retention of trajectories on ${kind}`, () => {
    let t: TestOmgeving;
    let kb: Org;
    const [P, Q] = bsns(60_000_000, 2) as [string, string];
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadDemoPostcodes(t);
      kb = await t.organisatie('Kredietbank Bewaar', 'schuldhulpverlener');
    });
    afterAll(async () => t?.sluit());
    const dag = (d: string) => new Date(`${d}T12:00:00Z`);
    const rij = (id: string) =>
      t.ctx.db.kysely
        .selectFrom('trajecten')
        .select([
          'bsn_pseudoniem',
          'bsn_versleuteld',
          'achternaam',
          'postcode',
          'consulent_naam',
          'geanonimiseerd_op',
          'fase',
          'einddatum',
          'uitstroomreden',
          'gemeentecode',
          'ddas',
        ])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    it('5 years after closure (7 for an entrepreneur): kept the day before, anonymised on the day; statistics stay', async () => {
      expect(bewaarGrenzen(dag('2025-03-15'), 5, 7)).toEqual({ grens: '2020-03-15', grensOndernemer: '2018-03-15' });
      const gewoon = await maak(
        t,
        kb,
        traject(P, {
          startdatum: '2019-01-01',
          ddas: { schulden: [{ bedrag: 500, schuldsoort: 'Nuts', schuldeiser: { naam: 'Energie BV' } }] },
        }),
      );
      const ondernemer = await maak(t, kb, traject(Q, { startdatum: '2019-01-01', ondernemer: true }));
      await sluit(t, kb, gewoon.id, '2020-03-15');
      await sluit(t, kb, ondernemer.id, '2020-03-15');
      expect(await pasBewaartermijnToe(t.ctx, dag('2025-03-14'))).toEqual({ geanonimiseerd: 0 });
      expect((await rij(gewoon.id)).achternaam).toBe('Jansen');
      expect(await pasBewaartermijnToe(t.ctx, dag('2025-03-15'))).toEqual({ geanonimiseerd: 1 });
      const weg = await rij(gewoon.id);
      expect(weg).toMatchObject({
        bsn_pseudoniem: null,
        bsn_versleuteld: null,
        achternaam: null,
        postcode: null,
        consulent_naam: null,
        fase: 'uitstroom',
        einddatum: '2020-03-15',
        uitstroomreden: 'Afgerond',
        gemeentecode: 'GM0344',
      });
      expect(weg.geanonimiseerd_op).not.toBeNull();
      expect((weg.ddas as { schulden: unknown[] }).schulden).toEqual([{ bedrag: 500, schuldsoort: 'Nuts' }]);
      // The entrepreneur: kept through the day before the 7th anniversary.
      expect(await pasBewaartermijnToe(t.ctx, dag('2027-03-14'))).toEqual({ geanonimiseerd: 0 });
      expect((await rij(ondernemer.id)).achternaam).toBe('Jansen');
      expect(await pasBewaartermijnToe(t.ctx, dag('2027-03-16'))).toEqual({ geanonimiseerd: 1 });
      expect((await rij(ondernemer.id)).bsn_versleuteld).toBeNull();
      // An anonymised trajectory cannot be changed any more; reading it shows no person.
      const r = await t.app.inject({
        method: 'PATCH',
        url: `/api/trajecten/${gewoon.id}`,
        headers: kb.headers,
        payload: { huisnummer: 2 },
      });
      expect(r.statusCode).toBe(404);
      const lees = await t.app.inject({ method: 'GET', url: `/api/trajecten/${gewoon.id}`, headers: kb.headers });
      expect(lees.json()).toMatchObject({ bsn: null, achternaam: null, postcode: null });
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['onderwerp'])
        .where('actie', '=', 'traject.bewaartermijn')
        .execute();
      expect(audit.map((a) => a.onderwerp).sort()).toEqual([gewoon.id, ondernemer.id].sort());
    });

    it('the periods come from configuration, and the one retention job anonymises and records its runs', async () => {
      const tr = await maak(t, kb, traject(P, { startdatum: '2019-01-01' }));
      await sluit(t, kb, tr.id, '2024-01-10');
      t.ctx.config.TRAJECT_BEWAARTERMIJN_JAREN = 1;
      try {
        const r = await JOBS['bewaartermijnen'](t.ctx);
        expect(r).toMatchObject({ trajecten: 1 });
      } finally {
        t.ctx.config.TRAJECT_BEWAARTERMIJN_JAREN = 5;
      }
      const runs = await t.ctx.db.kysely
        .selectFrom('job_runs')
        .select(['resultaat', 'details'])
        .where('job', '=', 'bewaartermijnen')
        .execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ resultaat: 'ok', details: { trajecten: 1 } });
    });
  });
}
