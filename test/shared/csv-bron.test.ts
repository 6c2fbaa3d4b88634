import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { AppError } from '../../src/shared/errors.ts';
import {
  leesCsv,
  normaliseerKop,
  escapeCsvCel,
  csvRegel,
  type CsvOpties,
  type CsvRegel,
} from '../../src/shared/csv-bron.ts';

const opties = (extra: Partial<CsvOpties> = {}): CsvOpties => ({
  maxBytes: 10 * 1024 * 1024,
  kolommen: {
    naam: ['Naam'],
    plaats: ['Plaats', 'Woonplaats'],
    maanden: ['Aantal maanden achterstand'],
  },
  verplicht: ['naam'],
  onbekendeKolom: 'weigeren',
  ...extra,
});

async function* stukken(buf: Buffer, grootte = 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += grootte) yield buf.subarray(i, i + grootte);
}

async function lees(buf: Buffer, o: CsvOpties = opties(), grootte?: number): Promise<CsvRegel[]> {
  const uit: CsvRegel[] = [];
  for await (const r of leesCsv(stukken(buf, grootte), o)) uit.push(r);
  return uit;
}

async function fout(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('verwachtte een fout');
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('leesCsv: tekenset', () => {
  it('UTF-8 zonder BOM', async () => {
    const r = await lees(utf8('Naam;Plaats\r\nJosé;Hoogezand-Sappemeer\r\n'));
    expect(r).toEqual([{ regel: 2, velden: { naam: 'José', plaats: 'Hoogezand-Sappemeer' } }]);
  });

  it('UTF-8 met BOM (BOM weg, kop herkend)', async () => {
    const r = await lees(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('Naam;Plaats\nZoë;Den Haag\n')]));
    expect(r).toEqual([{ regel: 2, velden: { naam: 'Zoë', plaats: 'Den Haag' } }]);
  });

  it('Windows-1252 met é, ë en €', async () => {
    const bytes = iconv.encode('Naam;Plaats\r\nRené Ëlbers;€ 12\r\n', 'windows-1252');
    expect(bytes.includes(0x80)).toBe(true);
    const r = await lees(bytes);
    expect(r[0]?.velden).toEqual({ naam: 'René Ëlbers', plaats: '€ 12' });
  });

  it('1-byte stukken: UTF-8 tekens over stukgrenzen heen', async () => {
    const r = await lees(utf8('Naam;Plaats\n€uro Zoë;Ĳmuiden 😀\n"a\nb";x\n'), opties(), 1);
    expect(r).toEqual([
      { regel: 2, velden: { naam: '€uro Zoë', plaats: 'Ĳmuiden 😀' } },
      { regel: 3, velden: { naam: 'a\nb', plaats: 'x' } },
    ]);
  });

  it('1-byte stukken na het gesnoven deel (streaming decoder)', async () => {
    const b = utf8('Naam;Plaats\n' + 'Jan;Assen\n'.repeat(7000) + '€uro Zoë;😀\n');
    const r = await lees(b, opties(), 1);
    expect(r).toHaveLength(7001);
    expect(r[7000]).toEqual({ regel: 7002, velden: { naam: '€uro Zoë', plaats: '😀' } });
  });

  it('UTF-8 dat na 64 KiB ongeldig wordt: 400', async () => {
    const begin = utf8('Naam;Plaats\n' + 'Jan;Assen\n'.repeat(8000));
    const e = await fout(lees(Buffer.concat([begin, iconv.encode('René;Ede\n', 'windows-1252')])));
    expect(e.status).toBe(400);
    expect(e.publicMessage).toMatch(/ongeldige tekens.*UTF-8 of Windows-1252/);
  });

  it('UTF-16 met BOM wordt geweigerd', async () => {
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]) {
      const e = await fout(lees(Buffer.concat([Buffer.from(bom), Buffer.from('Naam\n', 'utf16le')])));
      expect(e.status).toBe(400);
      expect(e.publicMessage).toMatch(/UTF-16/);
    }
  });

  it('binaire rommel: 400 geen CSV', async () => {
    const rommel = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < rommel.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      rommel[i] = x >> 16;
    }
    rommel[10] = 0;
    const e = await fout(lees(rommel));
    expect(e.status).toBe(400);
    expect(e.publicMessage).toMatch(/geen CSV-bestand/);
    // Without NULs, control characters alone give it away too.
    const e2 = await fout(lees(Buffer.from(rommel.map((b) => (b === 0 ? 1 : b)))));
    expect(e2.publicMessage).toMatch(/geen CSV-bestand/);
  });
});

