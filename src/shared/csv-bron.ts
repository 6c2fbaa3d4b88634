/**
 * The one CSV reader for every upload: streaming, bounded memory, hostile-input-proof.
 * Encoding sniffing (UTF-8 / Windows-1252), delimiter sniffing (; , tab), header matching.
 */
import { Readable, pipeline } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { type AppError, invalidInput, tooLarge } from './errors.ts';

export interface CsvRegel {
  /** 1-based line in the file where the record starts (header is line 1). */
  regel: number;
  /** Canonical key -> trimmed value, only for recognised columns. */
  velden: Record<string, string>;
  /** Set when the field count differs from the header; the caller decides. */
  fout?: string;
}

export interface CsvOpties {
  maxBytes: number;
  maxRows?: number;
  /** Canonical key -> accepted header titles (the key itself is accepted too). */
  kolommen: Record<string, string[]>;
  verplicht?: string[];
  onbekendeKolom: 'weigeren' | 'negeren';
  /** A refused header names every accepted title of each column, not only the first (files made by hand). */
  synoniemenInMelding?: boolean;
  /** Called once with the canonical keys (column order) after the header is accepted. */
  opHeader?: (keys: string[]) => void;
}

const SNIFF_BYTES = 64 * 1024;
const MAX_RECORD_TEKENS = 1_000_000;
const VOORTGANG_ELKE = 10_000;

type Decoder = { write(b: Buffer): string; end(): string };

/** Lowercase, no accents, no spaces/underscores/hyphens: "Aantal maanden-achterstand" -> "aantalmaandenachterstand". */
export function normaliseerKop(titel: string): string {
  return titel
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s_\p{Pd}\u200B-\u200D\uFEFF]/gu, '')
    .toLowerCase();
}

const geenCsv = () =>
  invalidInput(
    'Dit is geen CSV-bestand. Sla het bestand op als CSV (puntkomma- of kommagescheiden) en probeer het opnieuw.',
  );
const ongeldigeTekens = () =>
  invalidInput(
    'Het bestand bevat ongeldige tekens: de tekenset wisselt halverwege het bestand. Sla het op als UTF-8 of Windows-1252 en probeer het opnieuw.',
  );

/** Safe to put in a message: short, no control characters. */
function toon(t: string): string {
  const s = t.replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

function alsBuffer(c: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/** Chooses the decoder from the first bytes; throws for UTF-16 and binary junk. */
function kiesDecoder(kop: Buffer, heleBestand: boolean): { decoder: Decoder; begin: string } {
  if ((kop[0] === 0xff && kop[1] === 0xfe) || (kop[0] === 0xfe && kop[1] === 0xff)) {
    throw invalidInput(
      'Het bestand is opgeslagen als UTF-16 (Unicode). Sla het op als CSV in UTF-8 of Windows-1252 en probeer het opnieuw.',
    );
  }
  if (kop.includes(0)) throw geenCsv();
  let stuur = 0;
  let hoog = 0;
  for (const b of kop) {
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) stuur++;
    else if (b >= 0x80) hoog++;
  }
  if (stuur > kop.length * 0.02) throw geenCsv();

  const td = new TextDecoder('utf-8', { fatal: true });
  try {
    const begin = td.decode(kop, { stream: !heleBestand });
    const decoder: Decoder = {
      write: (b) => {
        try {
          return td.decode(b, { stream: true });
        } catch {
          throw ongeldigeTekens();
        }
      },
      end: () => {
        try {
          return td.decode();
        } catch {
          throw ongeldigeTekens();
        }
      },
    };
    return { decoder, begin };
  } catch {
    // Not UTF-8: Windows-1252, unless it is mostly high bytes (binary).
    if (hoog > kop.length * 0.3) throw geenCsv();
    const d = iconv.getDecoder('windows-1252');
    const decoder: Decoder = { write: (b) => d.write(b), end: () => d.end() ?? '' };
    return { decoder, begin: decoder.write(kop) };
  }
}

/** ';', ',' or tab: whichever occurs most outside quotes on the first line (ties: ; > , > tab). */
export function raadScheidingsteken(tekst: string): string {
  const tel: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let inQuotes = false;
  for (const ch of tekst) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && ch in tel) tel[ch]!++;
  }
  let beste = ';';
  for (const d of [',', '\t']) if (tel[d]! > tel[beste]!) beste = d;
  return beste;
}

