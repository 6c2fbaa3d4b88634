import type { Context } from '../../../context.ts';
import { leesCsv, type CsvOpties, type CsvRegel } from '../../../shared/csv-bron.ts';
import { invalidInput } from '../../../shared/errors.ts';
import type { PartnerProfiel } from '../../partners/index.ts';
import { SIGNAAL_KOLOMMEN, SIGNAAL_VERPLICHT } from '../validatie.ts';
import { isZip, kijkVooruit, leesXlsx } from '../xlsx.ts';

/** Stage 1, read: rows of a file (CSV or xlsx, detected by content) or of an API call, as column key -> text. */

/** Column rules for a partner: Sector is required when it has more than one, Opdrachtgever for a property manager. */
export function kolomOpties(p: PartnerProfiel, grenzen: { maxBytes: number; maxRows: number }): CsvOpties {
  return {
    ...grenzen,
    kolommen: SIGNAAL_KOLOMMEN,
    verplicht: SIGNAAL_VERPLICHT,
    onbekendeKolom: 'weigeren',
    opHeader: (keys) => {
      if (p.sectoren.length > 1 && !keys.includes('sector')) {
        throw invalidInput(`De kolom 'Sector' is verplicht: uw organisatie levert voor ${p.sectoren.join(', ')}.`);
      }
      if (p.rol === 'vastgoedmanager' && !keys.includes('opdrachtgever')) {
        throw invalidInput("De kolom 'Opdrachtgever' is verplicht voor een vastgoedmanager.");
      }
    },
  };
}

/** A file streams once: an unknown column refuses it at the header, before anything is stored. */
export async function leesBestand(
  ctx: Context,
  p: PartnerProfiel,
  bytes: AsyncIterable<Buffer | Uint8Array>,
): Promise<AsyncIterable<CsvRegel>> {
  const { begin, bron } = await kijkVooruit(bytes);
  const opties = kolomOpties(p, { maxBytes: ctx.config.SIGNAAL_MAX_BYTES, maxRows: ctx.config.SIGNAAL_MAX_REGELS });
  return isZip(begin) ? leesXlsx(bron, opties) : leesCsv(bron, opties);
}

/** Signals from the REST API, already mapped to column keys (Sector and Opdrachtgever are checked per signal). */
export async function* leesApi(signalen: Record<string, string | undefined>[]): AsyncGenerator<CsvRegel> {
  let i = 0;
  for (const s of signalen)
    yield {
      regel: ++i,
      velden: Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Record<string, string>,
    };
}