describe('leesCsv: structuur', () => {
  it('komma als scheidingsteken', async () => {
    const r = await lees(utf8('Naam,Plaats\n"Jansen, J.",Zwolle\n'));
    expect(r[0]?.velden).toEqual({ naam: 'Jansen, J.', plaats: 'Zwolle' });
  });

  it('tab als scheidingsteken', async () => {
    const r = await lees(utf8('Naam\tPlaats\nJan\tUtrecht\n'));
    expect(r[0]?.velden).toEqual({ naam: 'Jan', plaats: 'Utrecht' });
  });

  it('puntkomma wint van komma in de kopregel', async () => {
    const r = await lees(utf8('Naam;Plaats\nJansen, J.;Zwolle\n'));
    expect(r[0]?.velden).toEqual({ naam: 'Jansen, J.', plaats: 'Zwolle' });
  });

  it('regelnummers kloppen na een newline in een veld (LF en CRLF)', async () => {
    for (const nl of ['\n', '\r\n']) {
      const tekst =
        ['Naam;Plaats', 'A;"regel een', 'regel twee', 'regel drie"', '', 'B;Ede', '  ;  ', 'C;"x""y"'].join(nl) + nl;
      const r = await lees(utf8(tekst));
      expect(r.map((x) => x.regel)).toEqual([2, 6, 8]);
      expect(r[0]?.velden.plaats).toBe(`regel een${nl}regel twee${nl}regel drie`);
      expect(r[2]?.velden.plaats).toBe('x"y');
    }
  });

  it('regelnummers kloppen bij lege regels, losse CR en in kleine stukjes gelezen; een fout daarna noemt de goede regel', async () => {
    const tekst = 'Naam;Plaats\r\n\r\n\rA;"x\r\ny"\r\n\n\nB;Ede\rC;Assen\n';
    for (const grootte of [1, 3, 1024]) {
      const r = await lees(utf8(tekst), opties(), grootte);
      expect(r.map((x) => [x.regel, x.velden.naam])).toEqual([
        [4, 'A'],
        [8, 'B'],
        [9, 'C'],
      ]);
      const e = await fout(lees(utf8(`${tekst}\n\nD;"open\nE;F\n`), opties(), grootte));
      expect(e.publicMessage).toBe('Een aanhalingsteken op regel 12 wordt niet gesloten.');
    }
  });

  it('waarden worden getrimd, lege regels overgeslagen', async () => {
    const r = await lees(utf8('Naam;Plaats\n\n  Jan  ;  Assen \n;;\n'));
    expect(r).toEqual([{ regel: 3, velden: { naam: 'Jan', plaats: 'Assen' } }]);
  });

  it('afwijkend aantal velden: regel met fout, geen exceptie', async () => {
    const r = await lees(utf8('Naam;Plaats\nJan\nPiet;Ede;extra\nKlaas;Oss\n'));
    expect(r.map((x) => x.fout)).toEqual([
      'Regel heeft 1 veld, de kopregel 2',
      'Regel heeft 3 velden, de kopregel 2',
      undefined,
    ]);
    expect(r[0]?.velden).toEqual({ naam: 'Jan', plaats: '' });
  });

  it('niet gesloten aanhalingsteken: 400 met regelnummer', async () => {
    const e = await fout(lees(utf8('Naam;Plaats\nKees;Ede\nJan;"Assen\nPiet;Ede\n')));
    expect(e.status).toBe(400);
    expect(e.publicMessage).toBe('Een aanhalingsteken op regel 3 wordt niet gesloten.');
    const e2 = await fout(lees(utf8('Naam;Plaats\nJan;Ede;"x""y"z\n')));
    expect(e2.publicMessage).toMatch(/^Regel 2 kan niet worden gelezen/);
    // A huge unclosed field is cut off at 1,000,000 characters instead of filling memory.
    const e3 = await fout(lees(utf8('Naam;Plaats\nJan;"' + 'x'.repeat(2_000_000)), opties({ maxBytes: 5e6 })));
    expect(e3.publicMessage).toMatch(/^Regel 2 is te lang/);
  });

  it('leeg bestand: 400', async () => {
    for (const b of [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), utf8('\r\n\n  \n')]) {
      const e = await fout(lees(b));
      expect(e.status).toBe(400);
      expect(e.publicMessage).toMatch(/Het bestand is leeg/);
    }
  });

  it('alleen een kopregel: niets, maar opHeader wordt aangeroepen', async () => {
    let keys: string[] | undefined;
    const r = await lees(
      utf8('Woonplaats;Naam\r\n'),
      opties({
        opHeader: (k) => {
          keys = k;
        },
      }),
    );
    expect(r).toEqual([]);
    expect(keys).toEqual(['plaats', 'naam']);
  });
});

