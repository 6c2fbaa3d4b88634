import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, sessie, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { bsns, maak, sluit, traject } from '../helpers/fixtures/trajecten.ts';
import { plusMaanden, vandaag } from '../../src/shared/datum.ts';

for (const kind of await databases()) {
  describe(`Signaalzaken: relapse routing and reports on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
    });
    afterAll(async () => t?.sluit());

    it('a signal for a resident whose trajectory closed 2 months ago goes to that counsellor, marked relapse', async () => {
      // The real relapse check of the trajectories module (zoekTerugval).
      const [bsn] = bsns(31_000_000, 1);
      const tr = await maak(
        t,
        o.kredietbank,
        traject(bsn!, {
          achternaam: 'Terug',
          voorletters: 'A.',
          postcode: '3511 AB',
          huisnummer: 70,
          consulent: { naam: 'K. Consulent', gebruikerId: o.consulent.id },
        }),
      );
      await sluit(t, o.kredietbank, tr.id, plusMaanden(vandaag(), -2));
      await lever(t, o.energie, [rij('Terug', '3511AB', '70'), rij('Anders', '3511AB', '71')]);
      const z = await zaakVan(t, '3511AB|70|');
      expect(z).toMatchObject({
        status: 'nieuw',
        terugval_traject_id: tr.id,
        organisatie_id: o.kredietbank.id,
        behandelaar_id: o.consulent.id,
      });
      expect((await zaakVan(t, '3511AB|71|')).terugval_traject_id).toBeNull();

      // The debt-help organisation sees it without a work area; counted separately.
      const kb = (await vraag(t, o.kredietbank, 'GET', '/api/signaalzaken/zaken')).json();
      expect(kb.zaken.map((x: { id: string }) => x.id)).toEqual([z.id]);
      expect(kb.tellingen).toMatchObject({ open: 1, terugval: 1 });
      const gm = (await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/zaken?terugval=true')).json();
      expect(gm.zaken).toMatchObject([
        { id: z.id, terugval: true, behandelendeOrganisatieId: o.kredietbank.id, behandelaarId: o.consulent.id },
      ]);
      expect(gm.tellingen.terugval).toBe(1);
      const detail = (await vraag(t, o.kredietbank, 'GET', `/api/signaalzaken/zaken/${z.id}`)).json();
      expect(detail).toMatchObject({ terugvalTrajectId: tr.id, terugvalRegel: expect.stringContaining('adres') });
      expect(detail.historie.map((h: { gebeurtenis: string }) => h.gebeurtenis)).toContain('terugval');

      // The counsellor picks it up and works it.
      const c = await sessie(t, o.consulent);
      expect((await vraag(t, c, 'POST', `/api/signaalzaken/zaken/${z.id}/oppakken`, {})).json()).toMatchObject({
        status: 'opgepakt',
        behandelaarId: o.consulent.id,
      });
      expect(
        (
          await vraag(t, c, 'POST', `/api/signaalzaken/zaken/${z.id}/contactpogingen`, {
            soort: 'Telefoon',
            bereikt: true,
          })
        ).statusCode,
      ).toBe(201);
      expect((await vraag(t, c, 'POST', `/api/signaalzaken/zaken/${z.id}/hulp-geaccepteerd`, {})).statusCode).toBe(200);
      // Another debt-help organisation does not see it.
      expect((await vraag(t, o.wijkteam, 'GET', `/api/signaalzaken/zaken/${z.id}`)).statusCode).toBe(404);
    });

    it('report: signals per sector and month, share within deadline, help-accepted rate, relapse; JSON and CSV', async () => {
      await lever(t, o.water, [rij('Water', '3511AB', '72')]);
      const laat = await zaakVan(t, '3511AB|71|');
      await t.ctx.db.kysely
        .updateTable('vroegsignaalzaken')
        .set({ deadline: plusMaanden(vandaag(), -1) })
        .where('id', '=', laat.id)
        .execute();
      const maand = vandaag().slice(0, 7);
      const r = await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/rapportage?van=${maand}&tot=${maand}`);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ gemeentecode: 'GM0344', van: maand, tot: maand });
      expect(r.json().maanden).toEqual([
        {
          maand,
          signalenPerSector: { energie: 2, warmte: 0, drinkwater: 1, zorgverzekering: 0, huur: 0, overig: 0 },
          signalen: 3,
          zaken: 3,
          termijnBekend: 2,
          binnenTermijn: 1,
          aandeelBinnenTermijn: 50,
          hulpGeaccepteerd: 1,
          aandeelHulpGeaccepteerd: 33.3,
          terugval: 1,
          // The relapse case reached its resident on its day of receipt; the late one is open, past its deadline.
          bereikt: 1,
          contactuitkomstBekend: 1,
          bereikgraad: 100,
          doorlooptijdMediaan: 0,
          doorlooptijdP90: 0,
          teLaat: 1,
        },
      ]);
      // CSV export: a name that a spreadsheet would run as a formula is escaped.
      await t.ctx.db.kysely
        .updateTable('gemeenten')
        .set({ naam: '=HYPERLINK("http://x.example","Utrecht")' })
        .where('gemeentecode', '=', 'GM0344')
        .execute();
      const csv = await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/rapportage/csv?van=${maand}&tot=${maand}`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const regels = csv.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      expect(regels[0]).toBe(
        'Gemeente;Gemeentecode;Maand;Signalen energie;Signalen warmte;Signalen drinkwater;Signalen zorgverzekering;Signalen huur;Signalen overig;Signalen totaal;Zaken;Termijn bekend;Binnen termijn;Aandeel binnen termijn (%);Hulp geaccepteerd;Aandeel hulp geaccepteerd (%);Terugval;Bereikt;Contactuitkomst bekend;Bereikgraad (%);Doorlooptijd mediaan (kalenderdagen);Doorlooptijd p90 (kalenderdagen);Te laat',
      );
      expect(regels[1]).toBe(
        `"'=HYPERLINK(""http://x.example"",""Utrecht"")";GM0344;${maand};2;0;1;0;0;0;3;3;2;1;"50,0";1;"33,3";1;1;1;"100,0";0;0;1`,
      );
      expect(regels[2]).toMatch(/;Totaal;2;0;1;0;0;0;3;3;2;1;"50,0";1;"33,3";1;1;1;"100,0";0;0;1$/);
      expect(regels.slice(1).every((l) => !/(^|;)[=+\-@]/.test(l))).toBe(true);
      // Only the municipality's coordinator (or its system); not another organisation, not a worker.
      expect((await vraag(t, o.kredietbank, 'GET', '/api/signaalzaken/rapportage')).statusCode).toBe(403);
      expect(
        (await vraag(t, await sessie(t, o.medewerker), 'GET', '/api/signaalzaken/rapportage/csv')).statusCode,
      ).toBe(403);
      expect((await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/rapportage?van=2026-13')).statusCode).toBe(400);
    });
  });
}
