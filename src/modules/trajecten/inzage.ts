import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { achternaamVergelijkSleutel } from './namen.ts';

/**
 * Subject access (AVG art. 15), this module's part: the trajectories (not yet anonymised) of a person, found by BSN
 * pseudonym (under any key) or by address + surname. `organisatieId` limits it to one organisation.
 */
export async function trajectenVoorInzage(
  db: Kysely<Database>,
  vraag: { pseudoniemen?: Buffer[]; adres?: { postcode: string; huisnummer: number; achternaam: string } },
  organisatieId: string | null,
) {
  let q = db
    .selectFrom('trajecten')
    .select(['id', 'organisatie_id', 'bijgewerkt_op'])
    .where('geanonimiseerd_op', 'is', null);
  if (organisatieId) q = q.where('organisatie_id', '=', organisatieId);
  const uit: { id: string; organisatie_id: string; bijgewerkt_op: Date }[] = [];
  if (vraag.pseudoniemen?.length) uit.push(...(await q.where('bsn_pseudoniem', 'in', vraag.pseudoniemen).execute()));
  if (vraag.adres) {
    const a = vraag.adres;
    uit.push(
      ...(await q
        .where('postcode', '=', a.postcode)
        .where('huisnummer', '=', a.huisnummer)
        .where('achternaam_sleutel', '=', achternaamVergelijkSleutel(a.achternaam))
        .execute()),
    );
  }
  return uit;
}
