import { sql, type Kysely, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { BIJ_ZAAK, INTREKKING, NA_KOPPELEN } from './signaalstatus.ts';

type Tx = Kysely<Database>;

/**
 * Whose cases a caller sees: a municipality its own; a debt-help organisation / neighbourhood team the unassigned
 * cases of the municipalities in its work area plus the cases assigned to it (relapse). Every query goes through this.
 */
export type Bereik = { soort: 'gemeente'; gemeentecode: string } | { soort: 'uitvoerder'; organisatieId: string };

function binnen<O>(q: SelectQueryBuilder<Database, 'vroegsignaalzaken', O>, b: Bereik) {
  if (b.soort === 'gemeente') return q.where('vroegsignaalzaken.gemeentecode', '=', b.gemeentecode);
  return q.where((eb) =>
    eb.or([
      eb('vroegsignaalzaken.organisatie_id', '=', b.organisatieId),
      eb.and([
        eb('vroegsignaalzaken.organisatie_id', 'is', null),
        eb(
          'vroegsignaalzaken.gemeentecode',
          'in',
          eb.selectFrom('werkgebieden').select('gemeentecode').where('organisatie_id', '=', b.organisatieId),
        ),
      ]),
    ]),
  );
}

const ZAAK_VELDEN = [
  'vroegsignaalzaken.id',
  'gemeentecode',
  'adres_sleutel',
  'status',
  'matchingsdatum',
  'startdatum_matchingperiode',
  'einddatum_matchingperiode',
  'ontvangen_op',
  'deadline',
  'crisis',
  'warme_overdracht',
  'organisatie_id',
  'behandelaar_id',
  'datum_opgepakt',
  'eerste_actie_op',
  'hulp_geaccepteerd_op',
  'opschorting_tot',
  'resultaat',
  'afgesloten_op',
  'terugval_traject_id',
  'terugval_regel',
] as const;

const signaalInfo = sql<{
  aantal: number;
  sectoren: string[];
  stop: boolean;
  naam: string | null;
  voorletters: string | null;
  straatnaam: string | null;
  woonplaats: string | null;
  bedrag: number;
}>`(SELECT json_build_object(
    'aantal', count(*), 'sectoren', coalesce(array_agg(DISTINCT s.sector), '{}'), 'stop', coalesce(bool_or(s.status = ${INTREKKING.stopVerzocht.naar}), false),
    'naam', min(s.achternaam), 'voorletters', min(s.voorletters), 'straatnaam', min(s.straatnaam), 'woonplaats', min(s.woonplaats),
    'bedrag', coalesce(sum(s.bedrag_achterstand), 0))
  FROM vroegsignalen s WHERE s.zaak_id = vroegsignaalzaken.id)`;
const behandelaarNaam = sql<
  string | null
>`(SELECT g.naam FROM gebruikers g WHERE g.id = vroegsignaalzaken.behandelaar_id)`;

/** A case with at least one signal: one whose signals were all withdrawn (deleted) is gone, as in the queue. */
const heeftSignalen = sql<boolean>`EXISTS (SELECT 1 FROM vroegsignalen s WHERE s.zaak_id = vroegsignaalzaken.id)`;

/**
 * The case's rank under its municipality's policy plan (LCV art. 3.7), lower first: crisis (when the plan puts it
 * first), then total arrears at or above the plan's amount, then the best-ranked sector of its signals. 0 for every case
 * of a municipality without a plan, so its queue keeps the deadline order.
 */
const beleidsrang = sql<number>`coalesce((SELECT
    (CASE WHEN bp.crisis_eerst AND vroegsignaalzaken.crisis THEN 0 ELSE 1 END) * 1000000
  + (CASE WHEN bp.bedrag_vanaf IS NOT NULL AND (SELECT coalesce(sum(s.bedrag_achterstand), 0) FROM vroegsignalen s
        WHERE s.zaak_id = vroegsignaalzaken.id) >= bp.bedrag_vanaf THEN 0 ELSE 1 END) * 1000
  + coalesce((SELECT min(array_position(bp.sectoren, s.sector::text)) FROM vroegsignalen s
        WHERE s.zaak_id = vroegsignaalzaken.id), 999)
  FROM gemeente_beleidsplannen bp WHERE bp.gemeentecode = vroegsignaalzaken.gemeentecode), 0)`;

export type Filter = 'open' | 'afgesloten' | 'alle';
export type Sortering = 'deadline' | 'naam' | 'straat' | 'bedrag' | 'ontvangen';

/** What the queue can be narrowed to: the count cards, the filters, the search box and the "mine" view. */
export interface WachtrijVraag {
  filter: Filter;
  status?: string | undefined;
  terugval?: boolean | undefined;
  crisis?: boolean | undefined;
  sector?: string | undefined;
  /** A user id, or 'niemand' for unassigned cases. */
  behandelaar?: string | undefined;
  /** Not yet acted on and: past the deadline, at it today, or within 3 days (today included). */
  termijn?: 'te-laat' | 'vandaag' | 'binnen-3-dagen' | undefined;
  /** Surname, street, postcode or place (part of it, any case). */
  zoek?: string | undefined;
  sorteer?: Sortering | undefined;
  aflopend?: boolean | undefined;
  limit: number;
  offset: number;
}

type ZaakQuery = SelectQueryBuilder<Database, 'vroegsignaalzaken', object>;

/**
 * The queue's order, in one place: the policy plan's rank first (default view), then by deadline (threatening first among equal deadlines, then oldest first) unless
 * the worker sorts on another column; the case id last, so pages never overlap.
 */
export function ordenWachtrij<Q extends ZaakQuery>(q: Q, sorteer: Sortering = 'deadline', aflopend = false): Q {
  const r = aflopend ? 'desc' : 'asc';
  const eerste = (kolom: 'achternaam' | 'straatnaam') =>
    sql`(SELECT min(s.${sql.ref(kolom)}) FROM vroegsignalen s WHERE s.zaak_id = vroegsignaalzaken.id)`;
  let o = q;
  if (sorteer === 'naam') o = o.orderBy(eerste('achternaam'), r) as Q;
  if (sorteer === 'straat') o = o.orderBy(eerste('straatnaam'), r) as Q;
  if (sorteer === 'bedrag')
    o = o.orderBy(
      sql`(SELECT coalesce(sum(s.bedrag_achterstand), 0) FROM vroegsignalen s WHERE s.zaak_id = vroegsignaalzaken.id)`,
      r,
    ) as Q;
  if (sorteer === 'ontvangen') o = o.orderBy('ontvangen_op', r) as Q;
  // The municipality's policy plan (LCV art. 3.7) orders the default view ahead of the deadline.
  if (sorteer === 'deadline' && !aflopend) o = o.orderBy(beleidsrang) as Q;
  return o
    .orderBy('deadline', sorteer === 'deadline' ? r : 'asc')
    .orderBy('crisis', 'desc')
    .orderBy('ontvangen_op')
    .orderBy('vroegsignaalzaken.id') as Q;
}

const zoekPatroon = (s: string) => `%${s.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function gefilterd<O>(q: SelectQueryBuilder<Database, 'vroegsignaalzaken', O>, v: WachtrijVraag, dag: string) {
  let r = q.where(heeftSignalen);
  if (v.filter === 'open') r = r.where('status', '<>', 'afgesloten');
  if (v.filter === 'afgesloten') r = r.where('status', '=', 'afgesloten');
  if (v.status) r = r.where('status', '=', v.status as never);
  if (v.terugval !== undefined) r = r.where('terugval_traject_id', v.terugval ? 'is not' : 'is', null);
  if (v.crisis !== undefined) r = r.where('crisis', '=', v.crisis);
  if (v.behandelaar === 'niemand') r = r.where('behandelaar_id', 'is', null);
  else if (v.behandelaar) r = r.where('behandelaar_id', '=', v.behandelaar);
  if (v.sector)
    r = r.where(
      sql<boolean>`EXISTS (SELECT 1 FROM vroegsignalen s WHERE s.zaak_id = vroegsignaalzaken.id AND s.sector = ${v.sector})`,
    );
  if (v.termijn) {
    r = r.where('eerste_actie_op', 'is', null).where('status', '<>', 'afgesloten');
    if (v.termijn === 'te-laat') r = r.where('deadline', '<', dag);
    if (v.termijn === 'vandaag') r = r.where('deadline', '=', dag);
    if (v.termijn === 'binnen-3-dagen')
      r = r.where('deadline', '>=', dag).where(sql<boolean>`deadline <= ${dag}::date + 3`);
  }
  if (v.zoek?.trim()) {
    const p = zoekPatroon(v.zoek);
    const pc = zoekPatroon(v.zoek.replace(/\s+/g, ''));
    r = r.where(
      sql<boolean>`EXISTS (SELECT 1 FROM vroegsignalen s WHERE s.zaak_id = vroegsignaalzaken.id AND (
        s.achternaam ILIKE ${p} OR s.straatnaam ILIKE ${p} OR s.woonplaats ILIKE ${p} OR replace(s.postcode, ' ', '') ILIKE ${pc}))`,
    );
  }
  return r;
}

export async function wachtrij(db: Tx, b: Bereik, v: WachtrijVraag, dag: string) {
  const q = gefilterd(
    binnen(
      db
        .selectFrom('vroegsignaalzaken')
        .select([...ZAAK_VELDEN, signaalInfo.as('signalen'), behandelaarNaam.as('behandelaar_naam')]),
      b,
    ),
    v,
    dag,
  );
  return ordenWachtrij(q, v.sorteer, v.aflopend).limit(v.limit).offset(v.offset).execute();
}

/** How many cases match the queue's filters (for paging: the queue never stops silently at a page). */
export async function wachtrijTotaal(db: Tx, b: Bereik, v: WachtrijVraag, dag: string) {
  const r = await gefilterd(
    binnen(db.selectFrom('vroegsignaalzaken').select(sql<number>`count(*)::int`.as('n')), b),
    v,
    dag,
  ).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Counts over the whole visible open queue: not yet acted on and past / at the deadline, and relapse cases. */
export async function tellingen(db: Tx, b: Bereik, dag: string) {
  const r = await binnen(
    db
      .selectFrom('vroegsignaalzaken')
      .select([
        sql<number>`count(*)::int`.as('open'),
        sql<number>`(count(*) FILTER (WHERE eerste_actie_op IS NULL AND deadline < ${dag}::date))::int`.as('teLaat'),
        sql<number>`(count(*) FILTER (WHERE eerste_actie_op IS NULL AND deadline = ${dag}::date))::int`.as('vandaag'),
        sql<number>`(count(*) FILTER (WHERE terugval_traject_id IS NOT NULL))::int`.as('terugval'),
      ]),
    b,
  )
    .where('status', '<>', 'afgesloten')
    .where(heeftSignalen)
    .executeTakeFirstOrThrow();
  return r;
}

export async function zaak(db: Tx, b: Bereik, id: string, opts: { voorUpdate?: boolean } = {}) {
  let q = binnen(db.selectFrom('vroegsignaalzaken').select(ZAAK_VELDEN), b)
    .where('vroegsignaalzaken.id', '=', id)
    .where(heeftSignalen);
  if (opts.voorUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * The case's signals, with the contact data the municipality needs to reach the resident, and who delivered each one:
 * the partner organisation (and the principal a property manager delivered for) and its contact person.
 */
export async function signalenVanZaak(db: Tx, zaakId: string) {
  return db
    .selectFrom('vroegsignalen')
    .innerJoin('signaalpartners', 'signaalpartners.organisatie_id', 'vroegsignalen.partner_id')
    .innerJoin('organisaties', 'organisaties.id', 'vroegsignalen.partner_id')
    .leftJoin('opdrachtgevers', 'opdrachtgevers.id', 'vroegsignalen.opdrachtgever_id')
    .select([
      'vroegsignalen.id',
      'vroegsignalen.sector',
      'signaalpartners.ddas_type',
      'vroegsignalen.partner_id',
      'organisaties.naam as partner_naam',
      'signaalpartners.contact_naam',
      'signaalpartners.contact_email',
      'signaalpartners.contact_delen',
      'opdrachtgevers.naam as opdrachtgever_naam',
      'vroegsignalen.status',
      'vroegsignalen.signaalstatus',
      'vroegsignalen.achternaam',
      'vroegsignalen.voorletters',
      'vroegsignalen.straatnaam',
      'vroegsignalen.huisnummer',
      'vroegsignalen.toevoeging',
      'vroegsignalen.postcode',
      'vroegsignalen.woonplaats',
      'vroegsignalen.telefoon1',
      'vroegsignalen.telefoon2',
      'vroegsignalen.telefoon3',
      'vroegsignalen.email',
      'vroegsignalen.maanden_achterstand',
      'vroegsignalen.bedrag_achterstand',
      'vroegsignalen.vervaldatum',
      'vroegsignalen.crisissignaal',
      'vroegsignalen.warme_overdracht',
      'vroegsignalen.meervoudig',
      'vroegsignalen.opeenvolgend',
      'vroegsignalen.herhalingen',
      'vroegsignalen.ontvangen_op',
      'vroegsignalen.intrekking_gevraagd_op',
    ])
    .where('vroegsignalen.zaak_id', '=', zaakId)
    .orderBy('vroegsignalen.ontvangen_op')
    .orderBy('vroegsignalen.id')
    .execute();
}

export async function contactpogingen(db: Tx, zaakId: string) {
  return db
    .selectFrom('vroegsignaalzaak_contactpogingen')
    .select(['id', 'soort', 'bereikt', 'datum', 'dagdeel', 'vastgelegd_op'])
    .where('zaak_id', '=', zaakId)
    .orderBy('datum')
    .orderBy('vastgelegd_op')
    .execute();
}

/** Every event of a case, oldest first; "aangemaakt" comes from the case itself (the intake writes no row for it). */
export async function historie(db: Tx, zaakId: string) {
  const aangemaakt = db
    .selectFrom('vroegsignaalzaken')
    .where('id', '=', zaakId)
    .select([
      sql<string>`0`.as('volgorde'),
      'aangemaakt_op as tijdstip',
      sql<string | null>`NULL::uuid`.as('organisatie_id'),
      sql<string>`'systeem'`.as('actor_soort'),
      sql<string | null>`NULL::text`.as('actor_id'),
      sql<string>`'aangemaakt'`.as('gebeurtenis'),
      sql<string | null>`NULL::text`.as('van'),
      sql<string | null>`'nieuw'`.as('naar'),
      sql<unknown>`NULL::jsonb`.as('details'),
    ]);
  const rows = await aangemaakt
    .unionAll(
      db
        .selectFrom('vroegsignaalzaak_historie')
        .where('zaak_id', '=', zaakId)
        .select([
          sql<string>`id`.as('volgorde'),
          'tijdstip',
          'organisatie_id',
          'actor_soort',
          'actor_id',
          'gebeurtenis',
          'van',
          'naar',
          'details',
        ]),
    )
    .orderBy('volgorde')
    .execute();
  return rows.map(({ volgorde: _, ...r }) => r);
}

export async function pogingTelling(db: Tx, zaakId: string) {
  return db
    .selectFrom('vroegsignaalzaak_contactpogingen')
    .select([sql<number>`count(*)::int`.as('pogingen'), sql<boolean>`coalesce(bool_or(bereikt), false)`.as('bereikt')])
    .where('zaak_id', '=', zaakId)
    .executeTakeFirstOrThrow();
}

export async function werkZaakBij(db: Tx, id: string, v: Updateable<Database['vroegsignaalzaken']>) {
  await db.updateTable('vroegsignaalzaken').set(v).where('id', '=', id).execute();
}

export async function voegPogingToe(
  db: Tx,
  v: {
    zaak_id: string;
    soort: string;
    bereikt: boolean;
    datum: string;
    dagdeel: string | null;
    vastgelegd_door: string | null;
  },
) {
  return db.insertInto('vroegsignaalzaak_contactpogingen').values(v).returning(['id']).executeTakeFirstOrThrow();
}

export async function schrijfHistorie(
  db: Tx,
  v: {
    zaak_id: string;
    organisatie_id: string | null;
    actor_soort: string;
    actor_id: string | null;
    gebeurtenis: string;
    van?: string | null;
    naar?: string | null;
    details?: unknown;
  },
) {
  await db
    .insertInto('vroegsignaalzaak_historie')
    .values({ ...v, details: v.details === undefined ? null : JSON.stringify(v.details) })
    .execute();
}

/** Warm handover recorded for the case: the same for each of its signals (null: unknown). */
export async function signalenWarmeOverdracht(db: Tx, zaakId: string, warm: boolean | null) {
  await db.updateTable('vroegsignalen').set({ warme_overdracht: warm }).where('zaak_id', '=', zaakId).execute();
}

/** Picked up: the case's open signals are now being worked (a withdrawal then asks the municipality to stop). */
export async function signalenInBehandeling(db: Tx, zaakId: string) {
  const o = BIJ_ZAAK.opgepakt;
  await db
    .updateTable('vroegsignalen')
    .set({ status: o.naar, signaalstatus: null })
    .where('zaak_id', '=', zaakId)
    .where('status', 'in', o.van)
    .execute();
}

/** Closed: the signals are no longer open (a new report is a new signal); not-picked-up results are their DDAS status. */
export async function signalenAfgehandeld(db: Tx, zaakId: string, signaalstatus: string | null) {
  await db
    .updateTable('vroegsignalen')
    .set({ status: BIJ_ZAAK.afgesloten.naar, signaalstatus })
    .where('zaak_id', '=', zaakId)
    .where('status', 'in', BIJ_ZAAK.afgesloten.van)
    .execute();
}

export async function signalenNietOppakken(db: Tx, zaakId: string) {
  await db
    .updateTable('vroegsignalen')
    .set({
      status: BIJ_ZAAK.bezwaar.naar,
      status_reden: BIJ_ZAAK.bezwaar.reden,
      signaalstatus: NA_KOPPELEN.afgesloten.signaalstatus,
    })
    .where('zaak_id', '=', zaakId)
    .where('status', 'in', BIJ_ZAAK.bezwaar.van)
    .execute();
}

export async function signalenCrisis(db: Tx, zaakId: string) {
  await db.updateTable('vroegsignalen').set({ crisissignaal: true }).where('zaak_id', '=', zaakId).execute();
}

/** The surnames of a case's signals, for the objection register. */
export async function bezwaarGegevens(db: Tx, zaakId: string) {
  return db.selectFrom('vroegsignalen').select(['achternaam']).where('zaak_id', '=', zaakId).execute();
}

/** Display names of users (for "who did what" on a case and the queue's owner column). */
export async function namenVan(db: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const r = await db.selectFrom('gebruikers').select(['id', 'naam']).where('id', 'in', ids).execute();
  return new Map(r.map((g) => [g.id, g.naam]));
}

/** Active workers of an organisation who work cases (for assigning a case to a colleague). */
export async function collegas(db: Tx, organisatieId: string, rollen: readonly string[]) {
  return db
    .selectFrom('gebruikers')
    .select(['id', 'naam'])
    .where('organisatie_id', '=', organisatieId)
    .where('actief', '=', true)
    .where('rol', 'in', rollen as never)
    .orderBy('naam')
    .execute();
}

export async function gebruikerVan(db: Tx, gebruikerId: string, organisatieId: string) {
  return db
    .selectFrom('gebruikers')
    .select(['id', 'rol'])
    .where('id', '=', gebruikerId)
    .where('organisatie_id', '=', organisatieId)
    .where('actief', '=', true)
    .executeTakeFirst();
}

/**
 * The acceptance on a signal's case counts for that signal (tables `vroegsignalen` and `vroegsignaalzaken` joined): it
 * was recorded after the signal arrived and is dated on or after its day of arrival (Europe/Amsterdam).
 */
export const HULP_NA_SIGNAAL = sql<boolean>`(vroegsignaalzaken.hulp_geaccepteerd_op IS NOT NULL
  AND vroegsignaalzaken.hulp_geaccepteerd_op >= (vroegsignalen.ontvangen_op AT TIME ZONE 'Europe/Amsterdam')::date
  AND EXISTS (SELECT 1 FROM vroegsignaalzaak_historie h WHERE h.zaak_id = vroegsignaalzaken.id
    AND h.gebeurtenis = 'hulp-geaccepteerd' AND h.tijdstip >= vroegsignalen.ontvangen_op))`;

/**
 * "Help accepted" per partner report (melding id, see vroegsignalen/store.ts): the only feedback a partner may have.
 * A case is the household's (one address), so it can hold other partners' signals for other surnames. A signal of the
 * report counts an acceptance only when it was recorded after that signal arrived and is dated on or after its day of
 * arrival (Europe/Amsterdam): an acceptance that happened before the partner's own signal is not about it. The latest
 * such acceptance over the report's signals wins.
 */
export async function terugkoppeling(db: Tx, meldingIds: string[]) {
  const uit = new Map<string, { hulpGeaccepteerdOp: string; opschortingTot: string }>();
  if (meldingIds.length === 0) return uit;
  const rows = await db
    .selectFrom('vroegsignalen')
    .innerJoin('vroegsignaalzaken', 'vroegsignaalzaken.id', 'vroegsignalen.zaak_id')
    .select([
      sql<string>`coalesce(vroegsignalen.melding_id, vroegsignalen.id)`.as('melding'),
      'vroegsignaalzaken.hulp_geaccepteerd_op',
      'vroegsignaalzaken.opschorting_tot',
    ])
    .where((eb) =>
      eb.or([
        eb('vroegsignalen.id', '=', eb.fn.any(eb.val(meldingIds))),
        eb('vroegsignalen.melding_id', '=', eb.fn.any(eb.val(meldingIds))),
      ]),
    )
    .where(HULP_NA_SIGNAAL)
    .execute();
  for (const r of rows) {
    const eerder = uit.get(r.melding);
    if (!eerder || r.hulp_geaccepteerd_op! > eerder.hulpGeaccepteerdOp)
      uit.set(r.melding, { hulpGeaccepteerdOp: r.hulp_geaccepteerd_op!, opschortingTot: r.opschorting_tot! });
  }
  return uit;
}

// --- The municipality's policy plan (LCV art. 3.7) ---

export async function beleidsplan(db: Tx, gemeentecode: string) {
  return db
    .selectFrom('gemeente_beleidsplannen')
    .select(['crisis_eerst', 'sectoren', 'bedrag_vanaf', 'bijgewerkt_op'])
    .where('gemeentecode', '=', gemeentecode)
    .executeTakeFirst();
}

export async function zetBeleidsplan(
  db: Tx,
  gemeentecode: string,
  v: {
    crisis_eerst: boolean;
    sectoren: Database['gemeente_beleidsplannen']['sectoren']['__insert__'];
    bedrag_vanaf: number | null;
    bijgewerkt_door: string | null;
  },
) {
  await db
    .insertInto('gemeente_beleidsplannen')
    .values({ gemeentecode, ...v })
    .onConflict((oc) => oc.column('gemeentecode').doUpdateSet({ ...v, bijgewerkt_op: new Date() }))
    .execute();
}
