import { sql, type Kysely } from 'kysely';
import type { Database, LeveringStatus } from '../../db/schema.ts';
import type { Db } from '../../db/connection.ts';
import { PersonenSet } from './personen-set.ts';
import type { HulpContact, OrganisatieSet } from './vish-index.ts';
import type { VishOmgeving } from './omgeving.ts';

export async function startLevering(
  db: Kysely<Database>,
  v: { organisatieId: string; bron: string; sleutelId: string; omgeving: VishOmgeving; eigenaar: number },
) {
  return db
    .insertInto('vish_leveringen')
    .values({
      organisatie_id: v.organisatieId,
      status: 'bezig',
      bron: v.bron,
      sleutel_id: v.sleutelId,
      omgeving: v.omgeving,
      eigenaar: v.eigenaar,
    })
    .returning(['id', 'gestart_op', 'volgnr'])
    .executeTakeFirstOrThrow();
}

export async function bewaarContacten(db: Kysely<Database>, leveringId: string, contacten: HulpContact[]) {
  for (let i = 0; i < contacten.length; i += 1000) {
    await db
      .insertInto('vish_contacten')
      .values(contacten.slice(i, i + 1000).map((c, j) => ({ levering_id: leveringId, nr: i + j, ...c })))
      .execute();
  }
}

/** Ends a delivery that is still 'bezig' and deletes what it staged. False when it was no longer 'bezig'. */
export async function verwerpLevering(
  db: Db,
  leveringId: string,
  status: 'verworpen' | 'afgebroken',
  fouten: unknown,
): Promise<boolean> {
  const r = await db.kysely
    .updateTable('vish_leveringen')
    .set({ status, fouten: JSON.stringify(fouten), afgerond_op: new Date() })
    .where('id', '=', leveringId)
    .where('status', '=', 'bezig')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await verwijderPersonen(db, leveringId);
  return true;
}

/** Serialises the swaps of one organisation's list (per omgeving), across processes. */
async function sluitLijst(tx: Kysely<Database>, organisatieId: string, omgeving: VishOmgeving) {
  await sql`SELECT pg_advisory_xact_lock(${LIJST_SLOT}, hashtext(${`${organisatieId}:${omgeving}`}))`.execute(tx);
}
const LIJST_SLOT = 7212028;

/** A list of this organisation submitted after `volgnr` has already taken effect (activated or withdrawn). */
async function nieuwereLijst(tx: Kysely<Database>, organisatieId: string, omgeving: VishOmgeving, volgnr: number) {
  return tx
    .selectFrom('vish_leveringen')
    .select('id')
    .where('organisatie_id', '=', organisatieId)
    .where('omgeving', '=', omgeving)
    .where('volgnr', '>', volgnr)
    .where('geactiveerd_op', 'is not', null)
    .limit(1)
    .executeTakeFirst();
}

export type Activering =
  | { uitkomst: 'actief'; vorige: string | null; verlooptOp: Date }
  | { uitkomst: 'achterhaald'; nieuwer: string }
  | { uitkomst: 'onderbroken' };

/**
 * The atomic swap: in one transaction the organisation's active delivery becomes 'vervangen' and the
 * new one 'actief'. Until this commits, every reader sees the old set. The list submitted last wins:
 * if a list submitted after this one has already taken effect, this one is not activated
 * ('achterhaald'). A delivery that is no longer 'bezig' (cleaned up as abandoned) is not activated either.
 */
