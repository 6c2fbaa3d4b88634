import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { EINDRESULTATEN, NA_BEREIKT, NIET_NA_HULP, NIET_OPGEPAKT } from '../../src/modules/signaalzaken/vocabulaire.ts';
import { vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';

for (const kind of await databases()) {
  describe(`Signaalzaken: status flow on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let nr = 100;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
    });
    afterAll(async () => t?.sluit());

    const nieuweZaak = async () => {
      const hnr = String(++nr);
      await lever(t, o.energie, [rij('Status', '3511AB', hnr)]);
      return (await zaakVan(t, `3511AB|${hnr}|`)).id;
    };
    const doe = (id: string, actie: string, body?: object) =>
      vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${id}/${actie}`, body ?? {});
    const oppakken = (id: string) => doe(id, 'oppakken', { behandelaarId: o.medewerker.id });
    const poging = (id: string, bereikt: boolean) =>
      doe(id, 'contactpogingen', { soort: 'Telefoon', bereikt, dagdeel: 'Ochtend' });
    const afsluiten = (id: string, resultaat: string) => doe(id, 'afsluiten', { resultaat });
    /** A refused transition: 409, a Dutch message, nothing changed. */
    const geweigerd = async (id: string, r: Awaited<ReturnType<typeof doe>>, code?: string) => {
      const voor = await zaakVan(
        t,
        (
          await t.ctx.db.kysely
            .selectFrom('vroegsignaalzaken')
            .select('adres_sleutel')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).adres_sleutel,
      );
      expect(r.statusCode, r.body).toBe(409);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().title).toMatch(/[a-z].*\.$/);
      if (code) expect(r.json().code).toBe(code);
      return voor;
    };

    it('happy path: picked up -> contact attempt (reached) -> help accepted -> closed; every step recorded', async () => {
      const id = await nieuweZaak();
      expect((await oppakken(id)).json()).toMatchObject({ status: 'opgepakt', behandelaarId: o.medewerker.id });
      const p = await doe(id, 'contactpogingen', { soort: 'Huisbezoek', bereikt: true, dagdeel: 'Middag' });
      expect(p.statusCode).toBe(201);
      const h = await doe(id, 'hulp-geaccepteerd', {});
      expect(h.json()).toEqual({ id, hulpGeaccepteerdOp: vandaag(), opschortingTot: plusDagen(vandaag(), 30) });
      expect((await afsluiten(id, 'Vervolghulp en/of verwijzing financieel')).json()).toMatchObject({
        status: 'afgesloten',
      });
      const z = (await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${id}`)).json();
      expect(z).toMatchObject({
        status: 'afgesloten',
        resultaat: 'Vervolghulp en/of verwijzing financieel',
        datumOpgepakt: vandaag(),
        eersteActieOp: vandaag(),
      });
      expect(z.contactpogingen).toMatchObject([
        { soort: 'Huisbezoek', bereikt: true, dagdeel: 'Middag', datum: vandaag() },
      ]);
      expect(
        z.historie.map((x: { gebeurtenis: string; van: string | null; naar: string | null }) => [
          x.gebeurtenis,
          x.van,
          x.naar,
        ]),
      ).toEqual([
        ['aangemaakt', null, 'nieuw'],
        ['opgepakt', 'nieuw', 'opgepakt'],
        ['contactpoging', 'opgepakt', 'contact'],
        ['hulp-geaccepteerd', 'contact', 'contact'],
        ['afgesloten', 'contact', 'afgesloten'],
      ]);
      expect(z.historie[1]).toMatchObject({ organisatieId: o.utrecht.id, actorSoort: 'api-sleutel' });
      expect(z.historie[1].tijdstip).toBeTruthy();
      const audit = await t.ctx.db.kysely.selectFrom('audit_log').select('actie').where('onderwerp', '=', id).execute();
      expect(audit.map((a) => a.actie)).toEqual(
        expect.arrayContaining([
          'signaalzaak.opgepakt',
          'signaalzaak.contactpoging',
          'signaalzaak.hulp-geaccepteerd',
          'signaalzaak.afgesloten',
        ]),
      );
    });

    it('allowed closures: not picked up (from new), no contact after an unreached attempt, referral without contact', async () => {
      const a = await nieuweZaak();
      expect((await afsluiten(a, 'Niet opgepakt: herhaalde melding')).statusCode).toBe(200);
      const b = await nieuweZaak();
      await oppakken(b);
      await poging(b, false);
      expect((await afsluiten(b, 'Definitief geen contact kunnen krijgen')).statusCode).toBe(200);
      const c = await nieuweZaak();
      await oppakken(c);
      expect((await afsluiten(c, 'Verwijzing zonder contact')).statusCode).toBe(200);
      const d = await nieuweZaak();
      await oppakken(d);
      expect((await afsluiten(d, 'Inwoner is overleden')).statusCode).toBe(200);
    });

    it('forbidden from new: contact attempt, help accepted, any closure that needs a pick-up', async () => {
      const id = await nieuweZaak();
      await geweigerd(id, await poging(id, true), 'niet_opgepakt');
      await geweigerd(id, await doe(id, 'hulp-geaccepteerd'), 'geen_contact');
      for (const r of EINDRESULTATEN.filter((x) => !NIET_OPGEPAKT.includes(x)))
        await geweigerd(id, await afsluiten(id, r), 'niet_opgepakt');
      expect((await zaakVan(t, `3511AB|${nr}|`)).status).toBe('nieuw');
    });

    it('forbidden once picked up without contact: pick up again, help accepted, no-contact / reached results, not-picked-up results', async () => {
      const id = await nieuweZaak();
      await oppakken(id);
      await geweigerd(id, await oppakken(id), 'al_opgepakt');
      await geweigerd(id, await doe(id, 'hulp-geaccepteerd'), 'geen_contact');
      await geweigerd(id, await afsluiten(id, 'Definitief geen contact kunnen krijgen'), 'geen_contactpoging');
      for (const r of NA_BEREIKT) await geweigerd(id, await afsluiten(id, r), 'geen_contact');
      for (const r of NIET_OPGEPAKT.filter((x) => x.startsWith('Niet opgepakt')))
        await geweigerd(id, await afsluiten(id, r), 'al_opgepakt');
      expect((await zaakVan(t, `3511AB|${nr}|`)).status).toBe('opgepakt');
    });

    it('forbidden after an unreached attempt: help accepted and results that need the resident reached', async () => {
      const id = await nieuweZaak();
      await oppakken(id);
      await poging(id, false);
      await geweigerd(id, await doe(id, 'hulp-geaccepteerd'), 'geen_contact');
      for (const r of NA_BEREIKT) await geweigerd(id, await afsluiten(id, r), 'geen_contact');
    });

    it('forbidden after the resident was reached / accepted help', async () => {
      const id = await nieuweZaak();
      await oppakken(id);
      await poging(id, true);
      await geweigerd(id, await afsluiten(id, 'Definitief geen contact kunnen krijgen'), 'wel_contact');
      expect((await doe(id, 'hulp-geaccepteerd', { datum: plusDagen(vandaag(), 1) })).statusCode).toBe(400);
      expect((await doe(id, 'hulp-geaccepteerd')).statusCode).toBe(200);
      await geweigerd(id, await doe(id, 'hulp-geaccepteerd'), 'hulp_al_geaccepteerd');
      for (const r of NIET_NA_HULP) await geweigerd(id, await afsluiten(id, r));
    });

    it('forbidden on a closed case: every action', async () => {
      const id = await nieuweZaak();
      await afsluiten(id, 'Niet opgepakt: onterecht signaal');
      await geweigerd(id, await oppakken(id), 'zaak_afgesloten');
      await geweigerd(id, await poging(id, true), 'zaak_afgesloten');
      await geweigerd(id, await doe(id, 'hulp-geaccepteerd'), 'zaak_afgesloten');
      await geweigerd(id, await afsluiten(id, 'Niet opgepakt: andere reden'), 'zaak_afgesloten');
      await geweigerd(id, await doe(id, 'bezwaar'), 'zaak_afgesloten');
      await geweigerd(id, await doe(id, 'crisis'), 'zaak_afgesloten');
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('resultaat')
        .where('onderwerp', '=', id)
        .where('actie', '=', 'signaalzaak.opgepakt')
        .execute();
      expect(audit).toEqual([{ resultaat: 'geweigerd' }]);
    });

    it('input is checked: unknown contact kind or end result, a date in the future', async () => {
      const id = await nieuweZaak();
      await oppakken(id);
      expect((await doe(id, 'contactpogingen', { soort: 'Postduif', bereikt: true })).statusCode).toBe(400);
      expect(
        (await doe(id, 'contactpogingen', { soort: 'Brief', bereikt: false, datum: plusDagen(vandaag(), 2) }))
          .statusCode,
      ).toBe(400);
      expect((await afsluiten(id, 'Klaar')).statusCode).toBe(400);
    });
  });
}
