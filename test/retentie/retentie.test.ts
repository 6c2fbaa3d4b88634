import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { handhaafBewaartermijnen } from '../../src/modules/retentie/handhaving.ts';
import { maandenTerug } from '../../src/shared/datum.ts';
import { bewaartermijnen } from '../../src/modules/retentie/termijnen.ts';
import { verifieerKeten } from '../../src/modules/audit/keten.ts';
import { JOBS, opruimers } from '../../src/jobs/scheduler.ts';

const DAG = 86_400_000;
const A = '111222333';

for (const kind of await databases()) {
  describe(`Retention on ${kind}`, () => {
    let t: TestOmgeving;
    let beheer: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    const nu = new Date();
    const op = (dagen: number) => new Date(nu.getTime() + dagen * DAG);
    beforeAll(async () => {
      t = await testOmgeving(kind);
      beheer = await t.organisatie('Beheer Retentie', 'beheerder');
    });
    afterAll(async () => {
      await t?.sluit();
    });

    it('lists every kind with its period, reason and setting', () => {
      const lijst = bewaartermijnen(t.config);
      expect(lijst.map((b) => b.soort)).toEqual(
        expect.arrayContaining(['vish', 'vroegsignalen', 'trajecten', 'audit', 'sessies', 'job-runs', 'bezwaren']),
      );
      for (const b of lijst) expect(b.reden.length).toBeGreaterThan(20);
      expect(lijst.find((b) => b.soort === 'vish')!.termijn).toMatch(/^7 dagen/);
    });

    it('VISH: kept 7 days after activation, gone after', async () => {
      const shv = await t.organisatie('Kredietbank Retentie', 'schuldhulpverlener');
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen/json',
        headers: shv.headers,
        payload: { personen: [{ bsn: A, contactnaam: 'Team', telefoon: '0301234567' }] },
      });
      expect(r.statusCode).toBe(201);
      expect((await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), op(6.9))).vish).toMatchObject({ verlopen: 0 });
      expect((await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), op(7.1))).vish).toMatchObject({ verlopen: 1 });
    });

    it('early signals not taken up: kept SIGNAAL_BEWAARTERMIJN_MAANDEN after the last report; in treatment: the file period', async () => {
      const db = t.ctx.db.kysely;
      const sp = await t.organisatie('Energie Retentie', 'signaalpartner');
      await db.insertInto('gemeenten').values({ gemeentecode: 'GM0999', naam: 'Testdorp' }).execute();
      await db
        .insertInto('signaalpartners')
        .values({
          organisatie_id: sp.id,
          ddas_type: 'energie',
          sectoren: ['energie'],
          rol: 'eigen-beheer',
          contact_naam: 'C',
          contact_email: 'c@x.example',
          contact_delen: false,
          tekenbevoegde_naam: 'T',
          tekenbevoegde_functie: 'F',
          tekenbevoegde_email: 't@x.example',
        })
        .execute();
      const c = await db
        .insertInto('convenanten')
        .values({ partner_id: sp.id, gemeentecode: 'GM0999', status: 'ondertekend' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const l = await db
        .insertInto('vroegsignaal_leveringen')
        .values({ partner_id: sp.id, bron: 'api' })
        .returning('id')
        .executeTakeFirstOrThrow();
      // A closed case with its signal: the case goes with its last signal.
      const zaak = await db
        .insertInto('vroegsignaalzaken')
        .values({
          gemeentecode: 'GM0999',
          adres_sleutel: '1234AB|3|',
          status: 'afgesloten',
          resultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering',
          matchingsdatum: '2026-01-05',
          startdatum_matchingperiode: '2026-01-01',
          einddatum_matchingperiode: '2026-01-31',
          ontvangen_op: new Date(),
          deadline: '2026-02-02',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const signaal = (
        huisnummer: number,
        status: 'nieuw' | 'in-behandeling' | 'afgehandeld',
        zaak_id: string | null = null,
      ) =>
        db
          .insertInto('vroegsignalen')
          .values({
            partner_id: sp.id,
            convenant_id: c.id,
            gemeentecode: 'GM0999',
            levering_id: l.id,
            sector: 'energie',
            status,
            adres_sleutel: `1234AB|${huisnummer}|`,
            achternaam: 'Testpersoon',
            huisnummer,
            postcode: '1234AB',
            maanden_achterstand: 2,
            bedrag_achterstand: 100,
            zaak_id,
          })
          .execute();
      await signaal(1, 'nieuw');
      await signaal(2, 'in-behandeling');
      await signaal(3, 'afgehandeld', zaak.id);
      const maanden = t.config.SIGNAAL_BEWAARTERMIJN_MAANDEN;
      // The edge is relative to the last report as stored (a slow machine must not move it).
      const { laatste_melding_op: gemeld } = await db
        .selectFrom('vroegsignalen')
        .select('laatste_melding_op')
        .where('huisnummer', '=', 1)
        .executeTakeFirstOrThrow();
      const net = new Date(new Date(gemeld).getTime() - 60_000);
      net.setUTCMonth(net.getUTCMonth() + maanden);
      let r = await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), net);
      expect(r).toMatchObject({ vroegsignalen: 0, 'vroegsignalen-in-behandeling': 0 });
      const erna = new Date(new Date(gemeld).getTime() + 60_000);
      erna.setUTCMonth(erna.getUTCMonth() + maanden);
      r = await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), erna);
      expect(r).toMatchObject({
        vroegsignalen: 1,
        'vroegsignalen-in-behandeling': 0,
        'vroegsignaal-leveringen': 0,
        vroegsignaalzaken: 0,
      });
      expect(
        await db.selectFrom('vroegsignaalzaken').select('id').where('id', '=', zaak.id).executeTakeFirst(),
      ).toBeDefined();
      r = await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), op(365 * t.config.TRAJECT_BEWAARTERMIJN_JAREN + 3));
      expect(r).toMatchObject({
        'vroegsignalen-in-behandeling': 2,
        'vroegsignaal-leveringen': 1,
        vroegsignaalzaken: 1,
      });
      expect(
        await db.selectFrom('vroegsignaalzaken').select('id').where('id', '=', zaak.id).executeTakeFirst(),
      ).toBeUndefined();
    });

    it('sessions: ended ones kept SESSIE_BEWAARTERMIJN_DAGEN; job runs JOBRUN_BEWAARTERMIJN_DAGEN', async () => {
      const s = await sessieVoor(t, beheer, 'beheerder');
      await t.app.inject({ method: 'POST', url: '/api/sessie/uitloggen', cookies: s.cookies, headers: s.headers });
      expect((await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), op(29))).sessies).toBe(0);
      expect((await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), op(31))).sessies).toBeGreaterThanOrEqual(1);
      expect(
        (await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), op(t.config.JOBRUN_BEWAARTERMIJN_DAGEN - 1)))[
          'job-runs'
        ],
      ).toBe(0);
      await JOBS.bewaartermijnen(t.ctx);
      expect(
        (await handhaafBewaartermijnen(t.ctx, opruimers(t.ctx), op(t.config.JOBRUN_BEWAARTERMIJN_DAGEN + 1)))[
          'job-runs'
        ],
      ).toBeGreaterThanOrEqual(1);
    });

    it('audit log: entries older than AUDIT_BEWAARTERMIJN_MAANDEN are deleted, the rest still verifies', async () => {
      const r1 = await handhaafBewaartermijnen(
        t.ctx,
        opruimers(t.ctx),
        new Date(maandenTerug(nu, -t.config.AUDIT_BEWAARTERMIJN_MAANDEN).getTime() - 60_000),
      );
      expect(r1.audit).toBe(0);
      const r2 = await handhaafBewaartermijnen(
        t.ctx,
        opruimers(t.ctx),
        new Date(maandenTerug(nu, -t.config.AUDIT_BEWAARTERMIJN_MAANDEN).getTime() + 3_600_000),
      );
      expect(r2.audit).toBeGreaterThan(5);
      const v = await verifieerKeten(t.ctx.db.kysely);
      expect(v.intact).toBe(true);
      expect(v.eersteVolgnr).toBeGreaterThan(1);
    });

    it('the one job records each run with counts per kind; the operator lists runs and periods, nobody else', async () => {
      const run = await t.app.inject({
        method: 'POST',
        url: '/api/beheer/bewaartermijnen/uitvoeren',
        headers: beheer.headers,
      });
      expect(run.statusCode).toBe(200);
      const s = await sessieVoor(t, beheer, 'beheerder');
      const runs = await t.app.inject({ method: 'GET', url: '/api/beheer/bewaartermijnen/runs', cookies: s.cookies });
      expect(runs.statusCode).toBe(200);
      expect(runs.json()[0]).toMatchObject({
        resultaat: 'ok',
        details: expect.objectContaining({
          vish: expect.any(Object),
          vroegsignalen: 0,
          trajecten: 0,
          audit: 0,
          sessies: 0,
        }),
      });
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/beheer/bewaartermijnen/termijnen', cookies: s.cookies })).json()
          .length,
      ).toBeGreaterThan(6);
      const gm = await t.organisatie('Gemeente Retentie', 'gemeente');
      const fg = await sessieVoor(t, gm, 'functionaris-gegevensbescherming');
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/beheer/bewaartermijnen/runs', headers: gm.headers }))
          .statusCode,
      ).toBe(403);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/beheer/bewaartermijnen/runs', cookies: fg.cookies }))
          .statusCode,
      ).toBe(403);
    });
  });
}
