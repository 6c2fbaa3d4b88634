/**
 * Finds clear BSNs and demo/test surnames in text (log lines, table rows). Shared by the log scan at the
 * end of the test run (test/globale-opzet.ts) and the table scan (test/privacy-scan.test.ts).
 *
 * Rule for a BSN: any run of exactly 9 digits that passes the 11-test and is not glued to a letter, digit,
 * '_' or '-' (so parts of hex hashes, UUIDs, base64url keys and certificate serials do not count). In a
 * JSON log line only string values and keys are searched this way, plus integer numbers of 9 digits; other
 * numbers (time, responseTime, pid) are skipped. This catches every BSN the tests and the demo use without
 * keeping a list of them: a tenth of all 9-digit numbers passes the 11-test, so a real BSN cannot hide.
 */
import { isValidBsn } from '../../src/shared/bsn.ts';

/** Surnames of data subjects in demo/*.csv, the demo loader and test fixtures (not organisation or staff names). */
export const ACHTERNAMEN = [
  'Bakker',
  'De Vries',
  'Jansen',
  'Janssen',
  'Smit',
  'Smits',
  'Smid',
  'Visser',
  'Dekker',
  'Meijer',
  'Mulder',
  'Yılmaz',
  'Özdemir-Béké',
  'Van Dam',
  'El Amrani',
  'Testpersoon',
  'Bos',
];

const BSN_KANDIDAAT = /(?<![0-9A-Za-z_-])[0-9]{9}(?![0-9A-Za-z_-])/g;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Whole words only (Unicode letters), case-insensitive: 'visser' and 'VISSER' count, 'Bosweg' does not.
const NAAM = new RegExp(`(?<![\\p{L}\\p{N}])(${ACHTERNAMEN.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');

export interface Vondst {
  soort: 'bsn' | 'achternaam';
  waarde: string;
}

/** Clear BSNs and surnames in a piece of free text. */
export function zoekInTekst(tekst: string): Vondst[] {
  const uit: Vondst[] = [];
  for (const m of tekst.matchAll(BSN_KANDIDAAT)) if (isBsn(m[0])) uit.push({ soort: 'bsn', waarde: m[0] });
  for (const m of tekst.matchAll(NAAM)) uit.push({ soort: 'achternaam', waarde: m[0] });
  return uit;
}

/** A log line: JSON (pino) is walked value by value; anything else is searched as text. */
export function zoekInLogregel(regel: string): Vondst[] {
  let json: unknown;
  try {
    json = JSON.parse(regel);
  } catch {
    return zoekInTekst(regel);
  }
  const uit: Vondst[] = [];
  const loop = (v: unknown): void => {
    if (typeof v === 'string') uit.push(...zoekInTekst(v));
    else if (typeof v === 'number') {
      if (Number.isInteger(v) && isBsn(String(v))) uit.push({ soort: 'bsn', waarde: String(v) });
    } else if (Array.isArray(v)) v.forEach(loop);
    else if (v && typeof v === 'object')
      for (const [k, w] of Object.entries(v)) {
        uit.push(...zoekInTekst(k));
        loop(w);
      }
  };
  loop(json);
  return uit;
}

const isBsn = (s: string) => s.length === 9 && isValidBsn(s);
