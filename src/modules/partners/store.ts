import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, LcvSector } from '../../db/schema.ts';

type Tx = Kysely<Database>;

const CONVENANT = [
  'c.id',
  'c.partner_id',
  'c.gemeentecode',
  'c.soort',
  'c.status',
  'c.looptijd_maanden',
  'c.aangemaakt_op',
  'c.gereed_op',
  'c.ondertekend_op',
  'c.ondertekend_door',
  'c.einddatum',
] as const;

export async function partner(db: Tx, organisatieId: string) {
  return db.selectFrom('signaalpartners').selectAll().where('organisatie_id', '=', organisatieId).executeTakeFirst();
}

export async function maakPartner(db: Tx, v: Insertable<Database['signaalpartners']>) {
  await db.insertInto('signaalpartners').values(v).execute();
}

export async function maakConvenanten(db: Tx, partnerId: string, codes: string[], soort: 'lcv' | 'ad-hoc' = 'lcv') {
  if (codes.length === 0) return;
  await db
    .insertInto('convenanten')
    .values(
      codes.map((gemeentecode) => ({ partner_id: partnerId, gemeentecode, soort, status: 'te-ondertekenen' as const })),
    )
    .onConflict((oc) => oc.columns(['partner_id', 'gemeentecode']).doNothing())
    .execute();
}

/** An ad-hoc agreement, accepted online at the moment of the first report. */
export async function maakAdHocConvenant(
  db: Tx,
  partnerId: string,
  gemeentecode: string,
  v: { datum: string; einddatum: string; door: string },
) {
  await db
    .insertInto('convenanten')
    .values({
      partner_id: partnerId,
      gemeentecode,
      soort: 'ad-hoc',
      status: 'ondertekend',
      ondertekend_op: v.datum,
      einddatum: v.einddatum,
      ondertekend_door: v.door,
    })
    .onConflict((oc) => oc.columns(['partner_id', 'gemeentecode']).doNothing())
    .execute();
}

export async function convenanten(db: Tx, filter: { partnerId?: string; gemeentecode?: string }) {
  let q = db
    .selectFrom('convenanten as c')
    .innerJoin('organisaties as o', 'o.id', 'c.partner_id')
    .innerJoin('signaalpartners as p', 'p.organisatie_id', 'c.partner_id')
    .innerJoin('gemeenten as g', 'g.gemeentecode', 'c.gemeentecode')
    .select([
      ...CONVENANT,
      'o.naam as partner_naam',
      'g.naam as gemeente_naam',
      'p.ddas_type',
      'p.sectoren',
      'p.contact_naam',
      'p.contact_email',
      'p.contact_delen',
    ]);
  if (filter.partnerId) q = q.where('c.partner_id', '=', filter.partnerId);
  if (filter.gemeentecode) q = q.where('c.gemeentecode', '=', filter.gemeentecode);
  return q.orderBy('g.naam').orderBy('o.naam').execute();
}

export async function convenant(db: Tx, id: string) {
  return db.selectFrom('convenanten as c').select(CONVENANT).where('c.id', '=', id).executeTakeFirst();
}

export async function zetGereed(db: Tx, id: string, looptijdMaanden: number) {
  const r = await db
    .updateTable('convenanten')
    .set({ status: 'gereed', gereed_op: new Date(), looptijd_maanden: looptijdMaanden })
    .where('id', '=', id)
    .where('status', '=', 'te-ondertekenen')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function zetOndertekend(db: Tx, id: string, v: { datum: string; einddatum: string; door: string }) {
  const r = await db
    .updateTable('convenanten')
    .set({ status: 'ondertekend', ondertekend_op: v.datum, einddatum: v.einddatum, ondertekend_door: v.door })
    .where('id', '=', id)
    .where('status', '=', 'gereed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Agreements of a partner per municipality (any state), for the intake. */
export async function convenantenVoor(db: Tx, partnerId: string, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('convenanten')
    .select(['id', 'gemeentecode', 'status', 'einddatum'])
    .where('partner_id', '=', partnerId)
    .where('gemeentecode', 'in', codes)
    .execute();
}

export async function opdrachtgevers(db: Tx, partnerId: string) {
  return db
    .selectFrom('opdrachtgevers')
    .select(['id', 'naam', 'sleutel', 'mandaat_tot'])
    .where('partner_id', '=', partnerId)
    .orderBy('naam')
    .execute();
}

export async function maakOpdrachtgever(
  db: Tx,
  v: { partner_id: string; naam: string; sleutel: string; mandaat_tot: string | null },
) {
  return db
    .insertInto('opdrachtgevers')
    .values(v)
    .onConflict((oc) =>
      oc
        .columns(['partner_id', 'sleutel'])
        .doUpdateSet({ naam: sql`excluded.naam`, mandaat_tot: sql`excluded.mandaat_tot` }),
    )
    .returning(['id', 'naam', 'mandaat_tot'])
    .executeTakeFirstOrThrow();
}

/** Ends a mandate (the row stays: stored signals refer to it). */
export async function beeindigMandaat(db: Tx, partnerId: string, id: string, totEnMet: string) {
  const r = await db
    .updateTable('opdrachtgevers')
    .set({ mandaat_tot: totEnMet })
    .where('partner_id', '=', partnerId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type { LcvSector };