describe('leesCsv: kopregel', () => {
  it('normaliseerKop', () => {
    const n = normaliseerKop('Aantal maanden achterstand');
    for (const t of [
      'aantal_maanden_achterstand',
      ' AANTAL MAANDEN  ACHTERSTAND ',
      'Aantal-maanden-achterstand',
      'Äantal maanden achterständ',
      'aantalMaandenAchterstand',
    ]) {
      expect(normaliseerKop(t)).toBe(n);
    }
  });

  it('kopvarianten worden herkend', async () => {
    const r = await lees(
      utf8('NAAM;woon_plaats;" aantal  MAANDEN-achterstand "\nJan;Ede;3\n'),
      opties({ kolommen: { naam: ['Naam'], plaats: ['Woon plaats'], maanden: ['Aantal maanden achterstand'] } }),
    );
    expect(r[0]?.velden).toEqual({ naam: 'Jan', plaats: 'Ede', maanden: '3' });
  });

  it('onbekende kolom geweigerd, voordat er een regel komt', async () => {
    const gezien: CsvRegel[] = [];
    const e = await fout(
      (async () => {
        for await (const r of leesCsv(stukken(utf8('Naam;BSN;Plaats\nJan;123;Ede\n')), opties())) gezien.push(r);
      })(),
    );
    expect(e.status).toBe(400);
    expect(e.publicMessage).toMatch(/^Kolom 'BSN' is niet toegestaan/);
    expect(gezien).toEqual([]);
  });

  it('onbekende kolom genegeerd met negeren', async () => {
    const r = await lees(utf8('Naam;Opmerking;Plaats\nJan;x;Ede\n'), opties({ onbekendeKolom: 'negeren' }));
    expect(r[0]?.velden).toEqual({ naam: 'Jan', plaats: 'Ede' });
  });

  it('verplichte kolom ontbreekt: 400 met naam', async () => {
    const e = await fout(lees(utf8('Plaats\nEde\n'), opties({ verplicht: ['naam', 'maanden'] })));
    expect(e.status).toBe(400);
    expect(e.publicMessage).toBe("De verplichte kolommen 'Naam', 'Aantal maanden achterstand' ontbreken.");
  });

  it('dubbele kolom: 400', async () => {
    const e = await fout(lees(utf8('Naam;Plaats;Woonplaats\nJan;Ede;Ede\n')));
    expect(e.status).toBe(400);
    expect(e.publicMessage).toMatch(/Woonplaats.*meer dan één keer/);
  });
});

