import type { Kysely } from 'kysely';
import type { Aansluitfase, Database, OrganisatieType } from '../../db/schema.ts';

export interface Organisatie {
  id: string;
  naam: string;
  type: OrganisatieType;
  status: 'actief' | 'geschorst';
  gemeentecode: string | null;
  aansluitfase: Aansluitfase;
}

const COLUMNS = ['id', 'naam', 'type', 'status', 'gemeentecode', 'aansluitfase'] as const;

export async function maakOrganisatie(
  db: Kysely<Database>,
  input: { naam: string; type: OrganisatieType; gemeentecode?: string | null; aansluitfase?: Aansluitfase },
): Promise<Organisatie> {
  return (
    db
      .insertInto('organisaties')
      // Without a phase (CLI, demo, tests) the organisation is in production; the operator API starts at 'intake'.
      .values({
        naam: input.naam,
        type: input.type,
        gemeentecode: input.gemeentecode ?? null,
        aansluitfase: input.aansluitfase ?? 'productie',
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow()
  );
}

export async function vindOrganisatie(db: Kysely<Database>, naamOfId: string): Promise<Organisatie | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(naamOfId);
  return db
    .selectFrom('organisaties')
    .select(COLUMNS)
    .where(isUuid ? 'id' : 'naam', '=', naamOfId)
    .executeTakeFirst();
}

export async function lijstOrganisaties(db: Kysely<Database>): Promise<Organisatie[]> {
  return db.selectFrom('organisaties').select(COLUMNS).orderBy('naam').execute();
}

export async function zetStatus(db: Kysely<Database>, id: string, status: 'actief' | 'geschorst'): Promise<boolean> {
  const r = await db.updateTable('organisaties').set({ status }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every organisation's name by id (for reports that name who holds or read data). */
export async function organisatieNamen(db: Kysely<Database>): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('organisaties').select(['id', 'naam']).execute()).map((o) => [o.id, o.naam]));
}
