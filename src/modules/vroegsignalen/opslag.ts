import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

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
} as const;
type Kolom = keyof typeof KOLOMMEN;
export type NieuwSignaal = { [K in Kolom]: Insertable<Database['vroegsignalen']>[K] | null };
const NAMEN = Object.keys(KOLOMMEN) as Kolom[];

export interface Opslagcontext {
  partnerId: string;
  leveringId: string;
  /** Deadlines of a case that starts today: 4 weeks, or 3 working days for a threatening situation. */
  deadline: { normaal: string; crisis: string };
  /** DDAS matching period of new cases. */
  matching: { dag: string; start: string; eind: string };
  /** Earlier reports older than this (last report) no longer exist for the partner (the retention period of signals). */
  venster: Date;
  /** The moment the relapse window (6 months) and matching dates are measured from. */
  nu: Date;
}

export interface Opgeslagen {
  id: string;
  gemeentecode: string;
  adres_sleutel: string;
  sector: string;
  status: string;
  zaak_id: string | null;
  /** A new row (not an update of the open signal). */
  ingevoegd: boolean;
  /** New for the partner: no earlier report of this address + sector (a new signal in an earlier report is a repeat). */
  nieuw: boolean;
  meervoudig: boolean;
  /** A threatening situation (notifications: a new crisis signal is announced to the municipality at once). */
  crisissignaal: boolean;
}

const OPEN = sql.raw(`('nieuw', 'in-behandeling', 'niet-oppakken')`);
const LOKAAL = (kolom: string) => sql.raw(`(${kolom} AT TIME ZONE 'Europe/Amsterdam')`);
const MAAND = sql.raw(`date_trunc('month', now() AT TIME ZONE 'Europe/Amsterdam')`);

/**
 * Stores a block of valid rows in one statement and puts each new signal straight into the open case of its household
 * (municipality + address), or a new case; a resident's objection gives a case closed as not to be acted on.
 * - A row for an open signal of the same partner + address + sector updates it (a repeat, LCV 3.2).
 * - A row whose earlier report's signal is closed is a new signal (new case, opeenvolgend) in the same report.
 * - meervoudig: another signal at the address this month; opeenvolgend: one in the 6 months before this month.
 * One index probe per row on the address (all three questions at once); cases and history set-based.
 * Rows must not repeat partner + address + sector. A row left without a case (a concurrent upload created the household's
 * case meanwhile) is linked by the safety-net job.
 */
