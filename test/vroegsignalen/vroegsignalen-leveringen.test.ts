import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import {
  aanmelding,
  csv,
  gemeenteOrg,
  KOP,
  laadGemeenten,
  partnerMetConvenanten,
  rij,
  type Org,
} from '../helpers/fixtures/vroegsignalering.ts';
import { valideerSignaalRij } from '../../src/modules/vroegsignalen/validatie.ts';
import { groepeerRedenen, redenVan, REGELS_PER_REDEN } from '../../src/modules/vroegsignalen/intake/redenen.ts';
import { vandaag } from '../../src/shared/datum.ts';

const ENERGIE = { sectoren: ['energie' as const], vastgoedmanager: false };
const GOED = {
  achternaam: 'Jansen',
  huisnummer: '1',
  postcode: '3511AB',
  maanden: '2',
  bedrag: '150,00',
};
const redenen = (v: Record<string, string>) => {
  const uit = valideerSignaalRij(2, { ...GOED, ...v }, ENERGIE, vandaag());
  return 'redenen' in uit ? uit.redenen : [];
};

describe('Rejection messages say what the file said', () => {
  it('months in the file with a due date of today are not shown as "0 dagen" alone', () => {
    const [r] = redenen({ maanden: '3', vervaldatum: vandaag() });
    expect(r).toContain('3 maanden');
    expect(r).toContain(`vervaldatum ${vandaag()} is 0 dagen geleden`);
    expect(r).not.toMatch(/^Achterstand van 0 dagen/);
    // One reason, one group: the row's reasons are joined with '; ', so no message may contain it.
    expect(groepeerRedenen([{ regel: 2, reden: r! }]).map((g) => g.code)).toEqual(['buiten-termijn']);
  });

  it('months alone: the months of the file, with the days they count as', () => {
    expect(redenen({ maanden: '1' })).toEqual([
      'Achterstand van 1 maand (gerekend als 30 dagen) valt buiten de termijn voor energie (50–100 dagen)',
    ]);
    expect(redenen({ maanden: '0' })[0]).toContain('Achterstand van 0 maanden');
  });

  it('an amount in words, with a euro sign and English commas, or with letters is "not a number such as 123,45"', () => {
    for (const bedrag of ['honderd', '€ 1,234.56', '12,345', '€ 100,-', 'EUR 80']) {
      const r = redenen({ bedrag });
      expect(r, bedrag).toEqual(['Bedrag achterstand is geen getal: schrijf het bedrag in cijfers, zoals 123,45']);
      expect(redenVan(r[0]!).code).toBe('bedrag-geen-getal');
    }
    // A real amount of 0 or less keeps its own message; € with Dutch notation is accepted.
    expect(redenen({ bedrag: '0' })).toEqual(['Bedrag achterstand moet groter dan 0 zijn']);
    expect(redenen({ bedrag: '-5' })).toEqual(['Bedrag achterstand moet groter dan 0 zijn']);
    expect(redenen({ bedrag: '€ 1.234,56' })).toEqual([]);
  });

  it('every reason the row check gives has its own entry in the table of reasons', () => {
    const fout: Record<string, string>[] = [
      { achternaam: '' },
      { huisnummer: '12a' },
      { toevoeging: '#!' },
      { postcode: '3511SA' },
      { telefoon1: 'bel me' },
      { email: 'geen' },
      { maanden: 'drie' },
      { vervaldatum: '31-02-2026' },
      { sector: 'gas-en-licht' },
      { sector: 'huur' },
      { herinnering: 'misschien' },
      { contactGezocht: 'nee' },
      { woonplaats: '=1+1' },
      { achternaam: 'x'.repeat(201) },
    ];
    for (const v of fout) {
      const r = redenen(v);
      expect(r.length, JSON.stringify(v)).toBeGreaterThan(0);
      for (const x of r) expect(redenVan(x).code, x).not.toBe('overig');
      // Grouped as the report does, after the row's reasons were joined with '; '.
      expect(groepeerRedenen([{ regel: 2, reden: r.join('; ') }]).map((g) => g.code)).not.toContain('overig');
    }
    expect(redenVan('Regel heeft 6 velden, de kopregel 13').code).toBe('regel-onleesbaar');
    expect(redenVan('Iets wat niemand kent').code).toBe('overig');
    const twee = redenen({ huisnummer: '12a', sector: 'gas-en-licht' });
    expect(twee).toHaveLength(2);
    expect(groepeerRedenen([{ regel: 2, reden: twee.join('; ') }]).map((g) => g.code)).toEqual([
      'huisnummer-formaat',
      'sector-onjuist',
    ]);
  });

  it('groups rows by reason: count, the first line numbers and how many others; a row with two reasons counts twice', () => {
    const afgewezen = [
      ...Array.from({ length: REGELS_PER_REDEN + 37 }, (_, i) => ({
        regel: i + 2,
        reden: 'Postcode heeft geen geldig formaat (1234 AB)',
      })),
      {
        regel: 100,
        reden: 'Bedrag achterstand is geen getal: schrijf het bedrag in cijfers, zoals 123,45; Achternaam ontbreekt',
      },
    ];
    const g = groepeerRedenen(afgewezen);
    expect(g.map((x) => [x.code, x.aantal, x.regels.length, x.andere])).toEqual([
      ['postcode-formaat', 57, 20, 37],
      ['bedrag-geen-getal', 1, 1, 0],
      ['veld-ontbreekt', 1, 1, 0],
    ]);
    expect(g[0]!.regels.slice(0, 3)).toEqual([2, 3, 4]);
    expect(g[0]!.hulp).toContain('3511 AB');
  });
});

