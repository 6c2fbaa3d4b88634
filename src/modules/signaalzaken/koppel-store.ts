import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { publiceer } from '../notificaties/index.ts';

type Tx = Kysely<Database>;
/** Calendar month and day in the Netherlands, whatever the server's time zone. */
const LOKAAL = (kolom: string) => sql.raw(`(${kolom} AT TIME ZONE 'Europe/Amsterdam')`);

/** One linking run at a time (intake and the safety-net job may overlap). */
export async function vergrendel(tx: Tx) {
  await sql`SELECT pg_advisory_xact_lock(5052026)`.execute(tx);
}

/** Distinct receipt days of signals not yet in a case: few, so the deadline calendar is computed in JS. */
export async function ontvangstdagen(tx: Tx): Promise<string[]> {
  const r = await sql<{
    dag: string;
  }>`SELECT DISTINCT ${LOKAAL('ontvangen_op')}::date AS dag FROM vroegsignalen WHERE zaak_id IS NULL`.execute(tx);
  return r.rows.map((x) => x.dag);
}

/** New, actionable signals (keyset pages by id), for the relapse check. */
export async function terugvalKandidaten(tx: Tx, naId: string | null, limit: number) {
  let q = tx
    .selectFrom('vroegsignalen')
    .select(['id', 'gemeentecode', 'postcode', 'huisnummer', 'toevoeging', 'achternaam', 'voorletters'])
    .where('zaak_id', 'is', null)
    .where('status', '=', 'nieuw');
  if (naId) q = q.where('id', '>', naId);
  return q.orderBy('id').limit(limit).execute();
}

/** The same address, another signal, and a condition on t (the other) against s (this one). */
const ander = (v: string, voorwaarde: ReturnType<typeof sql>) => sql`EXISTS (SELECT 1 FROM vroegsignalen t
  WHERE t.gemeentecode = ${sql.raw(v)}.gemeentecode AND t.adres_sleutel = ${sql.raw(v)}.adres_sleutel AND t.id <> ${sql.raw(v)}.id AND ${voorwaarde})`;
const zelfdeMaand = (v: string) =>
  sql`date_trunc('month', ${LOKAAL('t.ontvangen_op')}) = date_trunc('month', ${LOKAAL(`${v}.ontvangen_op`)})`;

/**
 * The monitor's marks, other side: an already linked signal of the same month as a new one becomes meervoudig too.
 * (The new signals get both marks while they are linked.) Only rows that change are written.
 */
export async function markeerEerdere(tx: Tx) {
  await sql`UPDATE vroegsignalen t SET meervoudig = true FROM vroegsignalen s
    WHERE s.zaak_id IS NULL AND t.zaak_id IS NOT NULL AND NOT t.meervoudig
      AND t.gemeentecode = s.gemeentecode AND t.adres_sleutel = s.adres_sleutel AND ${zelfdeMaand('s')}`.execute(tx);
}

export interface Kalender {
  dagen: string[];
  normaal: string[];
  crisis: string[];
}
export interface Matching {
  dag: string;
  start: string;
  eind: string;
}

/**
 * New signals join the open case of their household (municipality + address) or start one; the case deadline is the
 * earliest of its signals' deadlines. Signals for an objector get a case closed as not to be acted on. One statement
 * whatever the number of signals: each signal row is written once (case, status, DDAS status, monitor marks).
 * meervoudig: another signal at the address in the same calendar month; opeenvolgend: one in the 6 months before.
 */
export async function koppel(tx: Tx, k: Kalender, m: Matching) {
  // The planner cannot estimate the CTEs (it guesses one row) and then nests loops over tens of thousands of rows:
  // hash joins are linear whatever the batch size.
  await sql`SET LOCAL enable_nestloop = off`.execute(tx);
  const r = await koppelQuery(k, m).execute(tx);
  await sql`SET LOCAL enable_nestloop = on`.execute(tx);
  const x = r.rows[0]!;
  return { nieuweZaken: x.nieuw, bijgewerkteZaken: x.bijgewerkt, gekoppeld: x.gekoppeld, bezwaar: x.bezwaar };
}

