import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Periode } from './bron.ts';

type Db = Kysely<Database>;

// Read-only queries on the trajectories module's table (0006_trajecten.sql) for the DDAS-SHV export.

/** Trajectories of the organisation that ran at some time in the period (started before its end, not closed before its start). */
function inPeriode(db: Db, organisatieId: string, p: Periode) {
  return db
    .selectFrom('trajecten')
    .where('organisatie_id', '=', organisatieId)
    .where('startdatum', '<=', p.einddatum)
    .where((eb) => eb.or([eb('einddatum', 'is', null), eb('einddatum', '>=', p.startdatum)]));
}

export async function telTrajecten(db: Db, organisatieId: string, p: Periode): Promise<number> {
  const r = await inPeriode(db, organisatieId, p).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function trajecten(db: Db, organisatieId: string, p: Periode, offset: number, limit: number) {
  return inPeriode(db, organisatieId, p)
    .select([
      'id',
      'startdatum',
      'einddatum',
      'gemeentecode',
      'ddas',
      'bsn_versleuteld',
      'postcode',
      'huisnummer',
      'toevoeging',
      'geanonimiseerd_op',
    ])
    .orderBy('startdatum')
    .orderBy('id')
    .offset(offset)
    .limit(limit)
    .execute();
}
