import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

// --- OAuth2 clients (CBS) ---

export async function voegClientToe(db: Db, v: { id: string; naam: string; scopes: string[]; geheim_hash: Buffer }) {
  await db.insertInto('ddas_clients').values(v).execute();
}

export async function client(db: Db, id: string) {
  return db
    .selectFrom('ddas_clients')
    .select(['id', 'naam', 'scopes', 'geheim_hash', 'ingetrokken_op'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function clients(db: Db) {
  return db
    .selectFrom('ddas_clients')
    .select(['id', 'naam', 'scopes', 'aangemaakt_op', 'ingetrokken_op'])
    .orderBy('aangemaakt_op')
    .execute();
}

export async function trekClientIn(db: Db, id: string): Promise<boolean> {
  const r = await db
    .updateTable('ddas_clients')
    .set({ ingetrokken_op: new Date() })
    .where('id', '=', id)
    .where('ingetrokken_op', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// --- The delivering organisation (what DDAS asks besides the name) ---

export interface Aanleverinstellingen {
  kvk_nummer: string | null;
  postcode: string | null;
  contact_naam: string | null;
  contact_telefoon: string | null;
  contact_email: string | null;
  contact_functietitel: string | null;
}

export async function organisatie(db: Db, id: string) {
  return db
    .selectFrom('organisaties as o')
    .leftJoin('ddas_aanleverinstellingen as i', 'i.organisatie_id', 'o.id')
    .select([
      'o.id',
      'o.naam',
      'o.type',
      'o.gemeentecode',
      'i.kvk_nummer',
      'i.postcode',
      'i.contact_naam',
      'i.contact_telefoon',
      'i.contact_email',
      'i.contact_functietitel',
    ])
    .where('o.id', '=', id)
    .executeTakeFirst();
}

/** Organisations of the given types by exact name (case-insensitive), id, or municipality code. */
export async function zoekOrganisaties(
  db: Db,
  types: Database['organisaties']['type'][],
  zoek: { naam?: string; gemeentecode?: string; metGemeentecode?: boolean },
) {
  let q = db.selectFrom('organisaties').select(['id']).where('type', 'in', types).where('status', '=', 'actief');
  if (zoek.metGemeentecode) q = q.where('gemeentecode', 'is not', null);
  if (zoek.naam !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['naam']), '=', zoek.naam!.toLowerCase()));
  if (zoek.gemeentecode !== undefined) q = q.where('gemeentecode', '=', zoek.gemeentecode);
  return (await q.orderBy('naam').execute()).map((r) => r.id);
}

export async function zetAanleverinstellingen(db: Db, organisatieId: string, v: Aanleverinstellingen) {
  await db
    .insertInto('ddas_aanleverinstellingen')
    .values({ organisatie_id: organisatieId, ...v })
    .onConflict((oc) => oc.column('organisatie_id').doUpdateSet({ ...v, bijgewerkt_op: new Date() }))
    .execute();
}
