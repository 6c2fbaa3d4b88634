import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Tx = Kysely<Database>;

export async function upsertGemeenten(db: Tx, rows: { gemeentecode: string; naam: string }[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('gemeenten')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.column('gemeentecode').doUpdateSet({ naam: sql`excluded.naam`, bijgewerkt_op: sql`now()` }),
      )
      .execute();
  }
}

/** Adds municipalities that are missing; keeps existing names. */
export async function voegOntbrekendeGemeentenToe(db: Tx, rows: { gemeentecode: string; naam: string }[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('gemeenten')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.column('gemeentecode').doNothing())
      .execute();
  }
}

export async function vervangPc4(db: Tx, rows: { pc4: string; gemeentecode: string }[]) {
  await db.deleteFrom('postcodes_pc4').execute();
  // One statement with two array parameters: much faster on the embedded database than thousands of bound values.
  await sql`insert into postcodes_pc4 (pc4, gemeentecode)
    select * from unnest(${rows.map((r) => r.pc4)}::text[], ${rows.map((r) => r.gemeentecode)}::text[])
    on conflict do nothing`.execute(db);
}

/** Replaces every PC6 exception (CBS's address file yields the complete set for its year). */
export async function vervangUitzonderingen(
  db: Tx,
  rows: { pc6: string; huisnummer: number | null; gemeentecode: string }[],
) {
  await db.deleteFrom('postcode_uitzonderingen').execute();
  if (rows.length === 0) return;
  await sql`insert into postcode_uitzonderingen (pc6, huisnummer, gemeentecode)
    select * from unnest(${rows.map((r) => r.pc6)}::text[], ${rows.map((r) => r.huisnummer)}::int[],
      ${rows.map((r) => r.gemeentecode)}::text[])`.execute(db);
}

export async function lijstGemeenten(db: Tx) {
  return db
    .selectFrom('gemeenten')
    .select(['gemeentecode', 'naam', 'doet_mee_vroegsignalering'])
    .orderBy('gemeentecode')
    .execute();
}

export async function gemeenten(db: Tx, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('gemeenten')
    .select(['gemeentecode', 'naam', 'doet_mee_vroegsignalering'])
    .where('gemeentecode', 'in', codes)
    .execute();
}

