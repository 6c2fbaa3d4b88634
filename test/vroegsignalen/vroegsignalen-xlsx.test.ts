import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import {
  aanmelding,
  dagenGeleden,
  gemeenteOrg,
  laadGemeenten,
  partnerMetConvenanten,
  type Org,
} from '../helpers/fixtures/vroegsignalering.ts';
import { controleerZip, XLSX_GRENZEN } from '../../src/modules/vroegsignalen/xlsx.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TITELS = [
  'Achternaam',
  'Voorletters',
  'Huisnummer',
  'Postcode',
  'Aantal maanden achterstand',
  'Bedrag achterstand',
  'Vervaldatum',
  'Klantnummer',
];

async function werkboek(rows: unknown[][], titels = TITELS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Signalen');
  ws.addRow(titels);
  for (const r of rows) ws.addRow(r);
  wb.addWorksheet('Tweede blad').addRow(['Geboortedatum']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

for (const kind of await databases()) {
  describe(`Vroegsignalen xlsx on ${kind}`, () => {
    let t: TestOmgeving;
    let a: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadGemeenten(t, ['GM0344', 'GM0363']);
      const utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      const amsterdam = await gemeenteOrg(t, 'Gemeente Amsterdam', 'GM0363');
      a = await t.organisatie('Energie A', 'signaalpartner');
      await partnerMetConvenanten(t, a, aanmelding(['GM0344', 'GM0363']), [utrecht, amsterdam]);
    });
    afterAll(async () => t?.sluit());

    const upload = (body: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vroegsignalen/leveringen?bestandsnaam=s.xlsx',
        headers: { ...a.headers, 'content-type': XLSX },
        payload: body,
      });
    const aantal = async () =>
      (
        await t.ctx.db.kysely
          .selectFrom('vroegsignalen')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;

    it('reads the first sheet: numbers, dates, formulas by cached value; line numbers match Excel rows', async () => {
      const vervaldatum = new Date(`${dagenGeleden(70)}T00:00:00Z`);
      const body = await werkboek([
        ['Jansen', 'J.', 1, '3511AB', 2, 150.5, null, 'X1'],
        ['de Vries', 'P.', 2, '1011 AB', 9, { formula: 'SUM(1,2)', result: 3 }, vervaldatum, 'X2'],
        [],
        ['Fout', 'F.', 3, '3511AB', 2, -5, null, 'X3'],
        ['Formule', 'F.', 4, '3511AB', 2, 80, null, { formula: 'CONCAT("=",1)' }],
      ]);
      const r = await upload(body);
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({
        regels: 4,
        geaccepteerd: 3,
        afgewezen: [{ regel: 5, reden: expect.stringContaining('groter dan 0'), klantnummer: 'X3' }],
      });
      const rows = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['klantnummer', 'bedrag_achterstand', 'vervaldatum', 'gemeentecode'])
        .orderBy('huisnummer')
        .execute();
      expect(rows.map((x) => [x.klantnummer, Number(x.bedrag_achterstand), x.vervaldatum, x.gemeentecode])).toEqual([
        ['X1', 150.5, null, 'GM0344'],
        ['X2', 3, dagenGeleden(70), 'GM0363'],
        [null, 80, null, 'GM0344'],
      ]);
    });

    it('an unknown column in an xlsx refuses the whole file', async () => {
      const voor = await aantal();
      const r = await upload(
        await werkboek([['Jansen', 'J.', 9, '3511AB', 2, 10, null, 'X9', 'x']], [...TITELS, 'BSN']),
      );
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toContain("Kolom 'BSN' is niet toegestaan");
      expect(await aantal()).toBe(voor);
    });

    it('a zip bomb is refused before parsing (declared ratio), and the real inflated size is checked too', async () => {
      const bom = await werkboek([['A'.repeat(8 * 1024 * 1024), 'J.', 1, '3511AB', 2, 10, null, 'B1']]);
      expect(bom.length).toBeLessThan(200 * 1024);
      const r = await upload(bom);
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toContain('onredelijk grote omvang');
      // Total inflated size cap (independent of the ratio).
      const klein = await werkboek([['Jansen', 'J.', 1, '3511AB', 2, 10, null, 'B2']]);
      await expect(controleerZip(klein, { ...XLSX_GRENZEN, maxUitgepakt: 1000 })).rejects.toMatchObject({
        status: 400,
      });
      await expect(controleerZip(klein, XLSX_GRENZEN)).resolves.toBeUndefined();
    });

    it('no temporary copy of a sheet is left on disk, after a full read, a refusal half-way or a reader that stops early', async () => {
      const { leesXlsx } = await import('../../src/modules/vroegsignalen/xlsx.ts');
      // New temp files only: an earlier test's files may still be going away meanwhile (then a count would drop).
      const namen = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
      const voor = new Set(namen());
      const nieuw = () => namen().filter((f) => !voor.has(f));
      const boek = await werkboek(
        Array.from({ length: 50 }, (_, i) => ['N', 'J.', i + 1, '3511AB', 2, 10, null, `T${i}`]),
      );
      const lees = (g = XLSX_GRENZEN) =>
        leesXlsx(
          Readable.from([boek]),
          { maxBytes: 1e7, kolommen: { a: ['Achternaam'] }, onbekendeKolom: 'negeren' },
          g,
        );
      let n = 0;
      for await (const _ of lees()) n++;
      expect(n).toBe(50);
      await expect(
        (async () => {
          for await (const _ of lees({ ...XLSX_GRENZEN, maxCellen: 100 })) void _;
        })(),
      ).rejects.toMatchObject({ status: 413 });
      for await (const _ of lees()) break;
      // exceljs removes its temp files asynchronously; on a loaded machine that took more than 5 s once (full suite).
      for (let i = 0; i < 300 && nieuw().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(nieuw()).toEqual([]);
    });

    it('a valid workbook is read every time (exceljs loses its workbook part now and then; the read is repeated)', async () => {
      const { leesXlsx } = await import('../../src/modules/vroegsignalen/xlsx.ts');
      const boek = await werkboek([['Jansen', 'J.', 1, '3511AB', 2, 150.5, null, 'X1']]);
      const uitkomsten = new Map<string, number>();
      for (let i = 0; i < 300; i++) {
        let uitkomst = 'ok';
        try {
          let n = 0;
          for await (const _ of leesXlsx(Readable.from([boek]), {
            maxBytes: 1e7,
            kolommen: { a: ['Achternaam'] },
            onbekendeKolom: 'negeren',
          }))
            n++;
          if (n !== 1) uitkomst = `${n} regels`;
        } catch (e) {
          uitkomst = (e as { publicMessage?: string }).publicMessage ?? (e as Error).message;
        }
        uitkomsten.set(uitkomst, (uitkomsten.get(uitkomst) ?? 0) + 1);
      }
      expect(Object.fromEntries(uitkomsten)).toEqual({ ok: 300 });
    });

    it('a broken zip and a cap on cells are errors, not crashes', async () => {
      const kapot = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 1)]);
      const r = await upload(kapot);
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toContain('kan niet worden gelezen');
      const { leesXlsx } = await import('../../src/modules/vroegsignalen/xlsx.ts');
      const veel = await werkboek(
        Array.from({ length: 50 }, (_, i) => ['N', 'J.', i + 1, '3511AB', 2, 10, null, `C${i}`]),
      );
      const it = leesXlsx(
        Readable.from([veel]),
        { maxBytes: 1e7, kolommen: { a: ['Achternaam'] }, onbekendeKolom: 'negeren' },
        { ...XLSX_GRENZEN, maxCellen: 100 },
      );
      await expect(
        (async () => {
          for await (const _ of it) void _;
        })(),
      ).rejects.toMatchObject({ status: 413 });
    });
  });
}
