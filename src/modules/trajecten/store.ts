import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, VishFeedRegel } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type NieuwTraject = Insertable<Database['trajecten']>;
export type TrajectWijziging = Updateable<Database['trajecten']>;

/** Columns a reader of one's own trajectory gets (the pseudonym never leaves the database layer). */
const KOLOMMEN = [
  'id',
  'organisatie_id',
  'extern_id',
  'bsn_versleuteld',
  'partner_bsn_versleuteld',
  'achternaam',
  'voorletters',
  'postcode',
  'huisnummer',
  'toevoeging',
  'gemeentecode',
  'consulent_gebruiker_id',
  'consulent_naam',
  'consulent_telefoon',
  'consulent_email',
  'ondernemer',
  'fase',
  'startdatum',
  'einddatum',
  'uitstroomreden',
  'toegelaten',
  'vish_keuze',
  'ddas',
  'aangemaakt_op',
  'bijgewerkt_op',
  'geanonimiseerd_op',
] as const;

export async function voegToe(db: Db, t: NieuwTraject) {
  return db.insertInto('trajecten').values(t).returning('id').executeTakeFirstOrThrow();
}

/** Updates an own, not anonymised trajectory; false when there is none. */
export async function werkBij(db: Db, organisatieId: string, id: string, v: TrajectWijziging): Promise<boolean> {
  const r = await db
    .updateTable('trajecten')
    .set({ ...v, bijgewerkt_op: new Date() })
    .where('organisatie_id', '=', organisatieId)
    .where('id', '=', id)
    .where('geanonimiseerd_op', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** One trajectory of this organisation; another organisation's id finds nothing. */
export async function vanOrganisatie(db: Db, organisatieId: string, id: string) {
  return db
    .selectFrom('trajecten')
    .select(KOLOMMEN)
    .where('organisatie_id', '=', organisatieId)
    .where('id', '=', id)
    .executeTakeFirst();
}
export type TrajectRij = NonNullable<Awaited<ReturnType<typeof vanOrganisatie>>>;

/** How the list can be ordered (Dutch names, as the API offers them). */
export const SORTERINGEN = ['nieuwste', 'startdatum', 'achternaam', 'dossier', 'fase'] as const;
export type Sortering = (typeof SORTERINGEN)[number];

export interface LijstFilter {
  limit: number;
  offset: number;
  status?: 'open' | 'gesloten' | undefined;
  /** Part of the surname, case number, postcode or counsellor's name (names are stored in plain text). */
  zoek?: string | undefined;
  sorteer?: Sortering | undefined;
  aflopend?: boolean | undefined;
}

const escapeLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

export async function lijst(db: Db, organisatieId: string, v: LijstFilter) {
  const zoek = v.zoek?.trim();
  const postcode = zoek?.replace(/\s+/g, '').toUpperCase();
  const basis = db
    .selectFrom('trajecten')
    .where('organisatie_id', '=', organisatieId)
    .$if(v.status === 'open', (q) => q.where('einddatum', 'is', null))
    .$if(v.status === 'gesloten', (q) => q.where('einddatum', 'is not', null))
    .$if(!!zoek, (q) =>
      q.where((eb) =>
        eb.or([
          eb('achternaam', 'ilike', `%${escapeLike(zoek!)}%`),
          eb('extern_id', 'ilike', `%${escapeLike(zoek!)}%`),
          eb('consulent_naam', 'ilike', `%${escapeLike(zoek!)}%`),
          eb('postcode', 'like', `${escapeLike(postcode!)}%`),
        ]),
      ),
    );
  const richting = v.aflopend ? 'desc' : 'asc';
  const kolom = {
    nieuwste: 'aangemaakt_op',
    startdatum: 'startdatum',
    // Dutch order: 'de Vries' under V (the comparison key leaves out tussenvoegsels and case).
    achternaam: 'achternaam_sleutel',
    dossier: 'extern_id',
    fase: 'fase',
  } as const;
  const sorteer = v.sorteer ?? 'nieuwste';
  const [rijen, telling] = await Promise.all([
    basis
      .select(KOLOMMEN)
      .orderBy(kolom[sorteer], sorteer === 'nieuwste' ? 'desc' : richting)
      .orderBy('id')
      .limit(v.limit)
      .offset(v.offset)
      .execute(),
    basis.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rijen, totaal: Number(telling.n) };
}

/**
 * Early-signal cases routed to this trajectory as a relapse (read only; the cases belong to signaalzaken).
 * The caller checked that the trajectory is its own.
 */
export async function terugvalZaken(db: Db, trajectId: string) {
  return db
    .selectFrom('vroegsignaalzaken')
    .select(['id', 'organisatie_id', 'status', 'ontvangen_op', 'terugval_regel', 'afgesloten_op'])
    .where('terugval_traject_id', '=', trajectId)
    .orderBy('ontvangen_op', 'desc')
    .limit(100)
    .execute();
}

export async function metExternId(db: Db, organisatieId: string, externIds: string[]) {
  if (externIds.length === 0) return [];
  return db
    .selectFrom('trajecten')
    .select(KOLOMMEN)
    .where('organisatie_id', '=', organisatieId)
    .where('extern_id', 'in', externIds)
    .execute();
}

export async function consulentBestaat(db: Db, organisatieId: string, gebruikerId: string): Promise<boolean> {
  const r = await db
    .selectFrom('gebruikers')
    .select('id')
    .where('id', '=', gebruikerId)
    .where('organisatie_id', '=', organisatieId)
    .executeTakeFirst();
  return !!r;
}

/** Open trajectories that go to VISH under the organisation's rule and each trajectory's own choice. */
export async function voorVish(db: Db, organisatieId: string, regel: VishFeedRegel) {
  return db
    .selectFrom('trajecten')
    .select(['id', 'bsn_versleuteld', 'consulent_naam', 'consulent_telefoon', 'consulent_email', 'fase', 'startdatum'])
    .where('organisatie_id', '=', organisatieId)
    .where('einddatum', 'is', null)
    .where('geanonimiseerd_op', 'is', null)
    .where((eb) =>
      eb.or([
        eb('vish_keuze', '=', 'altijd'),
        eb.and([
          eb('vish_keuze', '=', 'standaard'),
          regel === 'alle-open'
            ? eb.val(true)
            : regel === 'vanaf-toelating'
              ? eb('toegelaten', '=', true)
              : eb.val(false),
        ]),
      ]),
    )
    .orderBy('startdatum')
    .orderBy('id')
    .execute();
}

export async function feed(db: Db, organisatieId: string) {
  return db.selectFrom('traject_vish_feeds').selectAll().where('organisatie_id', '=', organisatieId).executeTakeFirst();
}

export async function zetFeed(
  db: Db,
  organisatieId: string,
  v: Omit<Insertable<Database['traject_vish_feeds']>, 'organisatie_id'>,
) {
  await db
    .insertInto('traject_vish_feeds')
    .values({ organisatie_id: organisatieId, ...v })
    .onConflict((oc) => oc.column('organisatie_id').doUpdateSet(v))
    .execute();
}

/** Organisations whose feed is due: they have trajectories, did not switch the feed off, and last ran before `voor`. */
export async function feedsTeDoen(db: Db, voor: Date) {
  return db
    .selectFrom('organisaties as o')
    .leftJoin('traject_vish_feeds as f', 'f.organisatie_id', 'o.id')
    .select(['o.id', 'o.naam'])
    .where('o.status', '=', 'actief')
    .where(sql<boolean>`exists (select 1 from trajecten t where t.organisatie_id = o.id)`)
    .where((eb) => eb.or([eb('f.actief', 'is', null), eb('f.actief', '=', true)]))
    .where((eb) => eb.or([eb('f.laatste_run_op', 'is', null), eb('f.laatste_run_op', '<', voor)]))
    .orderBy('o.naam')
    .execute();
}

/**
 * Relapse check: open trajectories and those closed on or after `geslotenSinds`, at any of the given
 * addresses (postcode + house number), in one statement for the whole batch.
 */
export async function opAdressen(db: Db, adressen: { postcode: string; huisnummer: number }[], geslotenSinds: string) {
  if (adressen.length === 0) return [];
  const pcs = adressen.map((a) => a.postcode);
  const nrs = adressen.map((a) => a.huisnummer);
  return db
    .selectFrom('trajecten as t')
    .innerJoin(
      sql<{
        postcode: string;
        huisnummer: number;
      }>`(select distinct x.postcode, x.huisnummer from unnest(${pcs}::text[], ${nrs}::integer[]) as x(postcode, huisnummer))`.as(
        'a',
      ),
      (j) => j.onRef('a.postcode', '=', 't.postcode').onRef('a.huisnummer', '=', 't.huisnummer'),
    )
    .select([
      't.id',
      't.organisatie_id',
      't.consulent_gebruiker_id',
      't.postcode',
      't.huisnummer',
      't.toevoeging',
      't.achternaam',
      't.voorletters',
      't.einddatum',
    ])
    .where('t.geanonimiseerd_op', 'is', null)
    .where((eb) => eb.or([eb('t.einddatum', 'is', null), eb('t.einddatum', '>=', geslotenSinds)]))
    .execute();
}

/** Closed trajectories whose retention ended: closed on or before the cut-off for their kind. */
export async function teAnonimiseren(db: Db, grens: string, grensOndernemer: string) {
  return db
    .selectFrom('trajecten')
    .select(['id', 'organisatie_id', 'ddas'])
    .where('geanonimiseerd_op', 'is', null)
    .where('einddatum', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('ondernemer', '=', false), eb('einddatum', '<=', grens)]),
        eb.and([eb('ondernemer', '=', true), eb('einddatum', '<=', grensOndernemer)]),
      ]),
    )
    .orderBy('einddatum')
    .limit(5000)
    .execute();
}

