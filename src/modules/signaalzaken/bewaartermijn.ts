import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { BEWAREN } from './signaalstatus.ts';

/**
 * Retention of the signals and their cases (the periods and the moment are retentie's, termijnen.ts): signals not (or
 * no longer) being worked whose last report is older than `nietOpgepakt`; signals being worked or of a closed case
 * older than `inBehandeling` (part of the debt-help file); then every case left without signals (it would keep only an
 * address; history and contact attempts go with it).
 */
export async function ruimSignalenOp(db: Kysely<Database>, grenzen: { nietOpgepakt: Date; inBehandeling: Date }) {
  const nietOpgepakt = await db
    .deleteFrom('vroegsignalen')
    .where('status', 'in', BEWAREN.nietOpgepakt)
    .where('laatste_melding_op', '<', grenzen.nietOpgepakt)
    .executeTakeFirst();
  const inBehandeling = await db
    .deleteFrom('vroegsignalen')
    .where('status', 'in', BEWAREN.inBehandeling)
    .where('laatste_melding_op', '<', grenzen.inBehandeling)
    .executeTakeFirst();
  const zaken = await db
    .deleteFrom('vroegsignaalzaken as z')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('vroegsignalen as s').select('s.id').whereRef('s.zaak_id', '=', 'z.id'))),
    )
    .executeTakeFirst();
  return {
    vroegsignalen: Number(nietOpgepakt.numDeletedRows),
    'vroegsignalen-in-behandeling': Number(inBehandeling.numDeletedRows),
    vroegsignaalzaken: Number(zaken.numDeletedRows),
  };
}
