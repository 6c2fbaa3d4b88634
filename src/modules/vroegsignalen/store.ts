import { type Insertable, type Kysely, sql } from 'kysely';
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

/** A delivery's status, from its kept report: all rows accepted, some rejected, or none accepted. */
export const LEVERING_STATUSSEN = ['verwerkt', 'deels-afgewezen', 'afgewezen'] as const;
export type LeveringStatus = (typeof LEVERING_STATUSSEN)[number];

const getal = (veld: string) => sql<number>`coalesce((rapport->>${sql.lit(veld)})::int, 0)`;
const STATUS = sql<LeveringStatus>`CASE WHEN ${getal('afgewezenAantal')} = 0 THEN 'verwerkt' WHEN ${getal('geaccepteerd')} = 0 THEN 'afgewezen' ELSE 'deels-afgewezen' END`;

function eigenLeveringen(db: Tx, partnerId: string, status: LeveringStatus | undefined) {
  let q = db.selectFrom('vroegsignaal_leveringen').where('partner_id', '=', partnerId).where('rapport', 'is not', null);
  if (status) q = q.where(STATUS, '=', status);
  return q;
}

/** The partner's own deliveries, newest first: the counts from the report, never the rejected rows themselves. */
export async function leveringen(
  db: Tx,
  partnerId: string,
  v: { limit: number; offset: number; status?: LeveringStatus | undefined },
) {
  return eigenLeveringen(db, partnerId, v.status)
    .select([
      'id',
      'bron',
      'bestandsnaam',
      'ontvangen_op',
      getal('regels').as('regels'),
      getal('geaccepteerd').as('geaccepteerd'),
      getal('afgewezenAantal').as('afgewezen'),
      STATUS.as('status'),
    ])
    .orderBy('ontvangen_op', 'desc')
    .orderBy('id')
    .limit(v.limit)
    .offset(v.offset)
    .execute();
}

/** How many own deliveries match, in total and per status. */
export async function telLeveringen(db: Tx, partnerId: string, status: LeveringStatus | undefined) {
  const rijen = await eigenLeveringen(db, partnerId, status)
    .select([STATUS.as('status'), sql<number>`count(*)::int`.as('n')])
    .groupBy(STATUS)
    .execute();
  const per = Object.fromEntries(LEVERING_STATUSSEN.map((s) => [s, 0])) as Record<LeveringStatus, number>;
  for (const r of rijen) per[r.status] = Number(r.n);
  return { totaal: rijen.reduce((t, r) => t + Number(r.n), 0), ...per };
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