export async function zetDeelname(db: Tx, gemeentecode: string, doetMee: boolean): Promise<boolean> {
  const r = await db
    .updateTable('gemeenten')
    .set({ doet_mee_vroegsignalering: doetMee, bijgewerkt_op: new Date() })
    .where('gemeentecode', '=', gemeentecode)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function pc4Gemeenten(db: Tx, pc4s: string[]) {
  if (pc4s.length === 0) return [];
  // One array parameter: a large upload has more distinct postcodes than PostgreSQL's 65,535 bind parameters.
  return db
    .selectFrom('postcodes_pc4')
    .select(['pc4', 'gemeentecode'])
    .where(sql<boolean>`pc4 = any(${pc4s}::text[])`)
    .execute();
}

/** The whole PC4 table (about 4,000 rows): kept in memory while an upload is routed. */
export async function allePc4(db: Tx) {
  return db.selectFrom('postcodes_pc4').select(['pc4', 'gemeentecode']).execute();
}

export async function uitzonderingen(db: Tx, pc6s: string[]) {
  if (pc6s.length === 0) return [];
  return db
    .selectFrom('postcode_uitzonderingen')
    .select(['pc6', 'huisnummer', 'gemeentecode'])
    .where(sql<boolean>`pc6 = any(${pc6s}::text[])`)
    .execute();
}

export async function zetUitzondering(db: Tx, v: { pc6: string; huisnummer: number | null; gemeentecode: string }) {
  return db.transaction().execute(async (tx) => {
    let q = tx.deleteFrom('postcode_uitzonderingen').where('pc6', '=', v.pc6);
    q = v.huisnummer === null ? q.where('huisnummer', 'is', null) : q.where('huisnummer', '=', v.huisnummer);
    await q.execute();
    return tx
      .insertInto('postcode_uitzonderingen')
      .values(v)
      .returning(['id', 'pc6', 'huisnummer', 'gemeentecode'])
      .executeTakeFirstOrThrow();
  });
}

/** Rows, distinct PC4s and municipalities in the PC4 table. */
export async function telPostcodes(db: Tx) {
  const r = await db
    .selectFrom('postcodes_pc4')
    .select([
      sql<string>`count(*)`.as('rijen'),
      sql<string>`count(distinct pc4)`.as('pc4'),
      sql<string>`count(distinct gemeentecode)`.as('gemeenten'),
    ])
    .executeTakeFirstOrThrow();
  return { rijen: Number(r.rijen), pc4: Number(r.pc4), gemeenten: Number(r.gemeenten) };
}

/** PC4s that lie in more than one municipality (an address there needs an exception to be routed). */
export async function gesplitstePc4(db: Tx): Promise<string[]> {
  const r = await db
    .selectFrom('postcodes_pc4')
    .select('pc4')
    .groupBy('pc4')
    .having(sql<boolean>`count(*) > 1`)
    .orderBy('pc4')
    .execute();
  return r.map((x) => x.pc4);
}

export async function alleUitzonderingen(db: Tx) {
  return db
    .selectFrom('postcode_uitzonderingen as u')
    .innerJoin('gemeenten as g', 'g.gemeentecode', 'u.gemeentecode')
    .select(['u.id', 'u.pc6', 'u.huisnummer', 'u.gemeentecode', 'g.naam as gemeentenaam', 'u.aangemaakt_op'])
    .orderBy('u.pc6')
    .orderBy('u.huisnummer')
    .execute();
}

export async function telPc4(db: Tx) {
  const r = await db.selectFrom('postcodes_pc4').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

/** The CBS code of a municipality organisation (null when not set). */
export async function gemeentecodeVanOrganisatie(db: Tx, organisatieId: string): Promise<string | null> {
  const r = await db
    .selectFrom('organisaties')
    .select('gemeentecode')
    .where('id', '=', organisatieId)
    .where('type', '=', 'gemeente')
    .executeTakeFirst();
  return r?.gemeentecode ?? null;
}

/**
 * The organisations that handle a municipality's signals and have at least one active user: the municipality's own
 * organisation, and the debt-help organisations / neighbourhood teams with a work area there (werkgebieden, read only).
 */
function behandelaars(db: Tx) {
  return db
    .selectFrom('organisaties as o')
    .innerJoin('gemeenten as g', (j) =>
      j.on((eb) =>
        eb.or([
          eb.and([eb('o.type', '=', 'gemeente'), eb('o.gemeentecode', '=', eb.ref('g.gemeentecode'))]),
          eb.exists(
            eb
              .selectFrom('werkgebieden as w')
              .select('w.organisatie_id')
              .whereRef('w.organisatie_id', '=', 'o.id')
              .whereRef('w.gemeentecode', '=', 'g.gemeentecode'),
          ),
        ]),
      ),
    )
    .where('o.status', '=', 'actief')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('gebruikers as u')
          .select('u.id')
          .whereRef('u.organisatie_id', '=', 'o.id')
          .where('u.actief', '=', true),
      ),
    );
}

export async function heeftBehandelaar(db: Tx, gemeentecode: string): Promise<boolean> {
  const r = await behandelaars(db).select('o.id').where('g.gemeentecode', '=', gemeentecode).executeTakeFirst();
  return !!r;
}

/** Participating municipalities whose signals no organisation with an active user handles (operator's attention). */
export async function deelnemersZonderBehandelaar(db: Tx) {
  return db
    .selectFrom('gemeenten')
    .select(['gemeentecode', 'naam'])
    .where('doet_mee_vroegsignalering', '=', true)
    .where((eb) =>
      eb.not(eb.exists(behandelaars(db).select('o.id').where('g.gemeentecode', '=', eb.ref('gemeenten.gemeentecode')))),
    )
    .orderBy('naam')
    .execute();
}