export async function bewaarSignalen(db: Tx, rows: NieuwSignaal[], c: Opslagcontext): Promise<Opgeslagen[]> {
  if (rows.length === 0) return [];
  // One JSON parameter: serialised natively on both sides (27 array parameters cost more to encode and bind than to store).
  // op_adres: rows of this block at the same address (another sector or partner row: meervoudig).
  const perAdres = new Map<string, number>();
  for (const r of rows)
    perAdres.set(
      `${r.gemeentecode}|${r.adres_sleutel}`,
      (perAdres.get(`${r.gemeentecode}|${r.adres_sleutel}`) ?? 0) + 1,
    );
  const json = JSON.stringify(
    rows.map((r) => [...NAMEN.map((k) => r[k] ?? null), perAdres.get(`${r.gemeentecode}|${r.adres_sleutel}`)]),
  );
  const r = await sql<Opgeslagen>`
    WITH i AS MATERIALIZED (
      SELECT u.*, schuldenrust_uuid_v7() AS nid,
        CASE WHEN u.crisissignaal THEN ${c.deadline.crisis}::date ELSE ${c.deadline.normaal}::date END AS deadline
      FROM (SELECT ${sql.join(NAMEN.map((k, j) => sql`(e->>${sql.raw(String(j))})::${sql.raw(KOLOMMEN[k])} AS ${sql.ref(k)}`))},
              (e->>${sql.raw(String(NAMEN.length))})::int AS op_adres
            FROM jsonb_array_elements(${json}::jsonb) AS x(e)) u),
    a AS MATERIALIZED (
      SELECT i.*, coalesce(x.open, false) AS open, x.melding_id, x.herhalingen,
        coalesce(x.zelfde_maand, false) OR i.op_adres > 1 AS meervoudig, coalesce(x.eerder, false) AS opeenvolgend
      FROM i LEFT JOIN LATERAL (
        SELECT bool_or(date_trunc('month', ${LOKAAL('t.ontvangen_op')}) = ${MAAND}) AS zelfde_maand,
          bool_or(${LOKAAL('t.ontvangen_op')} >= ${MAAND} - interval '6 months' AND ${LOKAAL('t.ontvangen_op')} < ${MAAND}) AS eerder,
          bool_or(t.status IN ${OPEN}) FILTER (WHERE eigen) AS open,
          (array_agg(coalesce(t.melding_id, t.id) ORDER BY t.status IN ${OPEN} DESC, t.ontvangen_op DESC) FILTER (WHERE eigen))[1] AS melding_id,
          (array_agg(t.herhalingen ORDER BY t.status IN ${OPEN} DESC, t.ontvangen_op DESC) FILTER (WHERE eigen))[1] AS herhalingen
        FROM (SELECT t.*, t.partner_id = ${c.partnerId}::uuid AND t.sector = i.sector AND t.intrekking_gevraagd_op IS NULL
                AND t.laatste_melding_op >= ${c.venster} AS eigen
              FROM vroegsignalen t WHERE t.gemeentecode = i.gemeentecode AND t.adres_sleutel = i.adres_sleutel) t
      ) x ON true),
    huis AS (
      SELECT gemeentecode, adres_sleutel, status, min(deadline) AS deadline, bool_or(crisissignaal) AS crisis
      FROM a WHERE NOT open GROUP BY gemeentecode, adres_sleutel, status),
    -- New households first: the unique index answers "is there an open case?" while inserting. Only households that
    -- already had one are looked up (few), to take their earlier deadline and threat into account.
    nieuw AS (
      INSERT INTO vroegsignaalzaken (id, gemeentecode, adres_sleutel, status, resultaat, afgesloten_op, matchingsdatum, startdatum_matchingperiode,
        einddatum_matchingperiode, ontvangen_op, deadline, crisis)
      SELECT schuldenrust_uuid_v7(), h.gemeentecode, h.adres_sleutel,
        CASE WHEN h.status = 'nieuw' THEN 'nieuw' ELSE 'afgesloten' END,
        CASE WHEN h.status = 'nieuw' THEN NULL ELSE 'Niet opgepakt: andere reden' END,
        CASE WHEN h.status = 'nieuw' THEN NULL ELSE now() END,
        ${c.matching.dag}::date, ${c.matching.start}::date, ${c.matching.eind}::date, now(), h.deadline, h.crisis
      FROM huis h
      ORDER BY h.gemeentecode, h.adres_sleutel
      ON CONFLICT (gemeentecode, adres_sleutel) WHERE status <> 'afgesloten' DO NOTHING
      RETURNING id, gemeentecode, adres_sleutel, status, deadline, crisis),
    -- Households that had an open case already (EXCEPT: a hash, whatever the planner guesses of the CTE sizes).
    oud AS MATERIALIZED (
      SELECT gemeentecode, adres_sleutel, deadline, crisis FROM huis WHERE status = 'nieuw'
      EXCEPT ALL SELECT gemeentecode, adres_sleutel, deadline, crisis FROM nieuw WHERE status = 'nieuw'),
    bij AS (
      UPDATE vroegsignaalzaken z SET deadline = LEAST(z.deadline, o.deadline), crisis = z.crisis OR o.crisis
      FROM oud o WHERE z.gemeentecode = o.gemeentecode AND z.adres_sleutel = o.adres_sleutel AND z.status <> 'afgesloten'
      RETURNING z.id, z.gemeentecode, z.adres_sleutel, z.status),
    zaak AS (SELECT * FROM bij UNION ALL SELECT id, gemeentecode, adres_sleutel, status FROM nieuw),
    ins AS (
      INSERT INTO vroegsignalen (id, partner_id, levering_id, melding_id, herhalingen, zaak_id, signaalstatus, meervoudig, opeenvolgend,
        ${sql.join(NAMEN.map((k) => sql.ref(k)))})
      SELECT a.nid, ${c.partnerId}::uuid, ${c.leveringId}::uuid, a.melding_id, coalesce(a.herhalingen + 1, 0), z.id,
        CASE WHEN z.status = 'afgesloten' THEN 'Niet opgepakt: andere reden' WHEN z.status = 'nieuw' THEN 'Nog niet opgepakt' END,
        a.meervoudig, a.opeenvolgend,
        ${sql.join(
          NAMEN.map((k) =>
            k === 'status'
              ? sql`CASE WHEN z.status IN ('opgepakt', 'contact') THEN 'in-behandeling' ELSE a.status END`
              : sql.ref(`a.${k}`),
          ),
        )}
      FROM a LEFT JOIN zaak z ON NOT a.open AND z.gemeentecode = a.gemeentecode AND z.adres_sleutel = a.adres_sleutel
        AND (z.status = 'afgesloten') = (a.status = 'niet-oppakken')
      ON CONFLICT (partner_id, adres_sleutel, sector) WHERE status IN ${OPEN} DO UPDATE SET
        bedrag_achterstand = excluded.bedrag_achterstand,
        maanden_achterstand = excluded.maanden_achterstand,
        vervaldatum = excluded.vervaldatum,
        levering_id = excluded.levering_id,
        herhalingen = vroegsignalen.herhalingen + 1,
        crisissignaal = vroegsignalen.crisissignaal OR excluded.crisissignaal,
        laatste_melding_op = now()
      RETURNING id, gemeentecode, adres_sleutel, sector, status, zaak_id, melding_id, meervoudig, crisissignaal, (xmax::text = '0') AS ingevoegd),
    -- A case's "created" event is read from the case itself (store.historie); written here: the objection that closed a
    -- new case, and "signals linked" for cases that already existed.
    h AS (
      INSERT INTO vroegsignaalzaak_historie (zaak_id, actor_soort, gebeurtenis, van, naar, details)
      SELECT id, 'systeem', 'bezwaar', 'nieuw', status, '{"reden":"bezwaar"}'::jsonb FROM nieuw WHERE status = 'afgesloten'
      UNION ALL
      SELECT b.id, 'systeem', 'signalen-gekoppeld', NULL, NULL, jsonb_build_object('aantal', count(*))
      FROM bij b JOIN ins ON ins.zaak_id = b.id AND ins.ingevoegd GROUP BY b.id)
    SELECT id, gemeentecode, adres_sleutel, sector, status, zaak_id, ingevoegd, ingevoegd AND melding_id IS NULL AS nieuw, meervoudig, crisissignaal FROM ins`.execute(
    db,
  );
  return r.rows;
}

/**
 * The other side of meervoudig: signals stored earlier this month at the address of a new signal that is meervoudig
 * become meervoudig too. Only rows that change are written.
 */
export async function markeerEerdere(db: Tx, adressen: { gemeentecode: string; adres_sleutel: string }[]) {
  if (adressen.length === 0) return;
  await sql`UPDATE vroegsignalen t SET meervoudig = true
    FROM unnest(${adressen.map((a) => a.gemeentecode)}::text[], ${adressen.map((a) => a.adres_sleutel)}::text[]) AS u(gemeentecode, adres_sleutel)
    WHERE t.gemeentecode = u.gemeentecode AND t.adres_sleutel = u.adres_sleutel AND NOT t.meervoudig
      AND date_trunc('month', ${LOKAAL('t.ontvangen_op')}) = ${MAAND}`.execute(db);
}