/** Maps header cells to canonical keys (null = ignored column). */
function verwerkKop(titels: string[], opties: CsvOpties): (string | null)[] {
  const index = new Map<string, string>();
  for (const [sleutel, namen] of Object.entries(opties.kolommen)) {
    for (const n of [sleutel, ...namen]) {
      const norm = normaliseerKop(n);
      const al = index.get(norm);
      if (al !== undefined && al !== sleutel) throw new Error(`csv-bron: kop '${n}' past bij '${al}' en '${sleutel}'`);
      index.set(norm, sleutel);
    }
  }
  const weergave = (k: string) => opties.kolommen[k]?.[0] ?? k;
  const metSynoniemen = (k: string) => {
    const [eerste, ...rest] = opties.kolommen[k] ?? [k];
    return opties.synoniemenInMelding && rest.length > 0
      ? `'${eerste}' (of: ${rest.map((n) => `'${n}'`).join(', ')})`
      : `'${eerste}'`;
  };
  const toegestaneNamen = () =>
    opties.synoniemenInMelding
      ? { toegestaan: Object.fromEntries(Object.keys(opties.kolommen).map((k) => [weergave(k), opties.kolommen[k]!])) }
      : {};
  const laatsteGevuld = titels.reduce((acc, t, i) => (t !== '' ? i : acc), -1);
  const gezien = new Set<string>();
  const sleutels = titels.map((titel, i) => {
    const norm = normaliseerKop(titel);
    if (norm === '') {
      if (opties.onbekendeKolom === 'weigeren' && i < laatsteGevuld) {
        throw invalidInput(`Kolom ${i + 1} in de kopregel heeft geen naam.`, { kolom: i + 1 });
      }
      return null;
    }
    const sleutel = index.get(norm);
    if (sleutel === undefined) {
      if (opties.onbekendeKolom === 'negeren') return null;
      const toegestaan = Object.keys(opties.kolommen).map(metSynoniemen).join(', ');
      throw invalidInput(
        `Kolom '${toon(titel)}' is niet toegestaan in dit bestand. Toegestane kolommen: ${toegestaan}.`,
        { kolom: toon(titel), ...toegestaneNamen() },
      );
    }
    if (gezien.has(sleutel)) {
      throw invalidInput(`Kolom '${toon(titel)}' komt meer dan één keer voor in de kopregel.`, { kolom: toon(titel) });
    }
    gezien.add(sleutel);
    return sleutel;
  });
  const ontbreekt = (opties.verplicht ?? []).filter((k) => !gezien.has(k));
  if (ontbreekt.length > 0) {
    const namen = ontbreekt.map(metSynoniemen).join(', ');
    throw invalidInput(
      ontbreekt.length === 1 ? `De verplichte kolom ${namen} ontbreekt.` : `De verplichte kolommen ${namen} ontbreken.`,
      { ontbreekt: ontbreekt.map(weergave), ...toegestaneNamen() },
    );
  }
  return sleutels;
}

function parseFout(e: CsvError, regel: number): AppError {
  if (e.code === 'CSV_MAX_RECORD_SIZE')
    return invalidInput(`Regel ${regel} is te lang (misschien wordt een aanhalingsteken niet gesloten).`, { regel });
  if (e.code === 'CSV_QUOTE_NOT_CLOSED')
    return invalidInput(`Een aanhalingsteken op regel ${regel} wordt niet gesloten.`, { regel });
  return invalidInput(`Regel ${regel} kan niet worden gelezen: de aanhalingstekens kloppen niet.`, { regel });
}

const mb = (n: number) => (n / 1024 / 1024).toLocaleString('nl-NL', { maximumFractionDigits: 1 });

/**
 * Streams records from `bron`. Throws AppError 400/413; rows with a wrong field count are yielded with `fout`.
 * `voortgang(bytes, rows)` is called every 10,000 rows and once at the end.
 */
