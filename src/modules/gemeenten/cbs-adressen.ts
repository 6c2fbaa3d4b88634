/**
 * CBS's yearly file "Buurt, wijk en gemeente <jaar> voor postcode huisnummer" (pc6hnr<datum>_gwb.csv):
 * one row per address, `PC6;Huisnummer;Buurt<jaar>;Wijk<jaar>;Gemeente<jaar>`, the municipality as a
 * number (344 = GM0344). About 9 million rows: read as a stream, folded into bounded state.
 *
 * From it follow the routing facts:
 * - PC4 -> the municipality with most addresses in it (one row per PC4);
 * - for a PC4 in more than one municipality, exceptions: a PC6 whose addresses lie in one other municipality
 *   gets a PC6 exception; in a PC6 with addresses in several municipalities, each address outside the PC6's
 *   default gets a PC6 + house number exception.
 * Routing (PC6 + house number, then PC6, then PC4) then gives every address in the file its municipality.
 */
import { normaliseerHuisnummer, normaliseerPostcode } from './postcode.ts';

/** Most exceptions a file may yield (the 2024 file needs a few hundred); more means a broken or hostile file. */
/** A refused row of a postcode import (line number, Dutch reason). */
export interface ImportFout {
  regel: number;
  reden: string;
}

export const MAX_UITZONDERINGEN = 100_000;

const LETTERS = 26 * 26;
/** Index of a PC6 in a flat array: (PC4 - 1000) * 676 + letters. */
const pc6Index = (pc6: string) =>
  (Number(pc6.slice(0, 4)) - 1000) * LETTERS + (pc6.charCodeAt(4) - 65) * 26 + (pc6.charCodeAt(5) - 65);
const pc6Van = (pc4: number, letters: number) =>
  `${pc4}${String.fromCharCode(65 + Math.floor(letters / 26))}${String.fromCharCode(65 + (letters % 26))}`;

export interface Afleiding {
  /** Address rows read (a house number with several additions is several rows). */
  adressen: number;
  pc4: { pc4: string; gemeentecode: string }[];
  uitzonderingen: { pc6: string; huisnummer: number | null; gemeentecode: string }[];
  /** PC4s with addresses in more than one municipality (routed through the exceptions). */
  gesplitst: string[];
}

/** Municipality as written by CBS (344, 0344 or GM0344) -> GM0344, or null. */
export function cbsGemeentecode(raw: string): string | null {
  const m = /^(?:GM)?([0-9]{1,4})$/i.exec(raw.trim());
  if (!m || Number(m[1]) === 0) return null;
  return `GM${m[1]!.padStart(4, '0')}`;
}

/**
 * Folds address rows into routing facts. Memory is bounded whatever the file's size or order: one 16-bit
 * slot per possible PC6 (12 MB), counts per PC4 and municipality, and the addresses of PC6s that lie in
 * more than one municipality.
 */
export class AdresAfleiding {
  private readonly codes: string[] = [];
  private readonly codeIndex = new Map<string, number>();
  /** PC4 -> municipality index -> addresses. */
  private readonly perPc4 = new Map<number, Map<number, number>>();
  /** The municipality (index + 1) of the first address read in each PC6; 0 = no address. */
  private readonly pc6Eerste = new Uint16Array(9000 * LETTERS);
  /** PC6 index -> house number -> municipality, for addresses not in their PC6's first municipality. */
  private readonly afwijkend = new Map<number, Map<number, number>>();
  private afwijkendeAdressen = 0;
  private adressen = 0;

  /** Validates one row and folds it in; returns the reason when the row is bad (nothing is folded in then). */
  voegToe(regel: { pc6: string; huisnummer: string; gemeente: string }): string | undefined {
    const pc6 = normaliseerPostcode(regel.pc6);
    if (!pc6) return 'PC6 moet een postcode zijn als 3511AB';
    const huisnummer = normaliseerHuisnummer(regel.huisnummer);
    if (huisnummer === null) return 'Huisnummer moet een getal van 1 tot en met 99999 zijn';
    const code = cbsGemeentecode(regel.gemeente);
    if (!code) return 'Gemeente moet een CBS-gemeentenummer zijn (bijvoorbeeld 344)';

    let g = this.codeIndex.get(code);
    if (g === undefined) {
      g = this.codes.push(code) - 1;
      this.codeIndex.set(code, g);
    }
    const pc4 = Number(pc6.slice(0, 4));
    const tellingen = this.perPc4.get(pc4) ?? this.perPc4.set(pc4, new Map()).get(pc4)!;
    tellingen.set(g, (tellingen.get(g) ?? 0) + 1);

    const i = pc6Index(pc6);
    const eerste = this.pc6Eerste[i]!;
    if (eerste === 0) this.pc6Eerste[i] = g + 1;
    else if (eerste !== g + 1) {
      const nummers = this.afwijkend.get(i) ?? this.afwijkend.set(i, new Map()).get(i)!;
      // A house number listed in two municipalities (only possible through additions, which routing does not
      // see) keeps the first municipality that differs from its PC6's.
      if (!nummers.has(huisnummer)) {
        nummers.set(huisnummer, g);
        if (++this.afwijkendeAdressen > MAX_UITZONDERINGEN) throw new TeVeelUitzonderingen();
      }
    }
    this.adressen++;
    return undefined;
  }

  resultaat(): Afleiding {
    const pc4Rijen: Afleiding['pc4'] = [];
    const uitzonderingen: Afleiding['uitzonderingen'] = [];
    const gesplitst: string[] = [];
    for (const pc4 of [...this.perPc4.keys()].sort((a, b) => a - b)) {
      const tellingen = this.perPc4.get(pc4)!;
      // Most addresses; a tie goes to the lowest municipality code, so the outcome does not depend on row order.
      let meeste = -1;
      for (const [g, n] of tellingen) {
        const beste = meeste === -1 ? 0 : tellingen.get(meeste)!;
        if (meeste === -1 || n > beste || (n === beste && this.codes[g]! < this.codes[meeste]!)) meeste = g;
      }
      pc4Rijen.push({ pc4: String(pc4), gemeentecode: this.codes[meeste]! });
      if (tellingen.size === 1) continue;
      gesplitst.push(String(pc4));
      for (let letters = 0; letters < LETTERS; letters++) {
        const i = (pc4 - 1000) * LETTERS + letters;
        const eerste = this.pc6Eerste[i]!;
        if (eerste === 0) continue;
        const pc6 = pc6Van(pc4, letters);
        if (eerste - 1 !== meeste)
          uitzonderingen.push({ pc6, huisnummer: null, gemeentecode: this.codes[eerste - 1]! });
        const nummers = this.afwijkend.get(i);
        if (!nummers) continue;
        for (const [huisnummer, g] of [...nummers].sort((a, b) => a[0] - b[0]))
          uitzonderingen.push({ pc6, huisnummer, gemeentecode: this.codes[g]! });
      }
    }
    if (uitzonderingen.length > MAX_UITZONDERINGEN) throw new TeVeelUitzonderingen();
    return { adressen: this.adressen, pc4: pc4Rijen, uitzonderingen, gesplitst };
  }
}

export class TeVeelUitzonderingen extends Error {
  constructor() {
    super(`more than ${MAX_UITZONDERINGEN} postcode exceptions`);
  }
}

/** Keeps the first `max` bad rows for the report and counts all of them. */
export class FoutenLijst {
  readonly eerste: ImportFout[] = [];
  aantal = 0;
  constructor(private readonly max = 1000) {}
  voeg(regel: number, reden: string) {
    this.aantal++;
    if (this.eerste.length < this.max) this.eerste.push({ regel, reden });
  }
}
