import { sql, type Insertable, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { publiceer } from '../notificaties/index.ts';
import * as S from './signaalstatus.ts';

/**
 * "A signal joins its household's case", in one statement. It is fed by either source: a block of rows from the intake
 * (stored as new signals or as repeats of an open one), or the signals left without a case (the safety-net job).
 * Everything after the source is the same SQL: the households' cases (new, or the open one: deadline, threat, warm
 * handover), the signals' case, status, DDAS status and monitor marks, and the case history.
 */

type Tx = Kysely<Database>;

/** Columns of a stored signal that come from the delivered row, with their PostgreSQL types (one array parameter each). */
const KOLOMMEN = {
  convenant_id: 'uuid',
  gemeentecode: 'text',
  sector: 'text',
  opdrachtgever_id: 'uuid',
  status: 'text',
  status_reden: 'text',
  adres_sleutel: 'text',
  achternaam: 'text',
  voorletters: 'text',
  straatnaam: 'text',
  huisnummer: 'integer',
  toevoeging: 'text',
  postcode: 'text',
  woonplaats: 'text',
  telefoon1: 'text',
  telefoon2: 'text',
  telefoon3: 'text',
  email: 'text',
  maanden_achterstand: 'numeric',
  bedrag_achterstand: 'numeric',
  vervaldatum: 'date',
  klantnummer: 'text',
  herinnering_verstuurd: 'boolean',
  contact_gezocht: 'boolean',
  schuldhulp_genoemd: 'boolean',
  gegevensoverdracht_aangeboden: 'boolean',
  crisissignaal: 'boolean',
  warme_overdracht: 'boolean',
} as const;
type Kolom = keyof typeof KOLOMMEN;
export type NieuwSignaal = { [K in Kolom]: Insertable<Database['vroegsignalen']>[K] | null };
const NAMEN = Object.keys(KOLOMMEN) as Kolom[];

/** Deadline per receipt day (Dutch date): 4 weeks, or 3 working days for a threatening situation. */
export interface Kalender {
  dagen: string[];
  normaal: string[];
  crisis: string[];
}
/** DDAS matching date and period of new cases. */
export interface Matching {
  dag: string;
  start: string;
  eind: string;
}

/** Where the signals come from. */
export type Bron =
  | {
      soort: 'levering';
      partnerId: string;
      leveringId: string;
      /** Earlier reports older than this (last report) no longer exist for the partner (retention of signals). */
      venster: Date;
      rows: NieuwSignaal[];
      /** blokJson(rows), when made ahead. */
      json?: string;
    }
  | { soort: 'ongekoppeld'; limit: number };

export interface Opgenomen {
  id: string;
  gemeentecode: string;
  adres_sleutel: string;
  sector: string;
  status: string;
  zaak_id: string | null;
  /** A signal that joined a case now (not a repeat that updated the open signal). */
  ingevoegd: boolean;
  /** New for the partner: no earlier report of this address + sector (a new signal in an earlier report is a repeat). */
  nieuw: boolean;
  meervoudig: boolean;
  /** A threatening situation (notifications: a new crisis signal is announced to the municipality at once). */
  crisissignaal: boolean;
  // For the relapse check.
  postcode: string;
  huisnummer: number;
  toevoeging: string | null;
  achternaam: string;
  voorletters: string | null;
}

const lijst = (xs: readonly string[]) => sql`(${sql.join(xs.map((x) => sql.lit(x)))})`;
const OPEN = lijst(S.OPEN);
/** A signal's status and DDAS status once in a case of status z.status (signaalstatus.ts NA_KOPPELEN). */
const naKoppelen = (veld: 'status' | 'signaalstatus', anders: RawBuilder<unknown>) => {
  const gevallen = Object.entries(S.NA_KOPPELEN).flatMap(([zaak, na]) =>
    na[veld] === null ? [] : [sql`WHEN ${sql.lit(zaak)} THEN ${sql.lit(na[veld])}`],
  );
  return sql`CASE z.status ${sql.join(gevallen, sql` `)} ELSE ${anders} END`;
};
const B = S.BEZWAAR_BIJ_BINNENKOMST;
/** Calendar month and day in the Netherlands, whatever the server's time zone. */
const LOKAAL = (kolom: string) => sql.raw(`(${kolom} AT TIME ZONE 'Europe/Amsterdam')`);
const MAAND = (kolom: string) => sql.raw(`date_trunc('month', ${kolom} AT TIME ZONE 'Europe/Amsterdam')`);

/**
 * The intake's block as the statement's one JSON parameter: serialised natively on both sides (28 array parameters cost
 * more to encode and bind than to store). Each row: the delivered columns, then the rows of the block at its address.
 * Pure, so the intake makes it while the previous block is being stored.
 */
export function blokJson(rows: NieuwSignaal[]): string {
  const perAdres = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.gemeentecode}|${r.adres_sleutel}`;
    perAdres.set(k, (perAdres.get(k) ?? 0) + 1);
  }
  return JSON.stringify(
    rows.map((r) => [...NAMEN.map((k) => r[k] ?? null), perAdres.get(`${r.gemeentecode}|${r.adres_sleutel}`)]),
  );
}

/**
 * The source as CTE `i`: one row per signal with the delivered columns, `nid` (its id), `ontvangen_op`, `op_adres`
 * (rows of this block at the same address) and, for the intake, the partner's earlier report (`eigen`).
 */
function bron(b: Bron) {
  if (b.soort === 'levering') {
    const json = b.json ?? blokJson(b.rows);
    return {
      i: sql`SELECT u.*, schuldenrust_uuid_v7() AS nid, now() AS ontvangen_op
        FROM (SELECT ${sql.join(NAMEN.map((k, j) => sql`(e->>${sql.raw(String(j))})::${sql.raw(KOLOMMEN[k])} AS ${sql.ref(k)}`))},
                (e->>${sql.raw(String(NAMEN.length))})::int AS op_adres
              FROM jsonb_array_elements(${json}::jsonb) AS x(e)) u`,
      eigen: sql`t.partner_id = ${b.partnerId}::uuid AND t.sector = i.sector AND t.intrekking_gevraagd_op IS NULL
        AND t.laatste_melding_op >= ${b.venster}`,
    };
  }
  return {
    // Households together (the partial index on unlinked signals by address), so a page rarely splits one.
    i: sql`SELECT v.id AS nid, v.gemeentecode, v.adres_sleutel, v.sector, v.status, v.ontvangen_op, v.crisissignaal,
        v.warme_overdracht, 1 AS op_adres
      FROM vroegsignalen v WHERE v.zaak_id IS NULL AND v.status IN ${lijst(S.BINNENKOMST)}
      ORDER BY v.gemeentecode, v.adres_sleutel, v.id LIMIT ${b.limit}`,
    eigen: sql`false`,
  };
}

/** How a signal is written: inserted (intake; a repeat of an open signal updates it) or linked (safety net). */
function schrijf(b: Bron, status: RawBuilder<unknown>, signaalstatus: RawBuilder<unknown>) {
  const zelfdeHuis = sql`z.gemeentecode = s.gemeentecode AND z.adres_sleutel = s.adres_sleutel
    AND (z.status = ${sql.lit(B.zaak)}) = (s.status = ${sql.lit(B.signaal)})`;
  const terug = sql`id, gemeentecode, adres_sleutel, sector, status, zaak_id, melding_id, meervoudig, crisissignaal,
    postcode, huisnummer, toevoeging, achternaam, voorletters`;
  if (b.soort === 'levering') {
    return sql`w AS (
      INSERT INTO vroegsignalen (id, partner_id, levering_id, melding_id, herhalingen, zaak_id, signaalstatus, meervoudig,
        opeenvolgend, ontvangen_op, ${sql.join(NAMEN.map((k) => sql.ref(k)))})
      SELECT s.nid, ${b.partnerId}::uuid, ${b.leveringId}::uuid, s.melding_id, coalesce(s.herhalingen + 1, 0), z.id, ${signaalstatus},
        s.meervoudig, s.opeenvolgend, s.ontvangen_op, ${sql.join(NAMEN.map((k) => (k === 'status' ? status : sql.ref(`s.${k}`))))}
      FROM s LEFT JOIN zaak z ON NOT s.open AND ${zelfdeHuis}
      ON CONFLICT (partner_id, adres_sleutel, sector) WHERE status IN ${OPEN} DO UPDATE SET
        bedrag_achterstand = excluded.bedrag_achterstand,
        maanden_achterstand = excluded.maanden_achterstand,
        vervaldatum = excluded.vervaldatum,
        levering_id = excluded.levering_id,
        herhalingen = vroegsignalen.herhalingen + 1,
        crisissignaal = vroegsignalen.crisissignaal OR excluded.crisissignaal,
        laatste_melding_op = now()
      RETURNING ${terug}, (xmax::text = '0') AS ingevoegd)`;
  }
  // Signal and case are paired first, on their own: joined with the signals table the planner, which cannot estimate the
  // CTEs, would loop over every pair of them.
  return sql`paar AS MATERIALIZED (
      SELECT s.nid, z.id AS zaak_id, ${status} AS status, ${signaalstatus} AS signaalstatus, s.meervoudig, s.opeenvolgend
      FROM s JOIN zaak z ON ${zelfdeHuis}),
    w AS (
      UPDATE vroegsignalen v SET zaak_id = p.zaak_id, status = p.status, signaalstatus = p.signaalstatus,
        meervoudig = p.meervoudig, opeenvolgend = p.opeenvolgend
      FROM paar p WHERE v.id = p.nid AND v.zaak_id IS NULL
      RETURNING ${sql.join(
        [
          'id',
          'gemeentecode',
          'adres_sleutel',
          'sector',
          'status',
          'zaak_id',
          'melding_id',
          'meervoudig',
          'crisissignaal',
        ].map((k) => sql.ref(`v.${k}`)),
      )}, v.postcode, v.huisnummer, v.toevoeging, v.achternaam, v.voorletters, true AS ingevoegd)`;
}

/**
 * The one statement: signals into the open case of their household (municipality + address), or a new case; a
 * resident's objection gives a case closed as not to be acted on. The case's receipt is its earliest signal's, its
 * deadline the earliest of its signals' deadlines, threat and warm handover if any signal has them.
 * - meervoudig: another signal at the address in the signal's calendar month (or at the address in this block);
 *   opeenvolgend: one in the 6 calendar months before that month. One index probe per signal answers both (and, for the
 *   intake, whether the partner's report of this address + sector is still open: then the row is a repeat, LCV 3.2).
 * - History: "created" is read from the case itself (store.historie); written here: the objection that closed a new
 *   case, and "signals linked" for cases that already existed.
 * A signal left without a case (a concurrent upload created the household's case meanwhile) is linked by the next run
 * of the safety net.
 */
export async function neemOp(db: Tx, b: Bron, k: Kalender, m: Matching): Promise<Opgenomen[]> {
  if (b.soort === 'levering' && b.rows.length === 0) return [];
  return (await neemOpQuery(b, k, m).execute(db)).rows;
}

export function neemOpQuery(b: Bron, k: Kalender, m: Matching) {
  const { i, eigen } = bron(b);
  const status = naKoppelen('status', sql`s.status`);
  const signaalstatus = naKoppelen('signaalstatus', sql`NULL`);
  return sql<Opgenomen>`
    WITH kal AS (SELECT * FROM unnest(${k.dagen}::date[], ${k.normaal}::date[], ${k.crisis}::date[]) AS k(dag, normaal, crisis)),
    i AS MATERIALIZED (${i}),
    s AS MATERIALIZED (
      SELECT i.*, CASE WHEN i.crisissignaal THEN kal.crisis ELSE kal.normaal END AS deadline,
        coalesce(x.open, false) AS open, x.melding_id, x.herhalingen,
        coalesce(x.zelfde_maand, false) OR i.op_adres > 1 AS meervoudig, coalesce(x.eerder, false) AS opeenvolgend
      FROM i LEFT JOIN kal ON kal.dag = ${LOKAAL('i.ontvangen_op')}::date
      LEFT JOIN LATERAL (
        SELECT bool_or(${MAAND('t.ontvangen_op')} = ${MAAND('i.ontvangen_op')}) AS zelfde_maand,
          bool_or(${LOKAAL('t.ontvangen_op')} >= ${MAAND('i.ontvangen_op')} - interval '6 months'
            AND ${LOKAAL('t.ontvangen_op')} < ${MAAND('i.ontvangen_op')}) AS eerder,
          bool_or(t.status IN ${OPEN}) FILTER (WHERE eigen) AS open,
          (array_agg(coalesce(t.melding_id, t.id) ORDER BY t.status IN ${OPEN} DESC, t.ontvangen_op DESC) FILTER (WHERE eigen))[1] AS melding_id,
          (array_agg(t.herhalingen ORDER BY t.status IN ${OPEN} DESC, t.ontvangen_op DESC) FILTER (WHERE eigen))[1] AS herhalingen
        FROM (SELECT t.*, ${eigen} AS eigen FROM vroegsignalen t
              WHERE t.gemeentecode = i.gemeentecode AND t.adres_sleutel = i.adres_sleutel AND t.id <> i.nid) t
      ) x ON true),
    huis AS (
      SELECT gemeentecode, adres_sleutel, status, min(ontvangen_op) AS ontvangen_op, min(deadline) AS deadline,
        bool_or(crisissignaal) AS crisis, bool_or(warme_overdracht) AS warm
      FROM s WHERE NOT open GROUP BY gemeentecode, adres_sleutel, status),
    -- New households first: the unique index answers "is there an open case?" while inserting. Only households that
    -- already had one are looked up (few), to take their earlier deadline, threat and warm handover into account.
    nieuw AS (
      INSERT INTO vroegsignaalzaken (id, gemeentecode, adres_sleutel, status, resultaat, afgesloten_op, matchingsdatum,
        startdatum_matchingperiode, einddatum_matchingperiode, ontvangen_op, deadline, crisis, warme_overdracht)
      SELECT schuldenrust_uuid_v7(), h.gemeentecode, h.adres_sleutel,
        CASE WHEN h.status = ${sql.lit(B.signaal)} THEN ${sql.lit(B.zaak)} ELSE 'nieuw' END,
        CASE WHEN h.status = ${sql.lit(B.signaal)} THEN ${sql.lit(B.resultaat)} END,
        CASE WHEN h.status = ${sql.lit(B.signaal)} THEN now() END,
        ${m.dag}::date, ${m.start}::date, ${m.eind}::date, h.ontvangen_op, h.deadline, h.crisis, h.warm
      FROM huis h
      ORDER BY h.gemeentecode, h.adres_sleutel
      ON CONFLICT (gemeentecode, adres_sleutel) WHERE status <> 'afgesloten' DO NOTHING
      RETURNING id, gemeentecode, adres_sleutel, status, deadline, crisis, warme_overdracht),
    -- Households that had an open case already (EXCEPT: a hash, whatever the planner guesses of the CTE sizes).
    oud AS MATERIALIZED (
      SELECT gemeentecode, adres_sleutel, deadline, crisis, warm FROM huis WHERE status = 'nieuw'
      EXCEPT ALL SELECT gemeentecode, adres_sleutel, deadline, crisis, warme_overdracht FROM nieuw WHERE status = 'nieuw'),
    bij AS (
      UPDATE vroegsignaalzaken z SET deadline = LEAST(z.deadline, o.deadline), crisis = z.crisis OR o.crisis,
        warme_overdracht = z.warme_overdracht OR o.warm
      FROM oud o WHERE z.gemeentecode = o.gemeentecode AND z.adres_sleutel = o.adres_sleutel AND z.status <> 'afgesloten'
      RETURNING z.id, z.gemeentecode, z.adres_sleutel, z.status),
    zaak AS (SELECT * FROM bij UNION ALL SELECT id, gemeentecode, adres_sleutel, status FROM nieuw),
    ${schrijf(b, status, signaalstatus)},
    h AS (
      INSERT INTO vroegsignaalzaak_historie (zaak_id, actor_soort, gebeurtenis, van, naar, details)
      SELECT id, 'systeem', 'bezwaar', 'nieuw', status, '{"reden":"bezwaar"}'::jsonb FROM nieuw WHERE status = 'afgesloten'
      UNION ALL
      SELECT b.id, 'systeem', 'signalen-gekoppeld', NULL, NULL, jsonb_build_object('aantal', count(*))
      FROM bij b JOIN w ON w.zaak_id = b.id AND w.ingevoegd GROUP BY b.id)
    SELECT id, gemeentecode, adres_sleutel, sector, status, zaak_id, ingevoegd, ingevoegd AND melding_id IS NULL AS nieuw,
      meervoudig, crisissignaal, postcode, huisnummer, toevoeging, achternaam, voorletters FROM w`;
}

/**
 * The other side of meervoudig: signals at the address of a newly linked meervoudig signal, received in the same
 * calendar month, become meervoudig too. Only rows that change are written.
 */
export async function markeerEerdere(db: Tx, signaalIds: string[]) {
  if (signaalIds.length === 0) return;
  await sql`UPDATE vroegsignalen t SET meervoudig = true FROM vroegsignalen s
    WHERE s.id = ANY(${signaalIds}::uuid[]) AND t.gemeentecode = s.gemeentecode AND t.adres_sleutel = s.adres_sleutel
      AND t.id <> s.id AND NOT t.meervoudig AND ${MAAND('t.ontvangen_op')} = ${MAAND('s.ontvangen_op')}`.execute(db);
}

/** One safety-net run at a time (two overlapping runs would both see the same unlinked signals). */
export async function vergrendel(tx: Tx) {
  await sql`SELECT pg_advisory_xact_lock(5052026)`.execute(tx);
}

/** Distinct receipt days (Dutch date) of signals not yet in a case: few, so the deadline calendar is computed in JS. */
export async function ontvangstdagen(tx: Tx): Promise<string[]> {
  const r = await sql<{ dag: string }>`SELECT DISTINCT ${LOKAAL('ontvangen_op')}::date AS dag FROM vroegsignalen
    WHERE zaak_id IS NULL AND status IN ${lijst(S.BINNENKOMST)}`.execute(tx);
  return r.rows.map((x) => x.dag);
}

/** The cases a safety-net run linked signals to: created in this transaction (open, or closed by an objection), or earlier. */
export async function telZaken(tx: Tx, ids: string[]) {
  const r = await sql<{ nieuw: number; bijgewerkt: number; bezwaar: number }>`SELECT
      (count(*) FILTER (WHERE aangemaakt_op = now() AND status <> 'afgesloten'))::int AS nieuw,
      (count(*) FILTER (WHERE aangemaakt_op < now()))::int AS bijgewerkt,
      (count(*) FILTER (WHERE aangemaakt_op = now() AND status = 'afgesloten'))::int AS bezwaar
    FROM vroegsignaalzaken WHERE id = ANY(${ids}::uuid[])`.execute(tx);
  return r.rows[0] ?? { nieuw: 0, bijgewerkt: 0, bezwaar: 0 };
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
