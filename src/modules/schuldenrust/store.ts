import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, PauzeEindeReden } from '../../db/schema.ts';

type Db = Kysely<Database>;

// --- Creditors and their agreement ---

export async function deelname(db: Db, organisatieId: string) {
  return db
    .selectFrom('schuldeiser_deelnames as d')
    .innerJoin('organisaties as o', 'o.id', 'd.organisatie_id')
    .select([
      'd.organisatie_id',
      'o.naam',
      'o.type',
      'd.soort',
      'd.grondslag',
      'd.kanaal',
      'd.stappen',
      'd.contact_email',
      'd.status',
      'd.ingegaan_op',
      'd.beeindigd_op',
    ])
    .where('d.organisatie_id', '=', organisatieId)
    .executeTakeFirst();
}

export async function zetDeelname(db: Db, v: Insertable<Database['schuldeiser_deelnames']>) {
  const { organisatie_id: _o, ...rest } = v;
  await db
    .insertInto('schuldeiser_deelnames')
    .values(v)
    .onConflict((oc) =>
      oc
        .column('organisatie_id')
        .doUpdateSet({ ...rest, status: 'actief', beeindigd_op: null, ingegaan_op: new Date() }),
    )
    .execute();
}

export async function beeindigDeelname(db: Db, organisatieId: string) {
  const r = await db
    .updateTable('schuldeiser_deelnames')
    .set({ status: 'beeindigd', beeindigd_op: new Date() })
    .where('organisatie_id', '=', organisatieId)
    .where('status', '=', 'actief')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Creditors in the arrangement now (organisation active, in production). */
export async function actieveSchuldeisers(db: Db) {
  return db
    .selectFrom('schuldeiser_deelnames as d')
    .innerJoin('organisaties as o', 'o.id', 'd.organisatie_id')
    .select(['o.id', 'o.naam', 'o.type', 'd.soort', 'd.kanaal', 'd.stappen'])
    .where('d.status', '=', 'actief')
    .where('o.status', '=', 'actief')
    .where('o.aansluitfase', '=', 'productie')
    .orderBy('o.naam')
    .execute();
}

// --- Trajectory (read only: the trajecten module owns it) ---

/** An own, open, not anonymised trajectory with what the Kennisgeving needs. */
export async function traject(db: Db, organisatieId: string, id: string) {
  return db
    .selectFrom('trajecten as t')
    .innerJoin('organisaties as o', 'o.id', 't.organisatie_id')
    .select([
      't.id',
      't.organisatie_id',
      'o.naam as organisatie_naam',
      't.toegelaten',
      't.einddatum',
      't.geanonimiseerd_op',
      't.consulent_naam',
      't.consulent_telefoon',
      't.consulent_email',
    ])
    .where('t.organisatie_id', '=', organisatieId)
    .where('t.id', '=', id)
    .where('t.geanonimiseerd_op', 'is', null)
    .executeTakeFirst();
}

// --- Debt inventory ---

export async function voegSchuldToe(db: Db, v: Insertable<Database['schuldenrust_schulden']>) {
  return db.insertInto('schuldenrust_schulden').values(v).returning('id').executeTakeFirstOrThrow();
}

export async function schulden(db: Db, organisatieId: string, trajectId: string) {
  return db
    .selectFrom('schuldenrust_schulden as s')
    .leftJoin('organisaties as o', 'o.id', 's.schuldeiser_id')
    .leftJoin('schuldeiser_deelnames as d', 'd.organisatie_id', 's.schuldeiser_id')
    .leftJoin('organisaties as dw', 'dw.id', 's.deurwaarder_id')
    .select([
      's.id',
      's.schuldeiser_id',
      sql<string>`coalesce(o.naam, s.schuldeiser_naam)`.as('naam'),
      's.schuldeiser_adres',
      's.kenmerk',
      's.bedrag',
      's.bron',
      'dw.naam as deurwaarder',
      'd.soort',
      'd.kanaal',
      'd.status as deelname_status',
      's.aangemaakt_op',
    ])
    .where('s.organisatie_id', '=', organisatieId)
    .where('s.traject_id', '=', trajectId)
    .orderBy('s.aangemaakt_op')
    .orderBy('s.id')
    .execute();
}

// --- Pauses ---

export async function actievePauze(db: Db, trajectId: string) {
  return db
    .selectFrom('schuldenrust_pauzes')
    .selectAll()
    .where('traject_id', '=', trajectId)
    .where('status', '=', 'actief')
    .executeTakeFirst();
}

export async function pauzesVan(db: Db, trajectId: string) {
  return db
    .selectFrom('schuldenrust_pauzes')
    .selectAll()
    .where('traject_id', '=', trajectId)
    .orderBy('aangemaakt_op', 'desc')
    .execute();
}

export async function pauze(db: Db, organisatieId: string, id: string) {
  return db
    .selectFrom('schuldenrust_pauzes')
    .selectAll()
    .where('organisatie_id', '=', organisatieId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The NOTIFY channel on which every node hears that a pause started, changed or ended (see vish.ts). */
export const RUST_KANAAL = 'schuldenrust_pauzes';

/** Sent in the writer's transaction, so other nodes hear it once the change is committed. */
async function meldRustWijziging(db: Db) {
  await sql`SELECT pg_notify(${RUST_KANAAL}, '')`.execute(db);
}

export async function nieuwePauze(db: Db, v: Insertable<Database['schuldenrust_pauzes']>) {
  const p = await db.insertInto('schuldenrust_pauzes').values(v).returningAll().executeTakeFirstOrThrow();
  await meldRustWijziging(db);
  return p;
}

export async function verleng(db: Db, id: string, einddatum: string) {
  await db.updateTable('schuldenrust_pauzes').set({ einddatum }).where('id', '=', id).execute();
  await meldRustWijziging(db);
}

/** Ends an active pause; false when it was not active (a second end changes nothing). */
export async function beeindig(db: Db, id: string, reden: PauzeEindeReden, nu: Date) {
  const r = await db
    .updateTable('schuldenrust_pauzes')
    .set({ status: 'beeindigd', einde_reden: reden, beeindigd_op: nu })
    .where('id', '=', id)
    .where('status', '=', 'actief')
    .executeTakeFirst();
  const gedaan = Number(r.numUpdatedRows) > 0;
  if (gedaan) await meldRustWijziging(db);
  return gedaan;
}

/** Active pauses past their end date, or whose trajectory was closed or anonymised. */
export async function teBeeindigen(db: Db, dag: string) {
  return db
    .selectFrom('schuldenrust_pauzes as p')
    .innerJoin('trajecten as t', 't.id', 'p.traject_id')
    .select(['p.id', 'p.organisatie_id', 'p.einddatum', 't.einddatum as traject_einddatum', 't.geanonimiseerd_op'])
    .where('p.status', '=', 'actief')
    .where((eb) =>
      eb.or([
        eb('p.einddatum', '<', dag),
        eb('t.einddatum', 'is not', null),
        eb('t.geanonimiseerd_op', 'is not', null),
      ]),
    )
    .limit(5000)
    .execute();
}

export async function historie(db: Db, pauzeId: string) {
  return db
    .selectFrom('schuldenrust_pauze_historie')
    .select(['tijdstip', 'gebeurtenis', 'einddatum', 'reden', 'actor_soort'])
    .where('pauze_id', '=', pauzeId)
    .orderBy('tijdstip')
    .orderBy('id')
    .execute();
}

export async function schrijfHistorie(db: Db, v: Insertable<Database['schuldenrust_pauze_historie']>) {
  await db.insertInto('schuldenrust_pauze_historie').values(v).execute();
}

// --- Kennisgevingen ---

export async function voegKennisgevingenToe(db: Db, rijen: Insertable<Database['schuldenrust_kennisgevingen']>[]) {
  if (rijen.length === 0) return [];
  return db
    .insertInto('schuldenrust_kennisgevingen')
    .values(rijen)
    .onConflict((oc) => oc.columns(['pauze_id', 'schuld_id']).doNothing())
    .returning(['id', 'schuldeiser_id', 'kanaal'])
    .execute();
}

/** Every Kennisgeving of a pause (for the counsellor's overview and to tell each creditor of a change). */
export async function kennisgevingenVanPauze(db: Db, pauzeId: string) {
  return db
    .selectFrom('schuldenrust_kennisgevingen as k')
    .innerJoin('schuldenrust_schulden as s', 's.id', 'k.schuld_id')
    .leftJoin('organisaties as o', 'o.id', 'k.schuldeiser_id')
    .select([
      'k.id',
      'k.schuld_id',
      'k.schuldeiser_id',
      sql<string>`coalesce(o.naam, s.schuldeiser_naam)`.as('naam'),
      's.kenmerk',
      'k.kanaal',
      'k.verstuurd_op',
      'k.antwoord',
      'k.deurwaarder_naam',
      'k.beantwoord_op',
      'k.herinnerd_op',
    ])
    .where('k.pauze_id', '=', pauzeId)
    .orderBy('k.verstuurd_op')
    .orderBy('k.id')
    .execute();
}

/**
 * What a creditor may see of its own Kennisgeving: its own claim reference, the pause, the counsellor's contact, and
 * (for a public creditor only, decrypted by the caller) the trajectory's BSN ciphertext. Nothing of other debts.
 */
const ONTVANGEN_KOLOMMEN = [
  'k.id',
  's.kenmerk',
  'p.startdatum',
  'p.einddatum',
  'p.status as pauze_status',
  'p.einde_reden',
  'k.verstuurd_op',
  'k.antwoord',
  'k.deurwaarder_naam',
  'k.beantwoord_op',
  't.consulent_naam',
  't.consulent_telefoon',
  't.consulent_email',
  'ho.naam as hulpverlener',
  't.organisatie_id as traject_organisatie_id',
  't.bsn_versleuteld',
] as const;

function ontvangenBasis(db: Db, schuldeiserId: string) {
  return db
    .selectFrom('schuldenrust_kennisgevingen as k')
    .innerJoin('schuldenrust_schulden as s', 's.id', 'k.schuld_id')
    .innerJoin('schuldenrust_pauzes as p', 'p.id', 'k.pauze_id')
    .innerJoin('trajecten as t', 't.id', 'p.traject_id')
    .innerJoin('organisaties as ho', 'ho.id', 'p.organisatie_id')
    .where('k.schuldeiser_id', '=', schuldeiserId)
    .where('k.kanaal', '<>', 'brief');
}

export async function ontvangen(db: Db, schuldeiserId: string, v: { open?: boolean | undefined; limit: number }) {
  return ontvangenBasis(db, schuldeiserId)
    .select(ONTVANGEN_KOLOMMEN)
    .$if(!!v.open, (q) => q.where('k.antwoord', 'is', null).where('p.status', '=', 'actief'))
    .orderBy('k.verstuurd_op', 'desc')
    .orderBy('k.id')
    .limit(v.limit)
    .execute();
}

export async function ontvangenEen(db: Db, schuldeiserId: string, id: string) {
  return ontvangenBasis(db, schuldeiserId).select(ONTVANGEN_KOLOMMEN).where('k.id', '=', id).executeTakeFirst();
}
export type OntvangenRij = NonNullable<Awaited<ReturnType<typeof ontvangenEen>>>;

/** The creditor's answer; only once and only while the pause is active (checked by the caller too). */
export async function beantwoord(
  db: Db,
  id: string,
  v: { antwoord: 'erkend' | 'geen-vordering' | 'deurwaarder'; deurwaarderNaam: string | null; nu: Date },
) {
  const r = await db
    .updateTable('schuldenrust_kennisgevingen')
    .set({ antwoord: v.antwoord, deurwaarder_naam: v.deurwaarderNaam, beantwoord_op: v.nu })
    .where('id', '=', id)
    .where('antwoord', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** One Kennisgeving of the counsellor's organisation, with what a letter needs. */
export async function voorBrief(db: Db, organisatieId: string, id: string) {
  return db
    .selectFrom('schuldenrust_kennisgevingen as k')
    .innerJoin('schuldenrust_schulden as s', 's.id', 'k.schuld_id')
    .innerJoin('schuldenrust_pauzes as p', 'p.id', 'k.pauze_id')
    .innerJoin('trajecten as t', 't.id', 'p.traject_id')
    .innerJoin('organisaties as ho', 'ho.id', 'p.organisatie_id')
    .leftJoin('organisaties as o', 'o.id', 'k.schuldeiser_id')
    .select([
      'k.id',
      'k.kanaal',
      'k.verstuurd_op',
      'p.id as pauze_id',
      sql<string>`coalesce(o.naam, s.schuldeiser_naam)`.as('schuldeiser'),
      's.schuldeiser_adres',
      's.kenmerk',
      'p.startdatum',
      'p.einddatum',
      'p.status',
      'p.einde_reden',
      't.consulent_naam',
      't.consulent_telefoon',
      't.consulent_email',
      'ho.naam as hulpverlener',
    ])
    .where('p.organisatie_id', '=', organisatieId)
    .where('k.id', '=', id)
    .executeTakeFirst();
}

/** Unanswered Kennisgevingen to connected creditors of active pauses, sent before `voor`, not yet reminded. */
export async function teHerinneren(db: Db, voor: Date) {
  return db
    .selectFrom('schuldenrust_kennisgevingen as k')
    .innerJoin('schuldenrust_pauzes as p', 'p.id', 'k.pauze_id')
    .select(['k.id', 'k.schuldeiser_id', 'k.kanaal', 'k.verstuurd_op', 'p.einddatum'])
    .where('k.antwoord', 'is', null)
    .where('k.herinnerd_op', 'is', null)
    .where('k.kanaal', '<>', 'brief')
    .where('k.schuldeiser_id', 'is not', null)
    .where('p.status', '=', 'actief')
    .where('k.verstuurd_op', '<', voor)
    .limit(5000)
    .execute();
}

export async function markeerHerinnerd(db: Db, ids: string[], nu: Date) {
  if (ids.length === 0) return;
  await db.updateTable('schuldenrust_kennisgevingen').set({ herinnerd_op: nu }).where('id', 'in', ids).execute();
}

// --- VISH: active pauses by the trajectory's BSN pseudonym ---

/** Per pseudonym (current key) the latest end date of an active pause of an open trajectory. */
export async function actieveRust(db: Db, sleutelId: string, dag: string) {
  return db
    .selectFrom('schuldenrust_pauzes as p')
    .innerJoin('trajecten as t', 't.id', 'p.traject_id')
    .select(['t.bsn_pseudoniem', sql<string>`max(p.einddatum)::text`.as('einddatum')])
    .where('p.status', '=', 'actief')
    .where('p.einddatum', '>=', dag)
    .where('p.startdatum', '<=', dag)
    .where('t.einddatum', 'is', null)
    .where('t.geanonimiseerd_op', 'is', null)
    .where('t.sleutel_id', '=', sleutelId)
    .where('t.bsn_pseudoniem', 'is not', null)
    .groupBy('t.bsn_pseudoniem')
    .execute();
}

// --- Retention: follows the trajectory ---

/** Clears the personal fields of the debts and answers of anonymised trajectories; counts stay for the reports. */
export async function ruimOp(db: Db) {
  const geanonimiseerd = db.selectFrom('trajecten').select('id').where('geanonimiseerd_op', 'is not', null);
  const s = await db
    .updateTable('schuldenrust_schulden')
    .set({
      kenmerk: null,
      bedrag: null,
      hoofdsom: null,
      kosten: null,
      schuldeiser_adres: null,
      schuldeiser_naam: sql<string | null>`case when schuldeiser_id is null then '(verwijderd)' end`,
    })
    .where('traject_id', 'in', geanonimiseerd)
    .where((eb) =>
      eb.or([
        eb('kenmerk', 'is not', null),
        eb('bedrag', 'is not', null),
        eb('hoofdsom', 'is not', null),
        eb('kosten', 'is not', null),
        eb('schuldeiser_adres', 'is not', null),
        eb.and([eb('schuldeiser_id', 'is not', null), eb('schuldeiser_naam', 'is not', null)]),
      ]),
    )
    .executeTakeFirst();
  const pauzes = db.selectFrom('schuldenrust_pauzes').select('id').where('traject_id', 'in', geanonimiseerd);
  await db
    .updateTable('schuldenrust_kennisgevingen')
    .set({ deurwaarder_naam: null })
    .where('pauze_id', 'in', pauzes)
    .where('deurwaarder_naam', 'is not', null)
    .execute();
  await db
    .updateTable('schuldenrust_pauze_historie')
    .set({ reden: null })
    .where('pauze_id', 'in', pauzes)
    .where('reden', 'is not', null)
    .execute();
  return Number(s.numUpdatedRows);
}

// --- Reports ---

export async function rapportRijen(db: Db, organisatieId: string, van: string, tot: string) {
  return db
    .selectFrom('schuldenrust_kennisgevingen as k')
    .innerJoin('schuldenrust_pauzes as p', 'p.id', 'k.pauze_id')
    .leftJoin('schuldeiser_deelnames as d', 'd.organisatie_id', 'k.schuldeiser_id')
    .select([
      'p.id as pauze_id',
      'k.kanaal',
      'd.soort',
      'k.antwoord',
      'k.verstuurd_op',
      'k.beantwoord_op',
      'k.herinnerd_op',
    ])
    .where('p.organisatie_id', '=', organisatieId)
    .where('p.startdatum', '>=', van)
    .where('p.startdatum', '<=', tot)
    .execute();
}

export async function pauzeTellingen(db: Db, organisatieId: string, van: string, tot: string, dag: string) {
  const r = await db
    .selectFrom('schuldenrust_pauzes')
    .select([
      sql<number>`count(*) filter (where startdatum >= ${van} and startdatum <= ${tot})`.as('gestart'),
      sql<number>`count(*) filter (where status = 'actief' and einddatum >= ${dag})`.as('actief'),
      sql<number>`count(*) filter (where status = 'beeindigd' and beeindigd_op >= ${van}::date and beeindigd_op < (${tot}::date + 1))`.as(
        'beeindigd',
      ),
    ])
    .where('organisatie_id', '=', organisatieId)
    .executeTakeFirstOrThrow();
  return { gestart: Number(r.gestart), actief: Number(r.actief), beeindigd: Number(r.beeindigd) };
}

// --- Claims from bailiffs (0038) ---

/**
 * A bailiff's own claims with the state of the newest Kennisgeving of each: only the claim's own fields, the
 * pause dates and whether the trajectory is still open. Nothing else of the trajectory.
 */
/** The bailiff's claims, newest first; `id`: only that one. */
export async function vorderingenVan(db: Db, deurwaarderId: string, limit: number, id?: string) {
  return db
    .selectFrom('schuldenrust_schulden as s')
    .innerJoin('trajecten as t', 't.id', 's.traject_id')
    .innerJoin('organisaties as h', 'h.id', 's.organisatie_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('schuldenrust_kennisgevingen as k')
          .innerJoin('schuldenrust_pauzes as p', 'p.id', 'k.pauze_id')
          .select(['p.startdatum', 'p.einddatum', 'p.status as pauze_status', 'k.verstuurd_op'])
          .whereRef('k.schuld_id', '=', 's.id')
          .orderBy('k.verstuurd_op', 'desc')
          .limit(1)
          .as('kp'),
      (join) => join.onTrue(),
    )
    .select([
      's.id',
      's.schuldeiser_naam',
      's.kenmerk',
      's.hoofdsom',
      's.kosten',
      's.aangemaakt_op',
      'h.naam as hulpverlener',
      't.einddatum as traject_einddatum',
      't.geanonimiseerd_op',
      'kp.startdatum',
      'kp.einddatum',
      'kp.pauze_status',
      'kp.verstuurd_op',
    ])
    .where('s.deurwaarder_id', '=', deurwaarderId)
    .$if(id !== undefined, (q) => q.where('s.id', '=', id!))
    .orderBy('s.aangemaakt_op', 'desc')
    .orderBy('s.id')
    .limit(limit)
    .execute();
}