export function koppelQuery(k: Kalender, m: Matching) {
  return sql<{ nieuw: number; bijgewerkt: number; gekoppeld: number; bezwaar: number }>`
    WITH kal AS (SELECT * FROM unnest(${k.dagen}::date[], ${k.normaal}::date[], ${k.crisis}::date[]) AS k(dag, normaal, crisis)),
    s AS (
      SELECT s.gemeentecode, s.adres_sleutel, s.status, s.ontvangen_op, s.crisissignaal, s.warme_overdracht,
        CASE WHEN s.crisissignaal THEN k.crisis ELSE k.normaal END AS deadline
      FROM vroegsignalen s JOIN kal k ON k.dag = ${LOKAAL('s.ontvangen_op')}::date
      WHERE s.zaak_id IS NULL AND s.status IN ('nieuw', 'niet-oppakken')),
    g AS (
      SELECT gemeentecode, adres_sleutel, status, min(ontvangen_op) AS ontvangen_op, min(deadline) AS deadline,
        bool_or(crisissignaal) AS crisis, bool_or(warme_overdracht) AS warm
      FROM s GROUP BY gemeentecode, adres_sleutel, status),
    bij AS (
      UPDATE vroegsignaalzaken z SET deadline = LEAST(z.deadline, g.deadline), crisis = z.crisis OR g.crisis,
        warme_overdracht = z.warme_overdracht OR g.warm
      FROM g WHERE g.status = 'nieuw' AND z.gemeentecode = g.gemeentecode AND z.adres_sleutel = g.adres_sleutel AND z.status <> 'afgesloten'
      RETURNING z.id, z.gemeentecode, z.adres_sleutel, z.status),
    nieuw AS (
      INSERT INTO vroegsignaalzaken (id, gemeentecode, adres_sleutel, status, resultaat, afgesloten_op, matchingsdatum, startdatum_matchingperiode,
        einddatum_matchingperiode, ontvangen_op, deadline, crisis, warme_overdracht)
      SELECT schuldenrust_uuid_v7(), g.gemeentecode, g.adres_sleutel,
        CASE WHEN g.status = 'nieuw' THEN 'nieuw' ELSE 'afgesloten' END,
        CASE WHEN g.status = 'nieuw' THEN NULL ELSE 'Niet opgepakt: andere reden' END,
        CASE WHEN g.status = 'nieuw' THEN NULL ELSE now() END,
        ${m.dag}::date, ${m.start}::date, ${m.eind}::date, g.ontvangen_op, g.deadline, g.crisis, g.warm
      FROM g
      -- A household with an open case is skipped by the unique index (an index probe per row, whatever the table size).
      ON CONFLICT (gemeentecode, adres_sleutel) WHERE status <> 'afgesloten' DO NOTHING
      RETURNING id, gemeentecode, adres_sleutel, status),
    alle AS (SELECT * FROM bij UNION ALL SELECT * FROM nieuw),
    gekoppeld AS (
      UPDATE vroegsignalen v SET zaak_id = a.id,
        status = CASE WHEN a.status IN ('opgepakt', 'contact') THEN 'in-behandeling' ELSE v.status END,
        signaalstatus = CASE WHEN a.status = 'afgesloten' THEN 'Niet opgepakt: andere reden' WHEN a.status = 'nieuw' THEN 'Nog niet opgepakt' END,
        meervoudig = ${ander('v', zelfdeMaand('v'))},
        opeenvolgend = ${ander(
          'v',
          sql`${LOKAAL('t.ontvangen_op')} >= date_trunc('month', ${LOKAAL('v.ontvangen_op')}) - interval '6 months'
          AND ${LOKAAL('t.ontvangen_op')} < date_trunc('month', ${LOKAAL('v.ontvangen_op')})`,
        )}
      FROM alle a
      WHERE v.zaak_id IS NULL AND v.gemeentecode = a.gemeentecode AND v.adres_sleutel = a.adres_sleutel
        AND v.status = CASE WHEN a.status = 'afgesloten' THEN 'niet-oppakken' ELSE 'nieuw' END
      RETURNING v.zaak_id),
    -- "Created" is read from the case itself (store.historie): the objection that closed a new case; "signals linked" for existing cases.
    h AS (INSERT INTO vroegsignaalzaak_historie (zaak_id, actor_soort, gebeurtenis, van, naar, details)
      SELECT zaak_id, 'systeem', gebeurtenis, van, naar, details FROM (
        SELECT id AS zaak_id, 'bezwaar' AS gebeurtenis, 'nieuw' AS van, status AS naar, '{"reden":"bezwaar"}'::jsonb AS details, 0 AS volgorde
        FROM nieuw WHERE status = 'afgesloten'
        UNION ALL
        SELECT zaak_id, 'signalen-gekoppeld', NULL, NULL, jsonb_build_object('aantal', count(*)), 1 FROM gekoppeld
        WHERE zaak_id IN (SELECT id FROM bij) GROUP BY zaak_id
      ) x ORDER BY volgorde, zaak_id)
    SELECT (SELECT count(*) FROM nieuw WHERE status = 'nieuw')::int AS nieuw, (SELECT count(*) FROM bij)::int AS bijgewerkt,
      (SELECT count(*) FROM gekoppeld)::int AS gekoppeld, (SELECT count(*) FROM nieuw WHERE status = 'afgesloten')::int AS bezwaar`;
}

