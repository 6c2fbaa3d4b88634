import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

const INLOG_MAX_MS = 10 * 60_000;

/**
 * Retention of the Pauzeknop (periods are retentie's): a registration follows the signal cases' retention; one not
 * picked up goes after `nietOpgepakt`, one picked up (part of the debt-help file) after `inBehandeling`, both counted
 * from receipt. Resident sessions go like staff sessions (`sessies`, after their end); unfinished logins after 10 minutes.
 */
export async function ruimPauzeknopOp(
  db: Kysely<Database>,
  g: { nietOpgepakt: Date; inBehandeling: Date; sessies: Date },
  nu = new Date(),
) {
  const nietOpgepakt = await db
    .deleteFrom('pauzeknop_aanmeldingen')
    .where('status', '=', 'ontvangen')
    .where('ontvangen_op', '<', g.nietOpgepakt)
    .executeTakeFirst();
  const opgepakt = await db
    .deleteFrom('pauzeknop_aanmeldingen')
    .where('status', '<>', 'ontvangen')
    .where('ontvangen_op', '<', g.inBehandeling)
    .executeTakeFirst();
  const sessies = await db
    .deleteFrom('pauzeknop_sessies')
    .where((eb) => eb.or([eb('verloopt_op', '<', g.sessies), eb('ingetrokken_op', '<', g.sessies)]))
    .executeTakeFirst();
  const inlog = await db
    .deleteFrom('pauzeknop_inlogpogingen')
    .where('aangemaakt_op', '<', new Date(nu.getTime() - INLOG_MAX_MS))
    .executeTakeFirst();
  return {
    'pauzeknop-aanmeldingen': Number(nietOpgepakt.numDeletedRows) + Number(opgepakt.numDeletedRows),
    'pauzeknop-sessies': Number(sessies.numDeletedRows) + Number(inlog.numDeletedRows),
  };
}
