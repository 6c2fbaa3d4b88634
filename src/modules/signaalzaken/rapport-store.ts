import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { BEREIKT, CONTACTUITKOMST_BEKEND } from './bereikgraad.ts';

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
 * The cases received in [van, tot) (Dutch time) with what the report needs of their contact attempts: the first
 * attempt's date, whether any reached the resident, how many. One row per case; the aggregates below group it.
 */
const zakenInPeriode = (gemeentecode: string, van: string, tot: string) => sql`
  SELECT z.id, ${MAAND('z.ontvangen_op')} AS maand, (z.ontvangen_op AT TIME ZONE 'Europe/Amsterdam')::date AS ontvangen_dag,
    z.status AS z_status, z.deadline, z.eerste_actie_op, z.hulp_geaccepteerd_op, z.terugval_traject_id, z.behandelaar_id,
    z.resultaat, c.c_eerste, c.c_bereikt, c.c_pogingen
  FROM vroegsignaalzaken z
  LEFT JOIN LATERAL (SELECT min(p.datum) AS c_eerste, bool_or(p.bereikt) AS c_bereikt, count(*)::int AS c_pogingen
    FROM vroegsignaalzaak_contactpogingen p WHERE p.zaak_id = z.id) c ON true
  WHERE z.gemeentecode = ${gemeentecode} AND EXISTS (SELECT 1 FROM vroegsignalen s WHERE s.zaak_id = z.id)
    AND (z.ontvangen_op AT TIME ZONE 'Europe/Amsterdam') >= ${van}::date
    AND (z.ontvangen_op AT TIME ZONE 'Europe/Amsterdam') < ${tot}::date`;

/** Lead time in calendar days from the signal's receipt (the case's first signal, Dutch date) to the first contact attempt. */
const DOORLOOPTIJD = sql`(c_eerste - ontvangen_dag)`;

/**
 * Past the Wgs deadline (4 weeks, 3 working days when threatening; the case's `deadline`): acted on after it, or not
 * acted on while open and the deadline has passed (`dag` = today in the Netherlands).
 */
const teLaat = (dag: string) =>
  sql<boolean>`(eerste_actie_op > deadline OR (eerste_actie_op IS NULL AND z_status <> 'afgesloten' AND deadline < ${dag}::date))`;

export interface Zaakcijfers {
  zaken: number;
  bepaald: number;
  binnen: number;
  hulp: number;
  terugval: number;
  bereikt: number;
  uitkomst_bekend: number;
  mediaan: number | null;
  p90: number | null;
  te_laat: number;
}

/** The case figures per month of receipt (`maand`) and over the whole period (`maand` null), one query. */
export async function zaakcijfers(db: Tx, gemeentecode: string, van: string, tot: string, dag: string) {
  const r = await sql<Zaakcijfers & { maand: string | null }>`
    WITH z AS (${zakenInPeriode(gemeentecode, van, tot)})
    SELECT maand, count(*)::int AS zaken,
      (count(*) FILTER (WHERE eerste_actie_op IS NOT NULL OR (z_status <> 'afgesloten' AND deadline < ${dag}::date)))::int AS bepaald,
      (count(*) FILTER (WHERE eerste_actie_op IS NOT NULL AND eerste_actie_op <= deadline))::int AS binnen,
      (count(*) FILTER (WHERE hulp_geaccepteerd_op IS NOT NULL))::int AS hulp,
      (count(*) FILTER (WHERE terugval_traject_id IS NOT NULL))::int AS terugval,
      (count(*) FILTER (WHERE ${BEREIKT}))::int AS bereikt,
      (count(*) FILTER (WHERE ${CONTACTUITKOMST_BEKEND}))::int AS uitkomst_bekend,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DOORLOOPTIJD}) FILTER (WHERE c_eerste IS NOT NULL))::float8 AS mediaan,
      (percentile_cont(0.9) WITHIN GROUP (ORDER BY ${DOORLOOPTIJD}) FILTER (WHERE c_eerste IS NOT NULL))::float8 AS p90,
      (count(*) FILTER (WHERE ${teLaat(dag)}))::int AS te_laat
    FROM z GROUP BY GROUPING SETS ((maand), ())`.execute(db);
  return r.rows;
}

