/**
 * Excel (.xlsx) intake: the zip is checked for bombs first (declared sizes, ratios, and the real inflated
 * size), then the first sheet is streamed with exceljs and turned into CSV text for `leesCsv`, so the
 * column rules, line numbers and limits are exactly those of a CSV upload. Cells are text: a formula
 * counts with its cached value only (never evaluated).
 */
import { PassThrough, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import yauzl from 'yauzl';
import ExcelJS from 'exceljs';
import { leesCsv, type CsvOpties, type CsvRegel } from './csv-bron.ts';
import { invalidInput, tooLarge } from './errors.ts';

export interface XlsxGrenzen {
  maxBytes: number;
  /** Sum of the inflated sizes of all zip entries. */
  maxUitgepakt: number;
  /** Highest inflated/compressed ratio allowed for an entry larger than 1 MiB. */
  maxRatio: number;
  maxEntries: number;
  maxCellen: number;
  maxKolommen: number;
}

export const XLSX_GRENZEN: XlsxGrenzen = {
  maxBytes: 20 * 1024 * 1024,
  maxUitgepakt: 200 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 500,
  maxCellen: 2_000_000,
  maxKolommen: 100,
};

const onleesbaar = () =>
  invalidInput('Dit Excel-bestand kan niet worden gelezen. Sla het op als .xlsx of als CSV en probeer het opnieuw.');
const bom = () => invalidInput('Dit Excel-bestand pakt uit tot een onredelijk grote omvang en is geweigerd.');

/** Reads at least the first 4 bytes (to tell zip from CSV) and gives back a stream that still starts with them. */
export async function kijkVooruit(
  bron: AsyncIterable<Buffer | Uint8Array>,
): Promise<{ begin: Buffer; bron: AsyncIterable<Buffer> }> {
  const it = bron[Symbol.asyncIterator]();
  const delen: Buffer[] = [];
  let n = 0;
  let klaar = false;
  while (n < 4) {
    const r = await it.next();
    if (r.done) {
      klaar = true;
      break;
    }
    delen.push(Buffer.from(r.value));
    n += r.value.length;
  }
  const begin = Buffer.concat(delen);
  async function* alles(): AsyncGenerator<Buffer> {
    if (begin.length > 0) yield begin;
    if (klaar) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield Buffer.from(r.value);
  }
  return { begin, bron: alles() };
}

export function isZip(begin: Buffer): boolean {
  return begin.length >= 4 && begin[0] === 0x50 && begin[1] === 0x4b && begin[2] === 0x03 && begin[3] === 0x04;
}

async function verzamel(bron: AsyncIterable<Buffer | Uint8Array>, max: number): Promise<Buffer> {
  const delen: Buffer[] = [];
  let n = 0;
  for await (const c of bron) {
    n += c.length;
    if (n > max) throw tooLarge(`Het bestand is te groot: de grens is ${Math.round(max / 1024 / 1024)} MB.`);
    delen.push(Buffer.from(c));
  }
  return Buffer.concat(delen);
}

/** Zip-bomb check: declared sizes and ratios from the central directory, then the real inflated bytes. */
export async function controleerZip(buf: Buffer, g: XlsxGrenzen): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, z) =>
      err || !z ? rej(onleesbaar()) : res(z),
    ),
  );
  if (zip.entryCount > g.maxEntries) {
    zip.close();
    throw bom();
  }
  let gedeclareerd = 0;
  let echt = 0;
  await new Promise<void>((res, rej) => {
    const fout = (e: unknown) => {
      zip.close();
      rej(e);
    };
    zip.on('error', () => fout(onleesbaar()));
    zip.on('end', () => res());
    zip.on('entry', (e: yauzl.Entry) => {
      gedeclareerd += e.uncompressedSize;
      const ratio =
        e.compressedSize > 0 ? e.uncompressedSize / e.compressedSize : e.uncompressedSize > 0 ? Infinity : 0;
      if (gedeclareerd > g.maxUitgepakt || (e.uncompressedSize > 1024 * 1024 && ratio > g.maxRatio)) return fout(bom());
      if (e.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(e, (err, s) => {
        if (err || !s) return fout(onleesbaar());
        s.on('data', (c: Buffer) => {
          echt += c.length;
          if (echt > g.maxUitgepakt) {
            s.destroy();
            fout(bom());
          }
        });
        // yauzl errors when the inflated size differs from the declared one.
        s.on('error', () => fout(bom()));
        s.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}

/** A cell as text. Dates as YYYY-MM-DD; formulas by cached result; errors and missing results empty. */
function celTekst(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'ja' : 'nee';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return o.richText.map((r: { text?: string }) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) return celTekst(o.result);
    if ('error' in o) return '';
    if (typeof o.text === 'string') return o.text;
  }
  return '';
}

const quote = (s: string) =>
  `"${s
    .replace(/\r\n?/g, '\n')
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' || c === '\t' ? c : ''))
    .replace(/"/g, '""')}"`;

/**
 * First sheet of an .xlsx as CSV lines (';', all quoted); missing rows become empty lines so line numbers match Excel.
 * exceljs's streaming reader now and then loses the workbook part of a valid file (a race in its unzip stream: about 1
 * in 100 reads of the same file fail with an internal TypeError on a busy machine). The file is in memory, so such a read
 * is repeated, a moment later, while nothing has been passed on yet (failures come in bursts under load, hence the growing
 * pause); a file that fails eight times is unreadable.
 */
async function* alsCsv(buf: Buffer, g: XlsxGrenzen): AsyncGenerator<Buffer> {
  for (let poging = 1; ; poging++) {
    let doorgegeven = false;
    try {
      for await (const regel of eenmaalAlsCsv(buf, g)) {
        doorgegeven = true;
        yield regel;
      }
      return;
    } catch (e) {
      if (e instanceof Error && 'status' in e) throw e;
      if (doorgegeven || poging >= 8) throw onleesbaar();
      await new Promise((r) => setTimeout(r, 50 * poging));
    }
  }
}

async function* eenmaalAlsCsv(buf: Buffer, g: XlsxGrenzen): AsyncGenerator<Buffer> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  let cellen = 0;
  let vorige = 0;
  const bladen = reader[Symbol.asyncIterator]();
  let blad: unknown;
  try {
    const eerste = await bladen.next(); // first sheet only
    blad = eerste.value;
    if (!eerste.done) {
      for await (const row of eerste.value) {
        const values = (row.values as unknown[]) ?? [];
        if (values.length - 1 > g.maxKolommen)
          throw invalidInput(`Het Excel-bestand heeft meer dan ${g.maxKolommen} kolommen.`);
        cellen += values.length;
        if (cellen > g.maxCellen) throw tooLarge('Het Excel-bestand bevat te veel cellen.');
        const gat = row.number - vorige - 1;
        vorige = row.number;
        const regel = values
          .slice(1)
          .map((v) => quote(celTekst(v)))
          .join(';');
        yield Buffer.from('\n'.repeat(Math.max(0, gat)) + regel + '\n', 'utf8');
      }
    }
  } finally {
    // exceljs parks sheets that come before the shared strings in temp files (personal data) and deletes each one only
    // when asked for the next sheet: ask until the end, also after an error or when the reader of the rows stops early.
    // A sheet's file stream is closed first: its file is deleted on the next step, and an open failing on a deleted
    // file without an error listener would crash the process.
    try {
      for (;;) {
        sluitBlad(blad);
        const r = await bladen.next();
        if (r.done) break;
        blad = r.value;
      }
    } catch {
      /* failing already */
    }
  }
}

/** Stops the file stream behind an exceljs worksheet reader (its rows are not wanted), without unhandled errors. */
function sluitBlad(blad: unknown) {
  const stroom = (blad as { iterator?: unknown } | undefined)?.iterator;
  if (stroom instanceof Readable) {
    stroom.on('error', () => undefined);
    stroom.destroy();
  }
}

/** Reads an .xlsx upload with the same rules as a CSV upload. */
export async function* leesXlsx(
  bron: AsyncIterable<Buffer | Uint8Array>,
  opties: CsvOpties,
  g: XlsxGrenzen = XLSX_GRENZEN,
): AsyncGenerator<CsvRegel> {
  const buf = await verzamel(bron, Math.min(g.maxBytes, opties.maxBytes));
  await controleerZip(buf, g);
  yield* leesCsv(alsCsv(buf, g), { ...opties, maxBytes: g.maxUitgepakt });
}

/** An upload that may be CSV or xlsx, told apart by content (the zip signature), not by name or content type. */
export async function leesTabel(
  bytes: AsyncIterable<Buffer | Uint8Array>,
  opties: CsvOpties,
  g: XlsxGrenzen = XLSX_GRENZEN,
): Promise<AsyncIterable<CsvRegel>> {
  const { begin, bron } = await kijkVooruit(bytes);
  return isZip(begin) ? leesXlsx(bron, opties, g) : leesCsv(bron, opties);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * CSV text (';', as written by csvRegel) as a one-sheet .xlsx, streamed: for callers that asked for Excel. Cells stay
 * text (never formulas); only the first column (a line number) is written as a number.
 */
export function csvAlsXlsx(csv: AsyncIterable<string>, blad = 'Resultaat'): Readable {
  const uit = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: uit, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(blad);
  async function* gevuld() {
    for await (const s of csv) if (s) yield s;
  }
  void (async () => {
    try {
      const rijen = Readable.from(gevuld()).pipe(parse({ delimiter: ';', relax_column_count: true }));
      let kop = true;
      for await (const rij of rijen as AsyncIterable<string[]>) {
        ws.addRow(kop ? rij : rij.map((v, i) => (i === 0 && /^\d{1,9}$/.test(v) ? Number(v) : v))).commit();
        kop = false;
      }
      ws.commit();
      await wb.commit();
    } catch (e) {
      uit.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return uit;
}
