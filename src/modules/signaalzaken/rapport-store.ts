import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Tx = Kysely<Database>;
const MAAND = (kolom: string) => sql.raw(`to_char(${kolom} AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM')`);

/** Signals received per month and sector (by receipt date, Dutch time). `tot` is exclusive ('YYYY-MM-01'). */
export async function signalenPerMaand(db: Tx, gemeentecode: string, van: string, tot: string) {
  const r = await sql<{ maand: string; sector: string; aantal: number }>`
    SELECT ${MAAND('ontvangen_op')} AS maand, sector, count(*)::int AS aantal FROM vroegsignalen
    WHERE gemeentecode = ${gemeentecode}
      AND (ontvangen_op AT TIME ZONE 'Europe/Amsterdam') >= ${van}::date AND (ontvangen_op AT TIME ZONE 'Europe/Amsterdam') < ${tot}::date
    GROUP BY 1, 2`.execute(db);
  return r.rows;
}

/**
 * Cases per month of receipt. A case's deadline outcome is known once it was acted on (first contact attempt or
 * closure) or its deadline has passed; cases closed by an objection without action are not counted there.
 */
export async function zakenPerMaand(db: Tx, gemeentecode: string, van: string, tot: string, dag: string) {
  const r = await sql<{
    maand: string;
    zaken: number;
    bepaald: number;
    binnen: number;
    hulp: number;
    terugval: number;
  }>`
    SELECT ${MAAND('ontvangen_op')} AS maand, count(*)::int AS zaken,
      (count(*) FILTER (WHERE eerste_actie_op IS NOT NULL OR (status <> 'afgesloten' AND deadline < ${dag}::date)))::int AS bepaald,
      (count(*) FILTER (WHERE eerste_actie_op IS NOT NULL AND eerste_actie_op <= deadline))::int AS binnen,
      (count(*) FILTER (WHERE hulp_geaccepteerd_op IS NOT NULL))::int AS hulp,
      (count(*) FILTER (WHERE terugval_traject_id IS NOT NULL))::int AS terugval
    FROM vroegsignaalzaken z
    WHERE gemeentecode = ${gemeentecode} AND EXISTS (SELECT 1 FROM vroegsignalen s WHERE s.zaak_id = z.id)
      AND (ontvangen_op AT TIME ZONE 'Europe/Amsterdam') >= ${van}::date AND (ontvangen_op AT TIME ZONE 'Europe/Amsterdam') < ${tot}::date
    GROUP BY 1`.execute(db);
  return r.rows;
}

export async function gemeentenaam(db: Tx, gemeentecode: string) {
  return (
    (await db.selectFrom('gemeenten').select('naam').where('gemeentecode', '=', gemeentecode).executeTakeFirst())
      ?.naam ?? gemeentecode
  );
}

// --- Work areas (operator-managed) ---

export async function werkgebieden(db: Tx, gemeentecode?: string) {
  let q = db
    .selectFrom('werkgebieden')
    .innerJoin('organisaties', 'organisaties.id', 'werkgebieden.organisatie_id')
    .select([
      'werkgebieden.organisatie_id',
      'organisaties.naam',
      'organisaties.type',
      'werkgebieden.gemeentecode',
      'werkgebieden.aangemaakt_op',
      // Its VISH list in production (read only, verwijsindex's table): every municipality it serves sees the state.
      sql<Date | null>`(SELECT max(l.geactiveerd_op) FROM vish_leveringen l WHERE l.organisatie_id = werkgebieden.organisatie_id
        AND l.status = 'actief' AND l.omgeving = 'productie')`.as('vish_actief_sinds'),
      sql<
        number | null
      >`(SELECT max(l.aantal) FROM vish_leveringen l WHERE l.organisatie_id = werkgebieden.organisatie_id
        AND l.status = 'actief' AND l.omgeving = 'productie')`.as('vish_aantal'),
    ]);
  if (gemeentecode) q = q.where('werkgebieden.gemeentecode', '=', gemeentecode);
  return q.orderBy('organisaties.naam').orderBy('werkgebieden.gemeentecode').execute();
}

/** Debt-help organisations and neighbourhood teams a municipality may choose for a work area, with active users. */
export async function uitvoerders(db: Tx) {
  return db
    .selectFrom('organisaties as o')
    .select([
      'o.id',
      'o.naam',
      'o.type',
      sql<number>`(SELECT count(*) FROM gebruikers u WHERE u.organisatie_id = o.id AND u.actief)::int`.as('actief'),
    ])
    .where('o.type', 'in', ['schuldhulpverlener', 'wijkteam'])
    .where('o.status', '=', 'actief')
    .orderBy('o.naam')
    .execute();
}

export async function organisatieType(db: Tx, id: string) {
  return (await db.selectFrom('organisaties').select('type').where('id', '=', id).executeTakeFirst())?.type ?? null;
}

export async function bestaatGemeente(db: Tx, code: string) {
  return !!(await db
    .selectFrom('gemeenten')
    .select('gemeentecode')
    .where('gemeentecode', '=', code)
    .executeTakeFirst());
}

export async function voegWerkgebiedToe(db: Tx, organisatieId: string, gemeentecode: string) {
  await db
    .insertInto('werkgebieden')
    .values({ organisatie_id: organisatieId, gemeentecode })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function verwijderWerkgebied(db: Tx, organisatieId: string, gemeentecode: string) {
  const r = await db
    .deleteFrom('werkgebieden')
    .where('organisatie_id', '=', organisatieId)
    .where('gemeentecode', '=', gemeentecode)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