type Levering = {
  id: string;
  bron: string;
  bestandsnaam: string | null;
  regels: number;
  geaccepteerd: number;
  afgewezen: number;
  status: string;
};

for (const kind of await databases()) {
  describe(`Signal partner's delivery history on ${kind}`, () => {
    let t: TestOmgeving;
    let a: Org;
    let b: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadGemeenten(t, ['GM0344']);
      const utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      a = await t.organisatie('Energie A', 'signaalpartner');
      b = await t.organisatie('Energie B', 'signaalpartner');
      await partnerMetConvenanten(t, a, aanmelding(['GM0344']), [utrecht]);
      await partnerMetConvenanten(t, b, aanmelding(['GM0344']), [utrecht]);
    });
    afterAll(async () => t?.sluit());

    const upload = (org: Org, body: string, naam: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/vroegsignalen/leveringen?bestandsnaam=${naam}`,
        headers: { ...org.headers, 'content-type': 'text/csv' },
        payload: body,
      });
    const get = (org: Org, url: string) => t.app.inject({ method: 'GET', url, headers: org.headers });

    let gemengd: string;
    it('keeps every delivery (upload and API) with its counts and status, newest first, paged and filtered', async () => {
      const r1 = await upload(
        a,
        csv([
          rij('Geheimnaam1', '3511AB', '1'),
          rij('Geheimnaam2', '3511AB', '2', { bedrag: 'honderd' }),
          rij('Geheimnaam3', '3511SA', '3'),
          rij('Geheimnaam4', '3511AB', '4', { maanden: '1' }),
          rij('Geheimnaam5', '35XX', '5'),
        ]),
        'gemengd.csv',
      );
      expect(r1.statusCode).toBe(201);
      gemengd = r1.json().leveringId;
      expect(r1.json().redenen.map((g: { code: string; aantal: number }) => [g.code, g.aantal])).toEqual([
        ['postcode-formaat', 2],
        ['buiten-termijn', 1],
        ['bedrag-geen-getal', 1],
      ]);
      expect((await upload(a, csv([rij('Goed', '3511AB', '6')]), 'goed.csv')).statusCode).toBe(201);
      expect((await upload(a, csv([rij('Fout', '3511AB', '7', { bedrag: '0' })]), 'fout.csv')).statusCode).toBe(201);
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/vroegsignalen/signalen',
        headers: { ...a.headers, 'idempotency-key': 'k1' },
        payload: {
          signalen: [
            {
              achternaam: 'Api',
              huisnummer: 8,
              postcode: '3511AB',
              aantalMaandenAchterstand: 2,
              bedragAchterstand: 10,
            },
          ],
        },
      });
      expect(api.statusCode, api.body).toBe(201);
      expect((await upload(b, csv([rij('Ander', '3511AB', '9')]), 'van-b.csv')).statusCode).toBe(201);

      const lijst = (await get(a, '/api/vroegsignalen/leveringen')).json() as Levering[];
      expect(lijst.map((l) => [l.bron, l.bestandsnaam, l.regels, l.geaccepteerd, l.afgewezen, l.status])).toEqual([
        ['api', null, 1, 1, 0, 'verwerkt'],
        ['upload', 'fout.csv', 1, 0, 1, 'afgewezen'],
        ['upload', 'goed.csv', 1, 1, 0, 'verwerkt'],
        ['upload', 'gemengd.csv', 5, 1, 4, 'deels-afgewezen'],
      ]);
      const pagina = (await get(a, '/api/vroegsignalen/leveringen?limit=2&offset=2')).json() as Levering[];
      expect(pagina.map((l) => l.bestandsnaam)).toEqual(['goed.csv', 'gemengd.csv']);
      const verwerkt = (await get(a, '/api/vroegsignalen/leveringen?status=verwerkt')).json() as Levering[];
      expect(verwerkt.map((l) => l.bron)).toEqual(['api', 'upload']);
      expect((await get(a, '/api/vroegsignalen/leveringen/aantallen')).json()).toEqual({
        totaal: 4,
        verwerkt: 2,
        'deels-afgewezen': 1,
        afgewezen: 1,
      });
      expect((await get(a, '/api/vroegsignalen/leveringen/aantallen?status=afgewezen')).json().totaal).toBe(1);
      expect((await get(a, '/api/vroegsignalen/leveringen?status=onzin')).statusCode).toBe(400);
    });

    it('the kept report groups the rejected rows with how to fix them, and repeats no surname', async () => {
      const r = await get(a, `/api/vroegsignalen/leveringen/${gemengd}`);
      expect(r.statusCode).toBe(200);
      const postcode = r.json().redenen[0];
      expect(postcode).toMatchObject({ code: 'postcode-formaat', aantal: 2, regels: [4, 6], andere: 0 });
      expect(postcode.label).toBe('Postcode onjuist geschreven');
      expect(postcode.hulp).toContain('3511 AB');
      expect(r.body).not.toMatch(/Geheimnaam/);
    });

    it('the rejected rows download as CSV: line, reason and how to fix it, formula-safe, without names', async () => {
      const r = await get(a, `/api/vroegsignalen/leveringen/${gemengd}/afgewezen`);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain('text/csv');
      expect(r.headers['content-disposition']).toBe('attachment; filename="gemengd-afgewezen.csv"');
      const regels = r.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(regels[0]).toBe('Regel;Klantnummer;Reden;Soort fout;Zo lost u het op');
      expect(regels).toHaveLength(5);
      expect(regels[1]).toMatch(/^3;;"?Bedrag achterstand is geen getal.*123,45/);
      expect(regels[1]).toContain('Geen woorden zoals');
      expect(r.body).not.toMatch(/Geheimnaam|3511SA/);
    });

    it('the signal search forgives case, spaces, dots, dashes and leading zeros in customer numbers', async () => {
      const body = csv([[...rij('Klant', '3511AB', '30'), 'AB-12.345']], `${KOP};Klantnummer`);
      expect((await upload(a, body, 'klant.csv')).statusCode).toBe(201);
      const zoek = async (k: string) =>
        (
          (await get(a, `/api/vroegsignalen/signalen?klantnummer=${encodeURIComponent(k)}`)).json() as {
            klantnummer: string;
          }[]
        ).map((s) => s.klantnummer);
      for (const k of ['AB-12.345', 'ab12345', 'ab 12 345', 'Ab.12-345 '])
        expect(await zoek(k), k).toEqual(['AB-12.345']);
      expect(await zoek('ab12346')).toEqual([]);
      expect(await zoek('b12345')).toEqual([]);
      expect((await get(a, '/api/vroegsignalen/signalen/aantallen?klantnummer=ab%2012345')).json().totaal).toBe(1);
      // The other partner searching the same number finds nothing of A's.
      expect((await get(b, '/api/vroegsignalen/signalen?klantnummer=ab12345')).json()).toEqual([]);
    });

    it('another partner gets 404 for the report and the CSV, and never sees the delivery in its list', async () => {
      expect((await get(b, `/api/vroegsignalen/leveringen/${gemengd}`)).statusCode).toBe(404);
      expect((await get(b, `/api/vroegsignalen/leveringen/${gemengd}/afgewezen`)).statusCode).toBe(404);
      const lijst = (await get(b, '/api/vroegsignalen/leveringen')).json() as Levering[];
      expect(lijst.map((l) => l.bestandsnaam)).toEqual(['van-b.csv']);
      expect((await get(b, '/api/vroegsignalen/leveringen/aantallen')).json().totaal).toBe(1);
    });
  });
}