export interface TerugvalRij {
  signaalId: string;
  trajectId: string;
  organisatieId: string;
  consulent: string | null;
  regel: string;
}

/**
 * Relapse: the case goes to the trajectory's organisation and counsellor (when that user belongs to it) while it is
 * not yet picked up; a case already being worked only records the trajectory.
 */
export async function pasTerugvalToe(tx: Tx, m: TerugvalRij[]) {
  if (m.length === 0) return 0;
  const r = await sql<{
    id: string;
    traject_id: string;
    organisatie_id: string;
    toegewezen: boolean;
    behandelaar_id: string | null;
  }>`
    WITH m AS (
      SELECT DISTINCT ON (s.zaak_id) s.zaak_id, m.traject_id, m.organisatie_id, m.regel,
        (SELECT g.id FROM gebruikers g WHERE g.id = m.consulent AND g.organisatie_id = m.organisatie_id) AS behandelaar
      FROM unnest(${m.map((x) => x.signaalId)}::uuid[], ${m.map((x) => x.trajectId)}::uuid[], ${m.map((x) => x.organisatieId)}::uuid[],
        ${m.map((x) => x.consulent)}::uuid[], ${m.map((x) => x.regel)}::text[]) AS m(signaal_id, traject_id, organisatie_id, consulent, regel)
      JOIN vroegsignalen s ON s.id = m.signaal_id
      WHERE s.zaak_id IS NOT NULL ORDER BY s.zaak_id, m.signaal_id),
    u AS (
      UPDATE vroegsignaalzaken z SET terugval_traject_id = m.traject_id, terugval_regel = m.regel,
        organisatie_id = CASE WHEN z.status = 'nieuw' THEN m.organisatie_id ELSE z.organisatie_id END,
        behandelaar_id = CASE WHEN z.status = 'nieuw' THEN m.behandelaar ELSE z.behandelaar_id END
      FROM m WHERE z.id = m.zaak_id AND z.terugval_traject_id IS NULL AND z.status <> 'afgesloten'
      RETURNING z.id, m.traject_id, m.organisatie_id, m.regel, z.organisatie_id = m.organisatie_id AS toegewezen, z.behandelaar_id),
    h AS (INSERT INTO vroegsignaalzaak_historie (zaak_id, actor_soort, gebeurtenis, details)
      SELECT id, 'systeem', 'terugval', jsonb_build_object('traject', traject_id, 'organisatie', organisatie_id, 'regel', regel) FROM u)
    SELECT id, traject_id, organisatie_id, toegewezen, behandelaar_id FROM u`.execute(tx);
  // The counsellor (or the organisation) is told, in this transaction; only of cases it now sees (assigned to it).
  await publiceer(
    tx,
    'signaal.terugval',
    r.rows
      .filter((x) => x.toegewezen)
      .map((x) => ({
        zaakId: x.id,
        trajectId: x.traject_id,
        organisatieId: x.organisatie_id,
        consulentId: x.behandelaar_id,
      })),
  );
  return r.rows.length;
}

/** A case not yet picked up whose signals were all withdrawn (deleted) is gone too. */
export async function ruimLegeZakenOp(tx: Tx) {
  const r = await sql`DELETE FROM vroegsignaalzaken z WHERE z.status = 'nieuw'
    AND NOT EXISTS (SELECT 1 FROM vroegsignalen s WHERE s.zaak_id = z.id)`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}
