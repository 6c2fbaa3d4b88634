import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Tx = Kysely<Database>;

/** Objections registered for any of these addresses (one array parameter, however many addresses). */
export async function opAdressen(db: Tx, adresSleutels: string[]) {
  if (adresSleutels.length === 0) return [];
  return db
    .selectFrom('vroegsignaal_bezwaren')
    .select(['gemeentecode', 'adres_sleutel', 'achternaam_sleutel'])
    .where(sql<boolean>`adres_sleutel = any(${[...new Set(adresSleutels)]}::text[])`)
    .execute();
}

export async function maak(db: Tx, v: Insertable<Database['vroegsignaal_bezwaren']>) {
  return db
    .insertInto('vroegsignaal_bezwaren')
    .values(v)
    .onConflict((oc) =>
      oc.columns(['gemeentecode', 'adres_sleutel', 'achternaam_sleutel']).doUpdateSet({ geregistreerd_op: sql`now()` }),
    )
    .returning(['id', 'geregistreerd_op'])
    .executeTakeFirstOrThrow();
}

export async function lijst(db: Tx, gemeentecode: string) {
  return db
    .selectFrom('vroegsignaal_bezwaren')
    .select(['id', 'adres_sleutel', 'geregistreerd_op'])
    .where('gemeentecode', '=', gemeentecode)
    .orderBy('geregistreerd_op', 'desc')
    .execute();
}

export async function verwijder(db: Tx, gemeentecode: string, id: string) {
  const r = await db
    .deleteFrom('vroegsignaal_bezwaren')
    .where('gemeentecode', '=', gemeentecode)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Subject access (AVG art. 15): objections for this address and surname key; `door` limits to one registrant. */
export async function voorInzage(db: Tx, adresSleutel: string, achternaamSleutel: string, door: string | null) {
  let q = db
    .selectFrom('vroegsignaal_bezwaren')
    .select(['id', 'gemeentecode', 'geregistreerd_door', 'geregistreerd_op'])
    .where('adres_sleutel', '=', adresSleutel)
    .where('achternaam_sleutel', '=', achternaamSleutel);
  if (door) q = q.where('geregistreerd_door', '=', door);
  return q.execute();
}
