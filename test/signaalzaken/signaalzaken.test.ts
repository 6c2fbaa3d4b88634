import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, sessie, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { koppelNieuweSignalen } from '../../src/modules/signaalzaken/koppelen.ts';
import { vandaag } from '../../src/shared/datum.ts';
import { plusDagen, plusWerkdagen } from '../../src/shared/werkdagen.ts';

for (const kind of await databases()) {
  describe(`Signaalzaken: cases, queue, access on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    const db = () => t.ctx.db.kysely;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
    });
    afterAll(async () => t?.sluit());

    it('groups open signals of one household (municipality + address) into one case; marks meervoudig', async () => {
      await lever(t, o.energie, [rij('Jansen', '3511AB', '1'), rij('Pietersen', '3511AB', '2')]);
      await lever(t, o.water, [rij('Jansen', '3511AB', '1')]);
      const zaak = await zaakVan(t, '3511AB|1|');
      const signalen = await db()
        .selectFrom('vroegsignalen')
        .select(['zaak_id', 'meervoudig', 'opeenvolgend', 'signaalstatus'])
        .where('adres_sleutel', '=', '3511AB|1|')
        .execute();
      expect(signalen).toHaveLength(2);
      expect(
        signalen.every(
          (s) => s.zaak_id === zaak.id && s.meervoudig && !s.opeenvolgend && s.signaalstatus === 'Nog niet opgepakt',
        ),
      ).toBe(true);
      expect((await zaakVan(t, '3511AB|2|')).id).not.toBe(zaak.id);
      expect(zaak.deadline).toBe(plusDagen(vandaag(), 28));
      const detail = await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${zaak.id}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({
        status: 'nieuw',
        postcode: '3511AB',
        huisnummer: 1,
        crisis: false,
        terugval: false,
      });
      expect(
        detail
          .json()
          .signalen.map((s: { sector: string }) => s.sector)
          .sort(),
      ).toEqual(['drinkwater', 'energie']);
      expect(detail.json().historie[0]).toMatchObject({
        gebeurtenis: 'aangemaakt',
        naar: 'nieuw',
        actorSoort: 'systeem',
      });
      // Every read is audited: the case and each of its signals.
      const audit = await db()
        .selectFrom('audit_log')
        .select(['actie', 'onderwerp'])
        .where('organisatie_id', '=', o.utrecht.id)
        .execute();
      expect(audit).toContainEqual({ actie: 'signaalzaak.lezen', onderwerp: zaak.id });
      expect(audit.filter((a) => a.actie === 'vroegsignaal.lezen')).toHaveLength(2);
    });

    it('a partner-marked threatening signal (API crisissignaal) gets 3 working days', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vroegsignalen/signalen',
        headers: { ...o.energie.headers, 'idempotency-key': 'crisis-1' },
        payload: {
          signalen: [
            {
              achternaam: 'Crisis',
              huisnummer: 10,
              postcode: '3511AB',
              aantalMaandenAchterstand: 2,
              bedragAchterstand: 300,
              crisissignaal: true,
            },
          ],
        },
      });
      expect(r.statusCode).toBe(201);
      const z = await zaakVan(t, '3511AB|10|');
      expect(z).toMatchObject({ crisis: true, deadline: plusWerkdagen(vandaag(), 3) });
      // The CSV column too.
      await lever(
        t,
        o.energie,
        [[...rij('Dreigend', '3511AB', '11'), 'ja']],
        `${(await import('../helpers/fixtures/vroegsignalering.ts')).KOP};Crisissignaal`,
      );
      expect((await zaakVan(t, '3511AB|11|')).crisis).toBe(true);
    });

    it('deadlines across a weekend and a public holiday (Koningsdag, Christmas), by receipt date', async () => {
      await lever(t, o.energie, [rij('Feest', '3511AB', '20'), rij('Kerst', '3511AB', '21')]);
      const ids = await db()
        .selectFrom('vroegsignalen')
        .select(['id', 'huisnummer'])
        .where('adres_sleutel', 'in', ['3511AB|20|', '3511AB|21|'])
        .execute();
      await db()
        .updateTable('vroegsignalen')
        .set({ zaak_id: null, crisissignaal: true })
        .where(
          'id',
          'in',
          ids.map((i) => i.id),
        )
        .execute();
      await db().deleteFrom('vroegsignaalzaken').where('adres_sleutel', 'in', ['3511AB|20|', '3511AB|21|']).execute();
      // Friday 24 April 2026 -> Mon 27 (Koningsdag) skipped -> Thursday 30 April; Thu 24 Dec -> 25, 26 (holiday, Sat), 27 (Sun) -> Wed 30 Dec.
      await db()
        .updateTable('vroegsignalen')
        .set({ ontvangen_op: new Date('2026-04-24T09:00:00+02:00') })
        .where('huisnummer', '=', 20)
        .where('postcode', '=', '3511AB')
        .execute();
      await db()
        .updateTable('vroegsignalen')
        .set({ ontvangen_op: new Date('2026-12-24T09:00:00+01:00') })
        .where('huisnummer', '=', 21)
        .where('postcode', '=', '3511AB')
        .execute();
      await koppelNieuweSignalen(db(), new Date());
      expect((await zaakVan(t, '3511AB|20|')).deadline).toBe('2026-04-30');
      expect((await zaakVan(t, '3511AB|21|')).deadline).toBe('2026-12-30');
    });

    it('queue: sorted by deadline, threatening first among equal; overdue / due-today / relapse counts', async () => {
      const dag = vandaag();
      await lever(t, o.energie, [
        rij('Laat', '3511AB', '30'),
        rij('Vandaag', '3511AB', '31'),
        rij('Gewoon', '3511AB', '32'),
      ]);
      await db()
        .updateTable('vroegsignaalzaken')
        .set({ deadline: plusDagen(dag, -1) })
        .where('adres_sleutel', '=', '3511AB|30|')
        .execute();
      await db()
        .updateTable('vroegsignaalzaken')
        .set({ deadline: dag })
        .where('adres_sleutel', 'in', ['3511AB|31|', '3511AB|32|'])
        .execute();
      await db()
        .updateTable('vroegsignaalzaken')
        .set({ crisis: true })
        .where('adres_sleutel', '=', '3511AB|32|')
        .execute();
      const r = await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/zaken?limit=500');
      expect(r.statusCode).toBe(200);
      const zaken = r.json().zaken as {
        huisnummer: number;
        deadline: string;
        teLaat: boolean;
        uiterlijkVandaag: boolean;
      }[];
      const volgorde = zaken.map((z) => z.huisnummer);
      expect(volgorde.indexOf(30)).toBeLessThan(volgorde.indexOf(32));
      expect(volgorde.indexOf(32)).toBeLessThan(volgorde.indexOf(31));
      expect([...zaken].sort((a, b) => a.deadline.localeCompare(b.deadline)).map((z) => z.deadline)).toEqual(
        zaken.map((z) => z.deadline),
      );
      expect(zaken.find((z) => z.huisnummer === 30)).toMatchObject({ teLaat: true, uiterlijkVandaag: false });
      expect(r.json().tellingen).toMatchObject({
        teLaat: zaken.filter((z) => z.teLaat).length,
        vandaag: 2,
        terugval: 0,
      });
      expect(r.json().tellingen.teLaat).toBeGreaterThanOrEqual(1);
    });

    it('another municipality, a partner, and an organisation without work area see nothing', async () => {
      const zaak = await zaakVan(t, '3511AB|1|');
      expect((await vraag(t, o.amsterdam, 'GET', `/api/signaalzaken/zaken/${zaak.id}`)).statusCode).toBe(404);
      expect(
        (
          await vraag(t, o.amsterdam, 'POST', `/api/signaalzaken/zaken/${zaak.id}/oppakken`, {
            behandelaarId: o.medewerker.id,
          })
        ).statusCode,
      ).toBe(404);
      expect((await vraag(t, o.amsterdam, 'GET', '/api/signaalzaken/zaken')).json().zaken).toEqual([]);
      expect((await vraag(t, o.energie, 'GET', '/api/signaalzaken/zaken')).statusCode).toBe(403);
      expect((await vraag(t, o.kredietbank, 'GET', '/api/signaalzaken/zaken')).json().zaken).toEqual([]);
      expect((await vraag(t, o.kredietbank, 'GET', `/api/signaalzaken/zaken/${zaak.id}`)).statusCode).toBe(404);
      expect((await zaakVan(t, '3511AB|1|')).status).toBe('nieuw');
    });

    it("work areas (operator only): a debt-help organisation then sees the municipality's unassigned cases", async () => {
      const body = { organisatieId: o.kredietbank.id, gemeentecode: 'GM0344' };
      expect((await vraag(t, o.utrecht, 'POST', '/api/signaalzaken/werkgebieden', body)).statusCode).toBe(403);
      expect(
        (
          await vraag(t, o.beheer, 'POST', '/api/signaalzaken/werkgebieden', {
            organisatieId: o.energie.id,
            gemeentecode: 'GM0344',
          })
        ).statusCode,
      ).toBe(400);
      expect((await vraag(t, o.beheer, 'POST', '/api/signaalzaken/werkgebieden', body)).statusCode).toBe(204);
      expect((await vraag(t, o.beheer, 'GET', '/api/signaalzaken/werkgebieden')).json()).toMatchObject([
        { organisatieId: o.kredietbank.id, gemeentecode: 'GM0344' },
      ]);
      const zaken = (await vraag(t, o.kredietbank, 'GET', '/api/signaalzaken/zaken?limit=500')).json().zaken as {
        id: string;
      }[];
      const zaak = await zaakVan(t, '3511AB|2|');
      expect(zaken.map((z) => z.id)).toContain(zaak.id);
      // The municipality picks it up: it is no longer in the debt-help organisation's view.
      expect(
        (
          await vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${zaak.id}/oppakken`, {
            behandelaarId: o.medewerker.id,
          })
        ).statusCode,
      ).toBe(200);
      expect((await vraag(t, o.kredietbank, 'GET', `/api/signaalzaken/zaken/${zaak.id}`)).statusCode).toBe(404);
      expect((await vraag(t, o.wijkteam, 'GET', '/api/signaalzaken/zaken')).json().zaken).toEqual([]);
    });

    it('people: roles are checked; a worker takes a case, only a coordinator assigns a colleague', async () => {
      const mw = await sessie(t, o.medewerker);
      const co = await sessie(t, o.coordinator);
      const a = await zaakVan(t, '3511AB|10|');
      const b = await zaakVan(t, '3511AB|11|');
      expect(
        (await vraag(t, mw, 'POST', `/api/signaalzaken/zaken/${a.id}/oppakken`, { behandelaarId: o.collega.id }))
          .statusCode,
      ).toBe(403);
      const zelf = await vraag(t, mw, 'POST', `/api/signaalzaken/zaken/${a.id}/oppakken`, {});
      expect(zelf.json()).toMatchObject({
        status: 'opgepakt',
        behandelaarId: o.medewerker.id,
        datumOpgepakt: vandaag(),
      });
      expect(
        (
          await vraag(t, co, 'POST', `/api/signaalzaken/zaken/${b.id}/oppakken`, { behandelaarId: o.collega.id })
        ).json(),
      ).toMatchObject({ behandelaarId: o.collega.id });
      expect((await vraag(t, co, 'POST', `/api/signaalzaken/zaken/${b.id}/crisis`)).statusCode).toBe(200);
      // Reports: coordinator yes, worker no; a municipality worker cannot manage work areas.
      expect((await vraag(t, mw, 'GET', '/api/signaalzaken/rapportage')).statusCode).toBe(403);
      expect((await vraag(t, co, 'GET', '/api/signaalzaken/rapportage')).statusCode).toBe(200);
      expect((await vraag(t, mw, 'GET', '/api/signaalzaken/werkgebieden')).statusCode).toBe(403);
      // Signals of a picked-up case are being worked: a withdrawal asks the municipality to stop.
      const s = await db()
        .selectFrom('vroegsignalen')
        .select(['id', 'status'])
        .where('zaak_id', '=', a.id)
        .executeTakeFirstOrThrow();
      expect(s.status).toBe('in-behandeling');
      expect((await vraag(t, o.energie, 'DELETE', `/api/vroegsignalen/signalen/${s.id}`)).statusCode).toBe(200);
      expect((await vraag(t, mw, 'GET', `/api/signaalzaken/zaken/${a.id}`)).json()).toMatchObject({
        stopVerzocht: true,
        signalen: [{ intrekkingGevraagd: true }],
      });
    });

    it('a signal after a closed case is a new signal in a new case, marked opeenvolgend', async () => {
      await lever(t, o.energie, [rij('Eerder', '3511AB', '40')]);
      const eerste = await zaakVan(t, '3511AB|40|');
      expect(
        (
          await vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${eerste.id}/afsluiten`, {
            resultaat: 'Niet opgepakt: onterecht signaal',
          })
        ).statusCode,
      ).toBe(200);
      expect(
        await db()
          .selectFrom('vroegsignalen')
          .select(['status', 'signaalstatus'])
          .where('zaak_id', '=', eerste.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ status: 'afgehandeld', signaalstatus: 'Niet opgepakt: onterecht signaal' });
      await db()
        .updateTable('vroegsignalen')
        .set({ ontvangen_op: new Date(Date.now() - 90 * 86_400_000) })
        .where('zaak_id', '=', eerste.id)
        .execute();
      await lever(t, o.energie, [rij('Eerder', '3511AB', '40')]);
      const tweede = await zaakVan(t, '3511AB|40|');
      expect(tweede.id).not.toBe(eerste.id);
      expect(
        await db()
          .selectFrom('vroegsignalen')
          .select(['opeenvolgend', 'meervoudig'])
          .where('zaak_id', '=', tweede.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ opeenvolgend: true, meervoudig: false });
    });

    it('objection: the case is closed and not acted on; later signals for the resident land closed', async () => {
      await lever(t, o.energie, [rij('Bezwaar', '3511AB', '50')]);
      const z = await zaakVan(t, '3511AB|50|');
      const r = await vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${z.id}/bezwaar`);
      expect(r.json()).toMatchObject({ status: 'afgesloten', resultaat: 'Niet opgepakt: andere reden' });
      await lever(t, o.water, [rij('Bezwaar', '3511AB', '50')]);
      const open = (await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/zaken?limit=500')).json().zaken as {
        huisnummer: number;
      }[];
      expect(open.some((x) => x.huisnummer === 50)).toBe(false);
      const s = await db()
        .selectFrom('vroegsignalen')
        .select(['status', 'signaalstatus'])
        .where('adres_sleutel', '=', '3511AB|50|')
        .where('sector', '=', 'drinkwater')
        .executeTakeFirstOrThrow();
      expect(s).toEqual({ status: 'niet-oppakken', signaalstatus: 'Niet opgepakt: andere reden' });
    });

    it('the scheduled job links signals the intake left unlinked, and is recorded', async () => {
      await lever(t, o.energie, [rij('Vangnet', '3511AB', '60')]);
      await db()
        .updateTable('vroegsignalen')
        .set({ zaak_id: null })
        .where('adres_sleutel', '=', '3511AB|60|')
        .execute();
      await db().deleteFrom('vroegsignaalzaken').where('adres_sleutel', '=', '3511AB|60|').execute();
      const { JOBS } = await import('../../src/jobs/scheduler.ts');
      const r = await JOBS['signaalzaken-koppelen'](t.ctx);
      expect(r).toMatchObject({ nieuweZaken: 1, gekoppeld: 1 });
      expect((await zaakVan(t, '3511AB|60|')).status).toBe('nieuw');
    });
  });
}
