import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Periode } from './bron.ts';

type Db = Kysely<Database>;

// Read-only queries on the trajectories module's table (0006_trajecten.sql) for the DDAS-SHV export.

/** Ids of the organisation's trajectories that ran at some time in the period (started before its end, not closed before its start), in delivery order. */
export async function trajectIds(db: Db, organisatieId: string, p: Periode): Promise<string[]> {
  const rijen = await db
    .selectFrom('trajecten')
    .select('id')
    .where('organisatie_id', '=', organisatieId)
    .where('startdatum', '<=', p.einddatum)
    .where((eb) => eb.or([eb('einddatum', 'is', null), eb('einddatum', '>=', p.startdatum)]))
    .orderBy('startdatum')
    .orderBy('id')
    .execute();
  return rijen.map((r) => r.id);
}

/** These trajectories of the organisation (any order). */
export async function trajecten(db: Db, organisatieId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('trajecten')
    .select([
      'id',
      'startdatum',
      'einddatum',
      'gemeentecode',
      'ddas',
      'bsn_versleuteld',
      'partner_bsn_versleuteld',
      'postcode',
      'huisnummer',
      'toevoeging',
      'geanonimiseerd_op',
    ])
    .where('organisatie_id', '=', organisatieId)
    .where(sql<boolean>`id = any(${ids}::uuid[])`)
    .execute();
}
