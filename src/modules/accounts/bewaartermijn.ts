import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Retention: sessions that ended (revoked or expired) before `grens`. */
export async function ruimSessiesOp(db: Kysely<Database>, grens: Date) {
  const r = await db
    .deleteFrom('sessies')
    .where(sql<boolean>`coalesce(least(ingetrokken_op, verloopt_op), verloopt_op) < ${grens}`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
