import type { Context } from '../../context.ts';
import { invalidInput } from '../../shared/errors.ts';
import { leesCsv, type CsvOpties, type CsvRegel } from '../../shared/csv-bron.ts';
import type { Actor } from '../audit/index.ts';
import { adresSleutel, normaliseerHuisnummer, normaliseerPostcode } from '../gemeenten/index.ts';
import { isZip, kijkVooruit, leesXlsx } from './xlsx.ts';
import { trekSignaalIn, zoekMeldingen } from '../signaalzaken/index.ts';

export const INTREK_KOLOMMEN: Record<string, string[]> = {
  klantnummer: ['Klantnummer'],
  postcode: ['Postcode'],
  huisnummer: ['Huisnummer'],
  toevoeging: ['Huisnummer toevoeging', 'Huisnummertoevoeging', 'Toevoeging'],
};

export interface IntrekRapport {
  regels: number;
  ingetrokken: number;
  nietGevonden: number[];
  afgewezen: { regel: number; reden: string }[];
}

/** Bulk withdrawal from a CSV/xlsx with customer numbers or postcode + house number (+ addition). */
export async function trekInBulk(
  ctx: Context,
  actor: Actor,
  partnerId: string,
  bytes: AsyncIterable<Buffer | Uint8Array>,
): Promise<IntrekRapport> {
  const opties: CsvOpties = {
    maxBytes: 10 * 1024 * 1024,
    maxRows: 100_000,
    kolommen: INTREK_KOLOMMEN,
    onbekendeKolom: 'weigeren',
    opHeader: (keys) => {
      if (!keys.includes('klantnummer') && !(keys.includes('postcode') && keys.includes('huisnummer'))) {
        throw invalidInput(
          "Het bestand moet de kolom 'Klantnummer' hebben, of de kolommen 'Postcode' en 'Huisnummer'.",
        );
      }
    },
  };
  const { begin, bron } = await kijkVooruit(bytes);
  const regels: AsyncIterable<CsvRegel> = isZip(begin) ? leesXlsx(bron, opties) : leesCsv(bron, opties);

  const rapport: IntrekRapport = { regels: 0, ingetrokken: 0, nietGevonden: [], afgewezen: [] };
  const doelen: { regel: number; zoek: { klantnummer?: string; adresSleutel?: string } }[] = [];
  for await (const r of regels) {
    rapport.regels++;
    if (r.fout) {
      rapport.afgewezen.push({ regel: r.regel, reden: r.fout });
      continue;
    }
    const klantnummer = r.velden.klantnummer?.trim();
    if (klantnummer) {
      doelen.push({ regel: r.regel, zoek: { klantnummer } });
      continue;
    }
    const pc6 = normaliseerPostcode(r.velden.postcode ?? '');
    const hnr = normaliseerHuisnummer(r.velden.huisnummer ?? '');
    if (!pc6 || !hnr) {
      rapport.afgewezen.push({
        regel: r.regel,
        reden: 'Klantnummer of een geldige postcode met huisnummer is verplicht',
      });
      continue;
    }
    doelen.push({ regel: r.regel, zoek: { adresSleutel: adresSleutel(pc6, hnr, r.velden.toevoeging) } });
  }
  // Nothing changes before the whole file has been read.
  for (const d of doelen) {
    const gevonden = await zoekMeldingen(ctx, partnerId, d.zoek);
    if (gevonden.length === 0) {
      rapport.nietGevonden.push(d.regel);
      continue;
    }
    for (const s of gevonden) {
      await trekSignaalIn(ctx, actor, partnerId, s.id);
      rapport.ingetrokken++;
    }
  }
  return rapport;
}
