import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Retention: sessions that ended (revoked or expired) before `grens`, and password reset links expired before it. */
export async function ruimSessiesOp(db: Kysely<Database>, grens: Date) {
  await db.deleteFrom('wachtwoord_herstel').where('verloopt_op', '<', grens).execute();
  const r = await db
    .deleteFrom('sessies')
    .where(sql<boolean>`coalesce(least(ingetrokken_op, verloopt_op), verloopt_op) < ${grens}`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