/** Destroys every personal field; phases, dates, municipality and exit reason stay for the statistics. */
export async function anonimiseer(db: Db, id: string, ddas: string) {
  await db
    .updateTable('trajecten')
    .set({
      bsn_pseudoniem: null,
      sleutel_id: null,
      bsn_versleuteld: null,
      partner_bsn_versleuteld: null,
      achternaam: null,
      voorletters: null,
      achternaam_sleutel: null,
      postcode: null,
      huisnummer: null,
      toevoeging: null,
      extern_id: null,
      consulent_gebruiker_id: null,
      consulent_naam: null,
      consulent_telefoon: null,
      consulent_email: null,
      ddas,
      geanonimiseerd_op: new Date(),
      bijgewerkt_op: new Date(),
    })
    .where('id', '=', id)
    .where('geanonimiseerd_op', 'is', null)
    .execute();
}

/** Trajectories whose pseudonym was made under another key than the current one (after key rotation). */
export async function metAndereSleutel(db: Db, huidigeSleutel: string, limit: number) {
  return db
    .selectFrom('trajecten')
    .select(['id', 'organisatie_id', 'bsn_versleuteld'])
    .where('geanonimiseerd_op', 'is', null)
    .where('sleutel_id', '<>', huidigeSleutel)
    .limit(limit)
    .execute();
}

export async function zetPseudoniem(db: Db, id: string, pseudoniem: Uint8Array, sleutelId: string) {
  await db
    .updateTable('trajecten')
    .set({ bsn_pseudoniem: pseudoniem, sleutel_id: sleutelId })
    .where('id', '=', id)
    .execute();
}