/** Signals received in [van, tot) per partner (its organisation's name) or per sector, with their cases' outcomes. */
export async function signalenPer(db: Tx, soort: 'partner' | 'sector', gemeentecode: string, van: string, tot: string) {
  const sleutel = soort === 'partner' ? sql.raw('o.naam') : sql.raw('s.sector::text');
  // Per partner organisation (two partners with the same name stay apart), per sector code.
  const groep = soort === 'partner' ? sql.raw('o.id, o.naam') : sql.raw('s.sector');
  const r = await sql<{
    sleutel: string;
    signalen: number;
    zaken: number;
    bereikt: number;
    uitkomst_bekend: number;
    hulp: number;
  }>`
    SELECT ${sleutel} AS sleutel, count(*)::int AS signalen, count(DISTINCT z.id)::int AS zaken,
      (count(DISTINCT z.id) FILTER (WHERE ${BEREIKT}))::int AS bereikt,
      (count(DISTINCT z.id) FILTER (WHERE ${CONTACTUITKOMST_BEKEND}))::int AS uitkomst_bekend,
      (count(DISTINCT z.id) FILTER (WHERE z.hulp_geaccepteerd_op IS NOT NULL))::int AS hulp
    FROM vroegsignalen s
    JOIN organisaties o ON o.id = s.partner_id
    LEFT JOIN (SELECT z.id, z.status AS z_status, z.hulp_geaccepteerd_op, c.c_bereikt, c.c_pogingen
      FROM vroegsignaalzaken z
      LEFT JOIN LATERAL (SELECT bool_or(p.bereikt) AS c_bereikt, count(*)::int AS c_pogingen
        FROM vroegsignaalzaak_contactpogingen p WHERE p.zaak_id = z.id) c ON true
      WHERE z.gemeentecode = ${gemeentecode}) z ON z.id = s.zaak_id
    WHERE s.gemeentecode = ${gemeentecode}
      AND (s.ontvangen_op AT TIME ZONE 'Europe/Amsterdam') >= ${van}::date
      AND (s.ontvangen_op AT TIME ZONE 'Europe/Amsterdam') < ${tot}::date
    GROUP BY ${groep} ORDER BY 1`.execute(db);
  return r.rows;
}

/**
 * Cases received in [van, tot) per worker of the municipality's own organisation (`organisatieId`); cases with a
 * worker of another organisation (a debt-help organisation that picked it up) are not in it.
 */
export async function zakenPerMedewerker(
  db: Tx,
  gemeentecode: string,
  organisatieId: string,
  van: string,
  tot: string,
  dag: string,
) {
  const r = await sql<Omit<Zaakcijfers, 'bepaald' | 'binnen' | 'terugval'> & { naam: string }>`
    WITH z AS (${zakenInPeriode(gemeentecode, van, tot)})
    SELECT u.naam, count(*)::int AS zaken,
      (count(*) FILTER (WHERE ${BEREIKT}))::int AS bereikt,
      (count(*) FILTER (WHERE ${CONTACTUITKOMST_BEKEND}))::int AS uitkomst_bekend,
      (count(*) FILTER (WHERE hulp_geaccepteerd_op IS NOT NULL))::int AS hulp,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DOORLOOPTIJD}) FILTER (WHERE c_eerste IS NOT NULL))::float8 AS mediaan,
      (percentile_cont(0.9) WITHIN GROUP (ORDER BY ${DOORLOOPTIJD}) FILTER (WHERE c_eerste IS NOT NULL))::float8 AS p90,
      (count(*) FILTER (WHERE ${teLaat(dag)}))::int AS te_laat
    FROM z JOIN gebruikers u ON u.id = z.behandelaar_id AND u.organisatie_id = ${organisatieId}
    GROUP BY u.id, u.naam ORDER BY u.naam, u.id`.execute(db);
  return r.rows;
}

/**
 * The DDAS monitor's figures of the signals received in [van, tot): the marks stored at intake (meervoudig,
 * opeenvolgend: docs/signaalzaken.md), threatening signals, warm hand-over (null = not recorded).
 */
export async function monitorSignalen(db: Tx, gemeentecode: string, van: string, tot: string) {
  const r = await sql<{
    signalen: number;
    meervoudig: number;
    opeenvolgend: number;
    crisis: number;
    warm_ja: number;
    warm_nee: number;
    warm_onbekend: number;
  }>`
    SELECT count(*)::int AS signalen,
      (count(*) FILTER (WHERE meervoudig))::int AS meervoudig,
      (count(*) FILTER (WHERE opeenvolgend))::int AS opeenvolgend,
      (count(*) FILTER (WHERE crisissignaal))::int AS crisis,
      (count(*) FILTER (WHERE warme_overdracht IS TRUE))::int AS warm_ja,
      (count(*) FILTER (WHERE warme_overdracht IS FALSE))::int AS warm_nee,
      (count(*) FILTER (WHERE warme_overdracht IS NULL))::int AS warm_onbekend
    FROM vroegsignalen
    WHERE gemeentecode = ${gemeentecode}
      AND (ontvangen_op AT TIME ZONE 'Europe/Amsterdam') >= ${van}::date
      AND (ontvangen_op AT TIME ZONE 'Europe/Amsterdam') < ${tot}::date`.execute(db);
  return r.rows[0]!;
}

/** The cases received in [van, tot) per DDAS end result (null = not closed yet). */
export async function zakenPerEindresultaat(db: Tx, gemeentecode: string, van: string, tot: string) {
  const r = await sql<{ resultaat: string | null; zaken: number }>`
    WITH z AS (${zakenInPeriode(gemeentecode, van, tot)})
    SELECT resultaat, count(*)::int AS zaken FROM z GROUP BY resultaat ORDER BY resultaat NULLS FIRST`.execute(db);
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