export async function activeerLevering(
  db: Kysely<Database>,
  l: { organisatieId: string; omgeving: VishOmgeving; leveringId: string; volgnr: number },
  v: { aantal: number; checksum: string; bewaarDagen: number },
): Promise<Activering> {
  return db
    .transaction()
    .execute(async (tx): Promise<Activering> => {
      await sluitLijst(tx, l.organisatieId, l.omgeving);
      const now = new Date();
      const nieuwer = await nieuwereLijst(tx, l.organisatieId, l.omgeving, l.volgnr);
      if (nieuwer) {
        const r = await tx
          .updateTable('vish_leveringen')
          .set({
            status: 'vervangen',
            aantal: v.aantal,
            checksum: v.checksum,
            afgerond_op: now,
            fouten: JSON.stringify({ melding: 'Niet geactiveerd: een later gestuurde lijst geldt.' }),
          })
          .where('id', '=', l.leveringId)
          .where('status', '=', 'bezig')
          .executeTakeFirst();
        return Number(r.numUpdatedRows) === 1
          ? { uitkomst: 'achterhaald', nieuwer: nieuwer.id }
          : { uitkomst: 'onderbroken' };
      }
      const verlooptOp = new Date(now.getTime() + v.bewaarDagen * 86_400_000);
      const vorige = await tx
        .updateTable('vish_leveringen')
        .set({ status: 'vervangen' })
        .where('organisatie_id', '=', l.organisatieId)
        .where('omgeving', '=', l.omgeving)
        .where('status', '=', 'actief')
        .returning('id')
        .executeTakeFirst();
      const r = await tx
        .updateTable('vish_leveringen')
        .set({
          status: 'actief',
          aantal: v.aantal,
          checksum: v.checksum,
          afgerond_op: now,
          geactiveerd_op: now,
          verloopt_op: verlooptOp,
        })
        .where('id', '=', l.leveringId)
        .where('status', '=', 'bezig')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new Onderbroken(); // rolls the swap back
      await meldIndexWijziging(tx, l.organisatieId);
      return { uitkomst: 'actief', vorige: vorige?.id ?? null, verlooptOp };
    })
    .catch((err) => {
      if (err instanceof Onderbroken) return { uitkomst: 'onderbroken' } as const;
      throw err;
    });
}
class Onderbroken extends Error {}

/** The NOTIFY channel on which every node hears that an organisation's active list changed (see index-volger.ts). */
export const INDEX_KANAAL = 'schuldenrust_vish_index';

/** Tells every node, when the transaction commits, that the organisation's active list changed (payload: its id). */
export async function meldIndexWijziging(db: Kysely<Database>, organisatieId: string) {
  await sql`SELECT pg_notify(${INDEX_KANAAL}, ${organisatieId})`.execute(db);
}

/**
 * Withdraws the organisation's active list (no one left to deliver): recorded as a list of its own
 * ('ingetrokken', 0 persons) so that it counts as the newest list, also against deliveries still running.
 */
export async function trekLijstIn(
  db: Kysely<Database>,
  organisatieId: string,
  omgeving: VishOmgeving,
  bron: string,
  sleutelId: string,
): Promise<{ ingetrokken: string | null; volgnr: number }> {
  return db.transaction().execute(async (tx) => {
    await sluitLijst(tx, organisatieId, omgeving);
    const now = new Date();
    const rij = await tx
      .insertInto('vish_leveringen')
      .values({
        organisatie_id: organisatieId,
        status: 'ingetrokken',
        bron,
        sleutel_id: sleutelId,
        omgeving,
        afgerond_op: now,
        geactiveerd_op: now,
      })
      .returning('volgnr')
      .executeTakeFirstOrThrow();
    const vorige = await tx
      .updateTable('vish_leveringen')
      .set({ status: 'vervangen' })
      .where('organisatie_id', '=', organisatieId)
      .where('omgeving', '=', omgeving)
      .where('status', '=', 'actief')
      .returning('id')
      .executeTakeFirst();
    await meldIndexWijziging(tx, organisatieId);
    return { ingetrokken: vorige?.id ?? null, volgnr: rij.volgnr };
  });
}

/** The organisation's active delivery in this omgeving, if any. */
export async function actieveLevering(db: Kysely<Database>, organisatieId: string, omgeving: VishOmgeving) {
  return db
    .selectFrom('vish_leveringen')
    .select(['id', 'aantal', 'bron', 'geactiveerd_op'])
    .where('organisatie_id', '=', organisatieId)
    .where('omgeving', '=', omgeving)
    .where('status', '=', 'actief')
    .executeTakeFirst();
}

