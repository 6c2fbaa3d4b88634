import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Tx = Kysely<Database>;

export async function leveringMetSleutel(db: Tx, partnerId: string, sleutel: string) {
  return db
    .selectFrom('vroegsignaal_leveringen')
    .select(['id', 'verzoek_hash', 'rapport'])
    .where('partner_id', '=', partnerId)
    .where('idempotentie_sleutel', '=', sleutel)
    .executeTakeFirst();
}

export async function startLevering(db: Tx, v: Insertable<Database['vroegsignaal_leveringen']>) {
  return db.insertInto('vroegsignaal_leveringen').values(v).returning(['id', 'ontvangen_op']).executeTakeFirstOrThrow();
}

export async function bewaarRapport(db: Tx, id: string, rapport: unknown) {
  await db
    .updateTable('vroegsignaal_leveringen')
    .set({ rapport: JSON.stringify(rapport) })
    .where('id', '=', id)
    .execute();
}

export async function leveringen(db: Tx, partnerId: string, limit = 50) {
  return db
    .selectFrom('vroegsignaal_leveringen')
    .select(['id', 'bron', 'bestandsnaam', 'ontvangen_op', 'rapport'])
    .where('partner_id', '=', partnerId)
    .orderBy('ontvangen_op', 'desc')
    .limit(limit)
    .execute();
}

export async function levering(db: Tx, partnerId: string, id: string) {
  return db
    .selectFrom('vroegsignaal_leveringen')
    .select(['id', 'bron', 'bestandsnaam', 'ontvangen_op', 'rapport'])
    .where('partner_id', '=', partnerId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Retention: a delivery's report goes once it is older than `grens` and no signal from it is kept any more. */
export async function ruimLeveringenOp(db: Tx, grens: Date) {
  const r = await db
    .deleteFrom('vroegsignaal_leveringen as l')
    .where('l.ontvangen_op', '<', grens)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('vroegsignalen as s').select('s.id').whereRef('s.levering_id', '=', 'l.id'))),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
