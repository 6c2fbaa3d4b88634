import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import * as store from './store.ts';

/**
 * Retention follows the trajectory's: once the trajectory is anonymised (trajecten module, 5 or 7 years after
 * closure), its debts lose creditor reference, amount, address and free-text name, its answers the bailiff's name and
 * its history the reasons; dates, channels and answers stay, anonymous, for the reports.
 */
export async function ruimSchuldenrustOp(db: Kysely<Database>): Promise<number> {
  return store.ruimOp(db);
}
