import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** An open trajectory of a person, as another module may know it: no personal data beyond the ids. */
export interface OpenTraject {
  id: string;
  organisatieId: string;
  organisatieNaam: string;
  consulentGebruikerId: string | null;
}

/**
 * The open (not closed, not anonymised) trajectories of a person, found by BSN pseudonym under the given key
 * (the current key: trajectories are re-keyed when the key rotates). Oldest first, so the answer is stable.
 */
export async function openTrajectenVanPersoon(
  db: Kysely<Database> | Transaction<Database>,
  pseudoniem: Buffer,
  sleutelId: string,
): Promise<OpenTraject[]> {
  const rijen = await db
    .selectFrom('trajecten as t')
    .innerJoin('organisaties as o', 'o.id', 't.organisatie_id')
    .select(['t.id', 't.organisatie_id', 'o.naam', 't.consulent_gebruiker_id'])
    .where('t.bsn_pseudoniem', '=', pseudoniem)
    .where('t.sleutel_id', '=', sleutelId)
    .where('t.einddatum', 'is', null)
    .where('t.geanonimiseerd_op', 'is', null)
    .orderBy('t.startdatum')
    .orderBy('t.id')
    .execute();
  return rijen.map((r) => ({
    id: r.id,
    organisatieId: r.organisatie_id,
    organisatieNaam: r.naam,
    consulentGebruikerId: r.consulent_gebruiker_id,
  }));
}
