import type { CsvRegel } from '../../../shared/csv-bron.ts';
import { adresSleutel } from '../../gemeenten/index.ts';
import { opdrachtgeverSleutel, type PartnerProfiel } from '../../partners/index.ts';
import { type SignaalRij, valideerSignaalRij } from '../validatie.ts';
import { type Afwijzingen, REDEN_DUBBEL, REDEN_GEEN_MANDAAT, REDEN_MVI } from './rapport.ts';

/** Stage 2, validate: each row on its own (validatie.ts), the investor's mandate, and no address twice per sector. */

/** Valid rows per block: routing, objections and the store statement work per block, so memory stays bounded. */
export const BLOK = 5000;

export interface Geldig {
  rij: SignaalRij;
  adres: string;
  opdrachtgeverId: string | null;
}

export interface Telling {
  regels: number;
}

/** The four MVI steps (LCV art. 2.1) and their Dutch names, as in the file's columns. */
export const MVI_STAPPEN = {
  herinnering: 'herinnering verstuurd',
  contactGezocht: 'persoonlijk contact gezocht',
  schuldhulpGenoemd: 'schuldhulp genoemd',
  overdrachtAangeboden: 'gegevensoverdracht aangeboden',
} as const;
export type MviStap = keyof typeof MVI_STAPPEN;

const MVI = Object.keys(MVI_STAPPEN) as MviStap[];

/** Blocks of valid rows; every rejected row goes to `afwijzingen`, every row read is counted in `telling`. */
export async function* valideer(
  bron: AsyncIterable<CsvRegel>,
  p: PartnerProfiel,
  v: {
    dag: string;
    mandaten: Map<string, string>;
    afwijzingen: Afwijzingen;
    telling: Telling;
    /** The partner attested the MVI steps for the whole file: a row that leaves a step empty has it. */
    mviBestand?: boolean;
  },
): AsyncGenerator<Geldig[]> {
  const vgm = p.rol === 'vastgoedmanager';
  const gezien = new Set<string>();
  let blok: Geldig[] = [];
  for await (const r of bron) {
    v.telling.regels++;
    const klantnummer = r.velden.klantnummer?.trim() || undefined;
    if (r.fout) {
      v.afwijzingen.wijs({ regel: r.regel, klantnummer }, r.fout);
      continue;
    }
    const uit = valideerSignaalRij(r.regel, r.velden, { sectoren: p.sectoren, vastgoedmanager: vgm }, v.dag);
    if ('redenen' in uit) {
      v.afwijzingen.wijs({ regel: r.regel, klantnummer }, uit.redenen.join('; '));
      continue;
    }
    const rij = uit.rij;
    if (v.mviBestand) for (const k of MVI) rij[k] ??= true;
    // A small landlord (ad hoc) signed no LCV with its art. 2.1: every signal must attest the MVI steps.
    const mist = p.ad_hoc ? MVI.filter((k) => rij[k] !== true) : [];
    if (mist.length > 0) {
      v.afwijzingen.wijs(rij, `${REDEN_MVI}: ${mist.map((k) => MVI_STAPPEN[k]).join(', ')}.`);
      continue;
    }
    let opdrachtgeverId: string | null = null;
    if (vgm) {
      opdrachtgeverId = v.mandaten.get(opdrachtgeverSleutel(rij.opdrachtgever ?? '')) ?? null;
      if (!opdrachtgeverId) {
        v.afwijzingen.wijs(rij, REDEN_GEEN_MANDAAT);
        continue;
      }
    }
    const adres = adresSleutel(rij.postcode, rij.huisnummer, rij.toevoeging);
    if (gezien.has(`${adres}|${rij.sector}`)) {
      v.afwijzingen.wijs(rij, REDEN_DUBBEL);
      continue;
    }
    gezien.add(`${adres}|${rij.sector}`);
    blok.push({ rij, adres, opdrachtgeverId });
    if (blok.length >= BLOK) {
      yield blok;
      blok = [];
    }
  }
  if (blok.length > 0) yield blok;
}