export async function* leesCsv(
  bron: AsyncIterable<Buffer | Uint8Array>,
  opties: CsvOpties,
  voortgang?: (bytes: number, rows: number) => void,
): AsyncGenerator<CsvRegel> {
  const it = bron[Symbol.asyncIterator]();
  let bronKlaar = false;
  let bytes = 0;
  let gesnoven = false;
  const volgende = async (): Promise<Buffer | undefined> => {
    const r = await it.next();
    if (r.done) {
      bronKlaar = true;
      return undefined;
    }
    const b = alsBuffer(r.value);
    bytes += b.length;
    if (bytes > opties.maxBytes) throw tooLarge(`Het bestand is te groot: de grens is ${mb(opties.maxBytes)} MB.`);
    if (gesnoven && b.includes(0)) throw geenCsv();
    return b;
  };

  let parser: ReturnType<typeof parse> | undefined;
  try {
    // Sniff the first 64 KiB (or the whole input) for encoding and delimiter.
    const eerste: Buffer[] = [];
    let n = 0;
    while (n < SNIFF_BYTES) {
      const b = await volgende();
      if (!b) break;
      eerste.push(b);
      n += b.length;
    }
    if (n === 0) throw invalidInput('Het bestand is leeg.');
    const { decoder, begin } = kiesDecoder(Buffer.concat(eerste), bronKlaar);
    gesnoven = true;
    eerste.length = 0;
    const scheidingsteken = raadScheidingsteken(begin);

    async function* tekst(): AsyncGenerator<string> {
      if (begin) yield begin;
      if (bronKlaar) return;
      for (let b = await volgende(); b; b = await volgende()) {
        const s = decoder.write(b);
        if (s) yield s;
      }
      const rest = decoder.end();
      if (rest) yield rest;
    }

    // Line numbers are counted here, per record in file order: every record, also an empty line's, takes one line
    // plus the line breaks inside its quoted fields. (csv-parse's on_record would give them, at the price of two
    // context objects per record: 12 % of a VISH batch check's CPU.) Records parsed before an error are still read
    // before it is thrown (records()), so an error's line number counts them too.
    let dubbelGeteld = 0;
    let laatsteEind = 0;
    parser = parse({
      delimiter: scheidingsteken,
      record_delimiter: ['\r\n', '\n', '\r'],
      quote: '"',
      escape: '"',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
      max_record_size: MAX_RECORD_TEKENS,
    });
    pipeline(Readable.from(tekst()), parser, () => {});

    let kop: (string | null)[] | undefined;
    let rows = 0;
    try {
      for await (const waarden of records<string[]>(parser)) {
        // already trimmed by the parser
        const regel = laatsteEind + 1;
        let regelsIn = 0;
        for (const v of waarden) {
          if (v.includes('\n') || v.includes('\r')) {
            const crlf = v.split('\r\n').length - 1;
            dubbelGeteld += crlf; // csv-parse counts a quoted "\r\n" as two lines (its error positions)
            regelsIn += v.split('\n').length - 1 + v.split('\r').length - 1 - crlf;
          }
        }
        laatsteEind = regel + regelsIn;
        if (waarden.every((v) => v === '')) continue;

        if (!kop) {
          kop = verwerkKop(waarden, opties);
          opties.opHeader?.(kop.filter((k): k is string => k !== null));
          continue;
        }
        rows++;
        if (opties.maxRows !== undefined && rows > opties.maxRows) {
          throw tooLarge(
            `Het bestand bevat te veel regels: de grens is ${opties.maxRows.toLocaleString('nl-NL')} regels.`,
          );
        }
        const velden: Record<string, string> = {};
        kop.forEach((k, i) => {
          if (k !== null) velden[k] = waarden[i] ?? '';
        });
        const uit: CsvRegel = { regel, velden };
        if (waarden.length !== kop.length) {
          uit.fout = `Regel heeft ${waarden.length} ${waarden.length === 1 ? 'veld' : 'velden'}, de kopregel ${kop.length}`;
        }
        if (voortgang && rows % VOORTGANG_ELKE === 0) voortgang(bytes, rows);
        yield uit;
      }
    } catch (e) {
      if (e instanceof CsvError) {
        // Unclosed quote / oversized record: report where that record starts (roughly: after the last good one).
        const hier = typeof e.lines === 'number' ? e.lines - dubbelGeteld : laatsteEind + 1;
        throw parseFout(
          e,
          e.code === 'CSV_QUOTE_NOT_CLOSED' || e.code === 'CSV_MAX_RECORD_SIZE' ? laatsteEind + 1 : Math.max(1, hier),
        );
      }
      throw e;
    }
    if (!kop) throw invalidInput('Het bestand is leeg.');
    voortgang?.(bytes, rows);
  } finally {
    parser?.destroy();
    if (!bronKlaar) await it.return?.().catch(() => undefined);
  }
}

/**
 * Reads a stream's buffered objects synchronously and waits only when it is empty: much cheaper
 * per record than the stream's own async iterator. A stream that failed still gives the objects it had buffered.
 */
async function* records<T>(stream: Readable): AsyncGenerator<T> {
  let fout: unknown;
  let klaar = false;
  stream.on('error', (e) => {
    fout = e;
  });
  stream.once('end', () => {
    klaar = true;
  });
  for (;;) {
    for (let r = stream.read() as T | null; r !== null; r = stream.read() as T | null) yield r;
    if (fout) throw fout;
    if (klaar || stream.readableEnded) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('readable', done);
        stream.off('end', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('readable', done);
      stream.on('end', done);
      stream.on('error', done);
    });
    // After an error the records parsed before it are still read (above) before it is thrown: the line count needs them.
  }
}

/** Formula-injection-safe cell for CSV exports; quotes when needed. */
export function escapeCsvCel(waarde: string, scheidingsteken = ';'): string {
  let s = /^[=+\-@\t\r]/.test(waarde) ? `'${waarde}` : waarde;
  if (/[;,"\n\r]/.test(s) || s.includes(scheidingsteken)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** One output line ending in CRLF. Numbers are written as-is (no formula risk), null/undefined as empty. */
export function csvRegel(waarden: (string | number | null | undefined)[], scheidingsteken = ';'): string {
  const cellen = waarden.map((w) => {
    if (w === null || w === undefined) return '';
    if (typeof w === 'number') return Number.isFinite(w) ? String(w) : '';
    return escapeCsvCel(w, scheidingsteken);
  });
  return `${cellen.join(scheidingsteken)}\r\n`;
}