describe('leesCsv: grenzen', () => {
  it('maxBytes overschreden: 413', async () => {
    const e = await fout(lees(utf8('Naam\n' + 'Jan\n'.repeat(1000)), opties({ maxBytes: 2000 })));
    expect(e.status).toBe(413);
    expect(e.publicMessage).toMatch(/MB/);
    // Past the sniffed part too (error travels through the parser pipeline).
    const groot = utf8('Naam\n' + 'Jansen\n'.repeat(200_000));
    const e2 = await fout(lees(groot, opties({ maxBytes: 1024 * 1024 }), 16 * 1024));
    expect(e2.status).toBe(413);
    expect(e2.publicMessage).toBe('Het bestand is te groot: de grens is 1 MB.');
  });

  it('NUL-byte na het gesnoven deel: 400 geen CSV', async () => {
    const b = Buffer.concat([utf8('Naam\n' + 'Jan\n'.repeat(40_000)), Buffer.from([0x4a, 0, 0x0a])]);
    const e = await fout(lees(b, opties(), 4096));
    expect(e.publicMessage).toMatch(/geen CSV-bestand/);
  });

  it('maxRows overschreden: 413, precies maxRows is goed', async () => {
    const b = utf8('Naam\n' + 'Jan\n'.repeat(10));
    expect(await lees(b, opties({ maxRows: 10 }))).toHaveLength(10);
    const e = await fout(lees(b, opties({ maxRows: 9 })));
    expect(e.status).toBe(413);
    expect(e.publicMessage).toMatch(/te veel regels/);
  });

  it('bron wordt gesloten als de lezer stopt', async () => {
    let gesloten = false;
    async function* bron() {
      try {
        yield utf8('Naam\n');
        for (;;) yield utf8('Jan\n'.repeat(100));
      } finally {
        gesloten = true;
      }
    }
    for await (const r of leesCsv(bron(), opties())) if (r.regel > 50) break;
    expect(gesloten).toBe(true);
  });

  it('200.000 regels stromen door met begrensd geheugen', async () => {
    const N = 200_000;
    async function* bron() {
      yield utf8('Naam;Plaats;Aantal maanden achterstand\r\n');
      for (let i = 0; i < N; i += 1000) {
        let s = '';
        for (let j = i; j < i + 1000; j++) s += `Persoon ${j};"Plaats; ${j}";${j % 12}\r\n`;
        yield utf8(s);
      }
    }
    const meldingen: number[] = [];
    let n = 0;
    let laatste = 0;
    const voor = process.memoryUsage().heapUsed;
    let piek = voor;
    for await (const r of leesCsv(bron(), opties({ maxBytes: 100 * 1024 * 1024 }), (_b, rows) =>
      meldingen.push(rows),
    )) {
      n++;
      laatste = r.regel;
      if (n % 20_000 === 0) piek = Math.max(piek, process.memoryUsage().heapUsed);
    }
    expect(n).toBe(N);
    expect(laatste).toBe(N + 1);
    expect(meldingen).toHaveLength(N / 10_000 + 1);
    expect(piek - voor).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('escapeCsvCel / csvRegel', () => {
  it('formule-injectie', () => {
    expect(escapeCsvCel('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(escapeCsvCel('+31')).toBe("'+31");
    expect(escapeCsvCel('-5')).toBe("'-5");
    expect(escapeCsvCel('@x')).toBe("'@x");
    expect(escapeCsvCel('\tx')).toBe("'\tx");
    expect(escapeCsvCel('\rx')).toBe('"\'\rx"');
    expect(escapeCsvCel('gewone tekst')).toBe('gewone tekst');
  });

  it('quoten', () => {
    expect(escapeCsvCel('a;b "c"')).toBe('"a;b ""c"""');
    expect(escapeCsvCel('a,b')).toBe('"a,b"');
    expect(escapeCsvCel('a\nb')).toBe('"a\nb"');
    expect(escapeCsvCel('=1;2')).toBe('"\'=1;2"');
  });

  it('csvRegel', () => {
    expect(csvRegel(['Jan', 3, null, undefined, '=1+1', -5])).toBe("Jan;3;;;'=1+1;-5\r\n");
    expect(csvRegel(['a\tb', 'c'], '\t')).toBe('"a\tb"\tc\r\n');
  });

  it('export is weer in te lezen', async () => {
    const b = utf8(csvRegel(['Naam', 'Plaats']) + csvRegel(['Jansen; "J"', 'Ede\nNoord']));
    const r = await lees(b);
    expect(r[0]?.velden).toEqual({ naam: 'Jansen; "J"', plaats: 'Ede\nNoord' });
  });
});
