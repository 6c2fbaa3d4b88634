import { sql, type Kysely } from 'kysely';
import { AANSLUITFASEN, type Aansluitfase, type Database } from '../../db/schema.ts';
import type { Actor } from '../audit/index.ts';
import { AppError } from '../../shared/errors.ts';

/**
 * Joining steps (seed: intake, agreements, technical set-up, test deliveries, then daily production
 * deliveries). The operator records each step with who and when; the organisation's phase is the last
 * step recorded. Steps go forward one at a time; going back (e.g. to re-test) is allowed.
 */
export async function registreerStap(
  db: Kysely<Database>,
  organisatieId: string,
  stap: Aansluitfase,
  door: Actor,
  toelichting: string | null,
): Promise<{ aansluitfase: Aansluitfase } | null> {
  return db.transaction().execute(async (tx) => {
    const org = await tx
      .selectFrom('organisaties')
      .select('aansluitfase')
      .where('id', '=', organisatieId)
      .forUpdate()
      .executeTakeFirst();
    if (!org) return null;
    const nu = AANSLUITFASEN.indexOf(org.aansluitfase);
    const naar = AANSLUITFASEN.indexOf(stap);
    if (naar > nu + 1) {
      throw new AppError(409, 'stap_overgeslagen', `Deze stap kan nog niet: eerst '${AANSLUITFASEN[nu + 1]}'.`);
    }
    await tx
      .insertInto('aansluitstappen')
      .values({ organisatie_id: organisatieId, stap, toelichting, door_soort: door.soort, door_id: door.id })
      .execute();
    await tx.updateTable('organisaties').set({ aansluitfase: stap }).where('id', '=', organisatieId).execute();
    return { aansluitfase: stap };
  });
}

/** The recorded steps, oldest first; `door_naam` is the name of the person who recorded it (null for a machine). */
export async function aansluitstappen(db: Kysely<Database>, organisatieId: string) {
  return db
    .selectFrom('aansluitstappen as a')
    .leftJoin('gebruikers as g', (j) => j.on(sql<boolean>`a.door_soort = 'gebruiker' and g.id::text = a.door_id`))
    .select(['a.stap', 'a.toelichting', 'a.door_soort', 'a.door_id', 'a.op', 'g.naam as door_naam'])
    .where('a.organisatie_id', '=', organisatieId)
    .orderBy('a.id')
    .execute();
}
