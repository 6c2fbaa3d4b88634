import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { KOP, lever, opzet, rij, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';

type Signaal = {
  id: string;
  klantnummer: string | null;
  gemeentecode: string;
  status: string;
  bedragAchterstand: number;
};

/** The partner's own list: filters, customer-number search, sorting and server-side paging, with counts. */
for (const kind of await databases()) {
  describe(`Signaalzaken: the partner's signal list on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
      await lever(
        t,
        o.energie,
        [
          [...rij('Een', '3511AB', '301', { bedrag: '100,00' }), '0012'],
          [...rij('Twee', '3511AB', '302', { bedrag: '900,00' }), 'k9'],
          [...rij('Drie', '1011AB', '303', { bedrag: '500,00' }), 'K10'],
          [...rij('Vier', '1011AB', '304', { bedrag: '300,00' }), 'AB7'],
        ],
        `${KOP};Klantnummer`,
      );
      // Help accepted on the first one.
      const z = (await zaakVan(t, '3511AB|301|')).id;
      for (const [actie, body] of [
        ['oppakken', { behandelaarId: o.medewerker.id }],
        ['contactpogingen', { soort: 'Telefoon', bereikt: true }],
        ['hulp-geaccepteerd', {}],
      ] as const)
        expect(
          (await vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${z}/${actie}`, body)).statusCode,
        ).toBeLessThan(300);
      // The last one arrived three days ago.
      const oud = new Date(Date.now() - 3 * 86_400_000);
      await t.ctx.db.kysely
        .updateTable('vroegsignalen')
        .set({ ontvangen_op: oud })
        .where('adres_sleutel', '=', '1011AB|304|')
        .execute();
      // Another partner's signal never shows.
      await lever(t, o.water, [[...rij('Vijf', '3511AB', '305'), '12']], `${KOP};Klantnummer`);
    });
    afterAll(async () => t?.sluit());

    const lijst = async (q: string) => {
      const r = await vraag(t, o.energie, 'GET', `/api/vroegsignalen/signalen?${q}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as Signaal[]).map((s) => s.klantnummer);
    };
    const aantallen = async (q: string) => {
      const r = await vraag(t, o.energie, 'GET', `/api/vroegsignalen/signalen/aantallen?${q}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };

    it('customer numbers are found regardless of case and leading zeros, only among its own', async () => {
      expect(await lijst('klantnummer=12')).toEqual(['0012']);
      expect(await lijst('klantnummer=000012')).toEqual(['0012']);
      expect(await lijst('klantnummer=K9')).toEqual(['k9']);
      expect(await lijst('klantnummer=K09')).toEqual([]); // only leading zeros of the whole number are ignored
      expect(await lijst('klantnummer=ab7')).toEqual(['AB7']);
      expect(await lijst('klantnummer=K99')).toEqual([]);
    });

    it('filters by status, municipality and date of receipt', async () => {
      expect(await lijst('status=hulp-geaccepteerd')).toEqual(['0012']);
      expect((await lijst('status=ontvangen')).sort()).toEqual(['AB7', 'K10', 'k9']);
      expect((await lijst('gemeentecode=GM0363')).sort()).toEqual(['AB7', 'K10']);
      const vandaag = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
      expect((await lijst(`van=${vandaag}`)).sort()).toEqual(['0012', 'K10', 'k9']);
      expect(
        await lijst(
          `tot=${new Date(Date.now() - 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' })}`,
        ),
      ).toEqual(['AB7']);
      expect(await lijst('gemeentecode=GM0363&status=hulp-geaccepteerd')).toEqual([]);
    });

    it('sorts and pages on the server, with counts under the same filters', async () => {
      expect(await lijst('sorteer=bedrag-hoog')).toEqual(['k9', 'K10', 'AB7', '0012']);
      expect(await lijst('sorteer=bedrag-laag')).toEqual(['0012', 'AB7', 'K10', 'k9']);
      expect(await lijst('sorteer=klantnummer')).toEqual(['0012', 'k9', 'AB7', 'K10']);
      expect((await lijst('sorteer=oudste'))[0]).toBe('AB7');
      const blad1 = await lijst('sorteer=bedrag-hoog&limit=2&offset=0');
      const blad2 = await lijst('sorteer=bedrag-hoog&limit=2&offset=2');
      expect([...blad1, ...blad2]).toEqual(['k9', 'K10', 'AB7', '0012']);
      expect(await aantallen('')).toEqual({ totaal: 4, ontvangen: 3, hulpGeaccepteerd: 1 });
      expect(await aantallen('status=hulp-geaccepteerd')).toEqual({ totaal: 1, ontvangen: 3, hulpGeaccepteerd: 1 });
      expect(await aantallen('gemeentecode=GM0363')).toEqual({ totaal: 2, ontvangen: 2, hulpGeaccepteerd: 0 });
    });

    it('refuses a bad filter in Dutch, naming the field', async () => {
      const r = await vraag(t, o.energie, 'GET', '/api/vroegsignalen/signalen?status=afgesloten&van=gisteren');
      expect(r.statusCode).toBe(400);
      const velden = (r.json().fouten as Array<{ veld: string }>).map((f) => f.veld).sort();
      expect(velden).toEqual(['status', 'van']);
      // Other roles: the counts are the partner's only.
      expect((await vraag(t, o.utrecht, 'GET', '/api/vroegsignalen/signalen/aantallen')).statusCode).toBe(403);
    });
  });
}
