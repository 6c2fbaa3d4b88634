import { sql, type Insertable, type Kysely } from 'kysely';
import type { ConvenantGebeurtenis, Database, LcvSector } from '../../db/schema.ts';

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
  'c.beeindigd_op',
  'c.beeindigd_door',
  'c.verlengd_op',
] as const;

export async function partner(db: Tx, organisatieId: string) {
  return db.selectFrom('signaalpartners').selectAll().where('organisatie_id', '=', organisatieId).executeTakeFirst();
}

export async function maakPartner(db: Tx, v: Insertable<Database['signaalpartners']>) {
  await db.insertInto('signaalpartners').values(v).execute();
}

/** New agreements (te-ondertekenen) for municipalities the partner has none with; returns the new ones. */
export async function maakConvenanten(db: Tx, partnerId: string, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .insertInto('convenanten')
    .values(
      codes.map((gemeentecode) => ({
        partner_id: partnerId,
        gemeentecode,
        soort: 'lcv' as const,
        status: 'te-ondertekenen' as const,
      })),
    )
    .onConflict((oc) => oc.columns(['partner_id', 'gemeentecode']).doNothing())
    .returning(['id', 'gemeentecode'])
    .execute();
}

/**
 * Ad-hoc agreements, accepted online (small landlords), for the municipalities without any agreement of this partner.
 * An existing one is left to its lifecycle: an ended one is renewed (verlengen), a terminated one is not revived by a
 * report. Returns the new ones.
 */
export async function maakAdHocConvenanten(
  db: Tx,
  partnerId: string,
  codes: string[],
  v: { datum: string; einddatum: string; door: string },
) {
  if (codes.length === 0) return [];
  // One statement: an agreement another request created meanwhile is skipped, not a unique-key error.
  return db
    .insertInto('convenanten')
    .values(
      codes.map((gemeentecode) => ({
        partner_id: partnerId,
        gemeentecode,
        soort: 'ad-hoc' as const,
        status: 'ondertekend' as const,
        ondertekend_op: v.datum,
        einddatum: v.einddatum,
        ondertekend_door: v.door,
      })),
    )
    .onConflict((oc) => oc.columns(['partner_id', 'gemeentecode']).doNothing())
    .returning(['id', 'gemeentecode', 'einddatum'])
    .execute();
}

/** A terminated agreement of the partner with these municipalities starts again (te-ondertekenen). */
export async function heropen(db: Tx, partnerId: string, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .updateTable('convenanten')
    .set({
      status: 'te-ondertekenen',
      soort: 'lcv',
      gereed_op: null,
      ondertekend_op: null,
      ondertekend_door: null,
      einddatum: null,
      beeindigd_op: null,
      beeindigd_door: null,
      verlengd_op: null,
    })
    .where('partner_id', '=', partnerId)
    .where('gemeentecode', 'in', codes)
    .where('status', '=', 'beeindigd')
    .returning(['id', 'gemeentecode', 'einddatum'])
    .execute();
}

/** Ad-hoc variant of `heropen`: the landlord accepts online again, so it is signed at once. */
export async function heropenAdHoc(
  db: Tx,
  partnerId: string,
  codes: string[],
  v: { datum: string; einddatum: string; door: string },
) {
  if (codes.length === 0) return [];
  return db
    .updateTable('convenanten')
    .set({
      status: 'ondertekend',
      soort: 'ad-hoc',
      gereed_op: null,
      ondertekend_op: v.datum,
      ondertekend_door: v.door,
      einddatum: v.einddatum,
      beeindigd_op: null,
      beeindigd_door: null,
      verlengd_op: null,
    })
    .where('partner_id', '=', partnerId)
    .where('gemeentecode', 'in', codes)
    .where('status', '=', 'beeindigd')
    .returning(['id', 'gemeentecode', 'einddatum'])
    .execute();
}

export async function zetBeeindigd(db: Tx, id: string, v: { datum: string; door: 'partner' | 'gemeente' }) {
  const r = await db
    .updateTable('convenanten')
    .set({ status: 'beeindigd', beeindigd_op: v.datum, beeindigd_door: v.door })
    .where('id', '=', id)
    .where('status', '!=', 'beeindigd')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Renewal: only a signed agreement whose end date is still the one the caller saw (no double renewal). */
export async function zetVerlengd(db: Tx, id: string, v: { datum: string; van: string; einddatum: string }) {
  const r = await db
    .updateTable('convenanten')
    .set({ einddatum: v.einddatum, verlengd_op: v.datum })
    .where('id', '=', id)
    .where('status', '=', 'ondertekend')
    .where('einddatum', '=', v.van)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface HistorieRegel {
  convenant_id: string;
  gebeurtenis: ConvenantGebeurtenis;
  door_organisatie_id: string | null;
  door_gebruiker_id: string | null;
  einddatum?: string | null;
}

export async function schrijfHistorie(db: Tx, regels: HistorieRegel[]) {
  if (regels.length === 0) return;
  await db
    .insertInto('convenant_historie')
    .values(regels.map((r) => ({ ...r, einddatum: r.einddatum ?? null })))
    .execute();
}

export async function historie(db: Tx, convenantId: string) {
  return db
    .selectFrom('convenant_historie as h')
    .leftJoin('organisaties as o', 'o.id', 'h.door_organisatie_id')
    .select(['h.gebeurtenis', 'h.op', 'h.einddatum', 'o.naam as door_naam', 'o.type as door_type'])
    .where('h.convenant_id', '=', convenantId)
    .orderBy('h.op')
    .orderBy('h.id')
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

/** Municipalities that take part in early signalling (public: for the landlord's sign-up form). */
export async function deelnemendeGemeenten(db: Tx) {
  return db
    .selectFrom('gemeenten')
    .select(['gemeentecode', 'naam'])
    .where('doet_mee_vroegsignalering', '=', true)
    .orderBy('naam')
    .execute();
}
