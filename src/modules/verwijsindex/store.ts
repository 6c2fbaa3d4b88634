import { sql, type Kysely } from 'kysely';
import type { Database, LeveringStatus } from '../../db/schema.ts';
import type { Db } from '../../db/connection.ts';
import { indexSleutel, type HulpContact, type OrganisatieSet } from './vish-index.ts';

export async function startLevering(db: Kysely<Database>, organisatieId: string, bron: string, sleutelId: string) {
  const row = await db
    .insertInto('vish_leveringen')
    .values({ organisatie_id: organisatieId, status: 'bezig', bron, sleutel_id: sleutelId })
    .returning(['id', 'gestart_op'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function bewaarContacten(db: Kysely<Database>, leveringId: string, contacten: HulpContact[]) {
  for (let i = 0; i < contacten.length; i += 1000) {
    await db
      .insertInto('vish_contacten')
      .values(contacten.slice(i, i + 1000).map((c, j) => ({ levering_id: leveringId, nr: i + j, ...c })))
      .execute();
  }
}

export async function verwerpLevering(db: Db, leveringId: string, status: 'verworpen' | 'afgebroken', fouten: unknown) {
  await db.kysely
    .updateTable('vish_leveringen')
    .set({ status, fouten: JSON.stringify(fouten), afgerond_op: new Date() })
    .where('id', '=', leveringId)
    .execute();
  await verwijderPersonen(db, leveringId);
}

/**
 * The atomic swap: in one transaction the organisation's active delivery becomes 'vervangen' and the
 * new one 'actief'. Until this commits, every reader sees the old set.
 */
export async function activeerLevering(
  db: Kysely<Database>,
  organisatieId: string,
  leveringId: string,
  v: { aantal: number; checksum: string; bewaarDagen: number },
): Promise<{ vorige: string | null; verlooptOp: Date }> {
  return db.transaction().execute(async (tx) => {
    const vorige = await tx
      .updateTable('vish_leveringen')
      .set({ status: 'vervangen' })
      .where('organisatie_id', '=', organisatieId)
      .where('status', '=', 'actief')
      .returning('id')
      .executeTakeFirst();
    const now = new Date();
    const verlooptOp = new Date(now.getTime() + v.bewaarDagen * 86_400_000);
    await tx
      .updateTable('vish_leveringen')
      .set({
        status: 'actief',
        aantal: v.aantal,
        checksum: v.checksum,
        afgerond_op: now,
        geactiveerd_op: now,
        verloopt_op: verlooptOp,
      })
      .where('id', '=', leveringId)
      .where('status', '=', 'bezig')
      .executeTakeFirstOrThrow();
    return { vorige: vorige?.id ?? null, verlooptOp };
  });
}

export async function verwijderPersonen(db: Db, leveringId: string) {
  await db.kysely.deleteFrom('vish_personen').where('levering_id', '=', leveringId).execute();
  await db.kysely.deleteFrom('vish_contacten').where('levering_id', '=', leveringId).execute();
}

export async function actieveLeveringen(db: Kysely<Database>) {
  return db
    .selectFrom('vish_leveringen as l')
    .innerJoin('organisaties as o', 'o.id', 'l.organisatie_id')
    .select(['l.id', 'l.organisatie_id', 'l.sleutel_id', 'o.naam'])
    .where('l.status', '=', 'actief')
    .execute();
}

/** Builds an organisation's in-memory set from its stored delivery. */
export async function laadSet(
  db: Kysely<Database>,
  l: { id: string; organisatie_id: string; sleutel_id: string; naam: string },
): Promise<OrganisatieSet> {
  const contacten = await db
    .selectFrom('vish_contacten')
    .select(['nr', 'naam', 'telefoon', 'email'])
    .where('levering_id', '=', l.id)
    .orderBy('nr')
    .execute();
  const personen = new Map<string, number>();
  const rows = await db
    .selectFrom('vish_personen')
    .select(['pseudoniem', 'contact_nr'])
    .where('levering_id', '=', l.id)
    .execute();
  for (const r of rows) personen.set(indexSleutel(r.pseudoniem), r.contact_nr);
  return {
    organisatieId: l.organisatie_id,
    organisatieNaam: l.naam,
    leveringId: l.id,
    sleutelId: l.sleutel_id,
    personen,
    contacten: contacten.map((c) => ({ naam: c.naam, telefoon: c.telefoon, email: c.email })),
  };
}

const LEVERING_KOLOMMEN = [
  'id',
  'status',
  'bron',
  'aantal',
  'checksum',
  'gestart_op',
  'afgerond_op',
  'geactiveerd_op',
  'verloopt_op',
  'fouten',
] as const;

export async function leveringenVan(db: Kysely<Database>, organisatieId: string, limit = 50) {
  return db
    .selectFrom('vish_leveringen')
    .select(LEVERING_KOLOMMEN)
    .where('organisatie_id', '=', organisatieId)
    .orderBy('gestart_op', 'desc')
    .limit(limit)
    .execute();
}

/** One delivery, scoped to its organisation: another organisation's id finds nothing. */
export async function leveringVan(db: Kysely<Database>, organisatieId: string, id: string) {
  return db
    .selectFrom('vish_leveringen')
    .select(LEVERING_KOLOMMEN)
    .where('organisatie_id', '=', organisatieId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function leveringMetStatus(
  db: Kysely<Database>,
  statussen: LeveringStatus[],
  voor: Date,
  veld: 'verloopt_op' | 'gestart_op',
) {
  return db
    .selectFrom('vish_leveringen')
    .select(['id', 'organisatie_id'])
    .where('status', 'in', statussen)
    .where(veld, '<', voor)
    .execute();
}

export async function actieveLeveringVan(db: Kysely<Database>, organisatieId: string) {
  return db
    .selectFrom('vish_leveringen')
    .select('id')
    .where('organisatie_id', '=', organisatieId)
    .where('status', '=', 'actief')
    .executeTakeFirst();
}

export async function zetStatus(db: Kysely<Database>, id: string, status: LeveringStatus) {
  await db.updateTable('vish_leveringen').set({ status }).where('id', '=', id).execute();
}

/** Organisations that deliver to VISH whose newest active delivery is older than `sinds` (or missing). */
export async function gemisteLeveringen(db: Kysely<Database>, sinds: Date) {
  return db
    .selectFrom('organisaties as o')
    .leftJoin('vish_leveringen as l', (j) => j.onRef('l.organisatie_id', '=', 'o.id').on('l.status', '=', 'actief'))
    .select(['o.id', 'o.naam', 'l.geactiveerd_op'])
    .where('o.type', 'in', ['schuldhulpverlener', 'wijkteam'])
    .where('o.status', '=', 'actief')
    .where((eb) => eb.or([eb('l.geactiveerd_op', 'is', null), eb('l.geactiveerd_op', '<', sinds)]))
    .where(sql<boolean>`exists (select 1 from vish_leveringen x where x.organisatie_id = o.id)`)
    .orderBy('o.naam')
    .execute();
}