export async function verwijderPersonen(db: Db, leveringId: string) {
  await db.kysely.deleteFrom('vish_personen').where('levering_id', '=', leveringId).execute();
  await db.kysely.deleteFrom('vish_contacten').where('levering_id', '=', leveringId).execute();
}

export async function actieveLeveringen(db: Kysely<Database>) {
  return db
    .selectFrom('vish_leveringen as l')
    .innerJoin('organisaties as o', 'o.id', 'l.organisatie_id')
    .select(['l.id', 'l.organisatie_id', 'l.sleutel_id', 'l.volgnr', 'l.omgeving', 'o.naam'])
    .where('l.status', '=', 'actief')
    .execute();
}

/** Builds an organisation's in-memory set from its stored delivery. */
export async function laadSet(
  db: Kysely<Database>,
  l: { id: string; organisatie_id: string; sleutel_id: string; volgnr: number; omgeving: VishOmgeving; naam: string },
): Promise<OrganisatieSet> {
  const contacten = await db
    .selectFrom('vish_contacten')
    .select(['nr', 'naam', 'telefoon', 'email'])
    .where('levering_id', '=', l.id)
    .orderBy('nr')
    .execute();
  // One bytea of 20 bytes per person (pseudonym prefix + contact number), not a row object per person: a million
  // persons load as one 20 MB value instead of a million objects on the heap.
  const { blob } = await db
    .selectFrom('vish_personen')
    .select(
      sql<Uint8Array | null>`string_agg(substring(pseudoniem from 1 for 16) || int4send(contact_nr), ''::bytea)`.as(
        'blob',
      ),
    )
    .where('levering_id', '=', l.id)
    .executeTakeFirstOrThrow();
  const b = blob ? Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength) : Buffer.alloc(0);
  const personen = new PersonenSet(b.length / 20);
  for (let i = 0; i < b.length; i += 20) personen.set(b.subarray(i, i + 16), b.readInt32BE(i + 16));
  return {
    organisatieId: l.organisatie_id,
    organisatieNaam: l.naam,
    leveringId: l.id,
    volgnr: l.volgnr,
    omgeving: l.omgeving,
    sleutelId: l.sleutel_id,
    personen,
    contacten: contacten.map((c) => ({ naam: c.naam, telefoon: c.telefoon, email: c.email })),
  };
}

const LEVERING_KOLOMMEN = [
  'id',
  'status',
  'omgeving',
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
    .select(['id', 'organisatie_id', 'omgeving', 'eigenaar', 'gestart_op'])
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

export async function aansluitfaseVan(db: Kysely<Database>, organisatieId: string) {
  const o = await db
    .selectFrom('organisaties')
    .select('aansluitfase')
    .where('id', '=', organisatieId)
    .executeTakeFirst();
  return o?.aansluitfase;
}

/** Deliveries still 'bezig': running here or on another node, or left behind by a process that ended. */
export async function lopendeLeveringen(db: Kysely<Database>) {
  return db
    .selectFrom('vish_leveringen')
    .select(['id', 'eigenaar', 'gestart_op'])
    .where('status', '=', 'bezig')
    .execute();
}

/** Organisations that deliver to VISH whose newest active delivery is older than `sinds` (or missing). */
export async function gemisteLeveringen(db: Kysely<Database>, sinds: Date) {
  return db
    .selectFrom('organisaties as o')
    .leftJoin('vish_leveringen as l', (j) =>
      j.onRef('l.organisatie_id', '=', 'o.id').on('l.status', '=', 'actief').on('l.omgeving', '=', 'productie'),
    )
    .select(['o.id', 'o.naam', 'l.geactiveerd_op'])
    .where('o.type', 'in', ['schuldhulpverlener', 'wijkteam'])
    .where('o.status', '=', 'actief')
    .where((eb) => eb.or([eb('l.geactiveerd_op', 'is', null), eb('l.geactiveerd_op', '<', sinds)]))
    .where(
      sql<boolean>`exists (select 1 from vish_leveringen x where x.organisatie_id = o.id and x.omgeving = 'productie')`,
    )
    .orderBy('o.naam')
    .execute();
}
