import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { INTREKKING } from './signaalstatus.ts';
import { HULP_NA_SIGNAAL } from './store.ts';

type Tx = Kysely<Database>;

const PARTNER_VELDEN = [
  'gemeentecode',
  'sector',
  'achternaam',
  'voorletters',
  'straatnaam',
  'huisnummer',
  'toevoeging',
  'postcode',
  'woonplaats',
  'telefoon1',
  'telefoon2',
  'telefoon3',
  'email',
  'maanden_achterstand',
  'bedrag_achterstand',
  'vervaldatum',
  'klantnummer',
  'herhalingen',
  'laatste_melding_op',
] as const;
const MELDING = sql<string>`coalesce(melding_id, id)`;

/**
 * What the partner sees: one row per report ("melding"), whatever the municipality did with it. A report is the partner's
 * signals for one address + sector: the open one, or a new one after the municipality closed the earlier one (a repeat for
 * the partner). Shown: the latest signal's data, first receipt of the report. A withdrawn report is gone for the partner,
 * deleted or not, and so is one without a report within the retention period (`venster`), kept for the municipality or not.
 */
function meldingen(db: Tx, partnerId: string, venster: Date) {
  return db
    .selectFrom('vroegsignalen')
    .where('partner_id', '=', partnerId)
    .where('intrekking_gevraagd_op', 'is', null)
    .where('laatste_melding_op', '>=', venster)
    .distinctOn(MELDING)
    .select([
      MELDING.as('id'),
      ...PARTNER_VELDEN,
      sql<Date>`min(ontvangen_op) OVER (PARTITION BY coalesce(melding_id, id))`.as('eerste_op'),
    ])
    .orderBy(MELDING)
    .orderBy('vroegsignalen.ontvangen_op', 'desc');
}

/** What the partner may filter its list on; every filter is optional. */
export interface LijstFilter {
  /** 'hulp-geaccepteerd': help accepted on one of the report's own signals (see terugkoppeling); 'ontvangen': not. */
  status?: 'ontvangen' | 'hulp-geaccepteerd' | undefined;
  gemeentecode?: string | undefined;
  /** First receipt of the report, Europe/Amsterdam days, inclusive. */
  van?: string | undefined;
  tot?: string | undefined;
  /** Matched without regard to case, spaces, dots, dashes and leading zeros ("k 00-12" finds "K12"). */
  klantnummer?: string | undefined;
}
export const SORTERINGEN = ['nieuwste', 'oudste', 'klantnummer', 'bedrag-hoog', 'bedrag-laag'] as const;
export type Sortering = (typeof SORTERINGEN)[number];

/**
 * A customer number as compared: upper case, without spaces, dots and dashes (people type "AB-12.345" as "ab12345"),
 * no leading zeros ("000" stays "0").
 */
export const KLANTNUMMER_SLEUTEL = (kolom: string) =>
  sql<string>`coalesce(nullif(ltrim(regexp_replace(upper(${sql.ref(kolom)}), '[[:space:].-]+', '', 'g'), '0'), ''), CASE WHEN ${sql.ref(kolom)} IS NULL THEN NULL ELSE '0' END)`;
export function klantnummerSleutel(k: string): string {
  const u = k
    .toUpperCase()
    .replace(/[\s.-]+/g, '')
    .replace(/^0+/, '');
  return u === '' ? '0' : u;
}

function gefilterd(db: Tx, partnerId: string, venster: Date, f: LijstFilter) {
  let q = db.selectFrom(meldingen(db, partnerId, venster).as('m')).selectAll();
  if (f.gemeentecode) q = q.where('m.gemeentecode', '=', f.gemeentecode);
  if (f.klantnummer) q = q.where(KLANTNUMMER_SLEUTEL('m.klantnummer'), '=', klantnummerSleutel(f.klantnummer));
  if (f.van) q = q.where(sql<boolean>`(m.eerste_op AT TIME ZONE 'Europe/Amsterdam')::date >= ${f.van}::date`);
  if (f.tot) q = q.where(sql<boolean>`(m.eerste_op AT TIME ZONE 'Europe/Amsterdam')::date <= ${f.tot}::date`);
  if (f.status) {
    const hulp = sql<boolean>`EXISTS (SELECT 1 FROM vroegsignalen
      JOIN vroegsignaalzaken ON vroegsignaalzaken.id = vroegsignalen.zaak_id
      WHERE (vroegsignalen.id = m.id OR vroegsignalen.melding_id = m.id) AND ${HULP_NA_SIGNAAL})`;
    q = q.where(f.status === 'hulp-geaccepteerd' ? hulp : sql<boolean>`NOT ${hulp}`);
  }
  return q;
}

export async function signalenVanPartner(
  db: Tx,
  partnerId: string,
  venster: Date,
  v: LijstFilter & { limit: number; offset: number; sorteer?: Sortering | undefined },
) {
  let q = gefilterd(db, partnerId, venster, v);
  switch (v.sorteer ?? 'nieuwste') {
    case 'nieuwste':
      q = q.orderBy('m.eerste_op', 'desc');
      break;
    case 'oudste':
      q = q.orderBy('m.eerste_op', 'asc');
      break;
    case 'klantnummer':
      // Numbers in numeric order ("9" before "10"), then the rest; no number last.
      q = q
        .orderBy(sql`length(${KLANTNUMMER_SLEUTEL('m.klantnummer')})`, sql`asc nulls last`)
        .orderBy(KLANTNUMMER_SLEUTEL('m.klantnummer'));
      break;
    case 'bedrag-hoog':
      q = q.orderBy('m.bedrag_achterstand', 'desc');
      break;
    case 'bedrag-laag':
      q = q.orderBy('m.bedrag_achterstand', 'asc');
      break;
  }
  return q.orderBy('m.eerste_op', 'desc').orderBy('m.id').limit(v.limit).offset(v.offset).execute();
}

/** Counts for the partner's list under the same filters: all, and split by what the partner may see. */
export async function telSignalenVanPartner(db: Tx, partnerId: string, venster: Date, f: LijstFilter) {
  const alle = await db
    .selectFrom(gefilterd(db, partnerId, venster, { ...f, status: undefined }).as('g'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const hulp = await db
    .selectFrom(gefilterd(db, partnerId, venster, { ...f, status: 'hulp-geaccepteerd' }).as('g'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const hulpGeaccepteerd = Number(hulp.n);
  const ontvangen = Number(alle.n) - hulpGeaccepteerd;
  const totaal =
    f.status === 'hulp-geaccepteerd' ? hulpGeaccepteerd : f.status === 'ontvangen' ? ontvangen : Number(alle.n);
  return { totaal, ontvangen, hulpGeaccepteerd };
}

export async function signaalVanPartner(db: Tx, partnerId: string, venster: Date, id: string) {
  return meldingen(db, partnerId, venster)
    .where((eb) => eb.or([eb('id', '=', id), eb('melding_id', '=', id)]))
    .executeTakeFirst();
}

/** The partner's reports (ids) with an open or recent signal matching a customer number or an address key. */
export async function zoekMeldingen(
  db: Tx,
  partnerId: string,
  venster: Date,
  v: { klantnummer?: string; adresSleutel?: string },
) {
  let q = db
    .selectFrom('vroegsignalen')
    .select(MELDING.as('id'))
    .distinct()
    .where('partner_id', '=', partnerId)
    .where('intrekking_gevraagd_op', 'is', null)
    .where('laatste_melding_op', '>=', venster);
  if (v.klantnummer) q = q.where('klantnummer', '=', v.klantnummer);
  if (v.adresSleutel) q = q.where('adres_sleutel', '=', v.adresSleutel);
  return q.execute();
}

/**
 * Withdrawal of a report, per signal in it: not yet picked up ('nieuw', 'niet-oppakken') -> deleted; being worked ->
 * 'intrekking-gevraagd'; handled -> only the date, so it disappears for the partner. The rows are locked so a concurrent
 * pick-up cannot slip between read and write. Null when the partner has no such report.
 */
export async function trekIn(
  db: Tx,
  partnerId: string,
  venster: Date,
  id: string,
): Promise<'verwijderd' | 'intrekking-gevraagd' | null> {
  return db.transaction().execute(async (tx) => {
    const signalen = await tx
      .selectFrom('vroegsignalen')
      .select(['id', 'status', 'laatste_melding_op'])
      .where('partner_id', '=', partnerId)
      .where((eb) => eb.or([eb('id', '=', id), eb('melding_id', '=', id)]))
      .where('intrekking_gevraagd_op', 'is', null)
      .forUpdate()
      .execute();
    if (!signalen.some((s) => new Date(s.laatste_melding_op) >= venster)) return null;
    const weg = signalen.filter((s) => INTREKKING.verwijderd.includes(s.status)).map((s) => s.id);
    if (weg.length > 0) await tx.deleteFrom('vroegsignalen').where('id', 'in', weg).execute();
    const rest = signalen.filter((s) => !weg.includes(s.id));
    for (const s of rest) {
      await tx
        .updateTable('vroegsignalen')
        .set({
          status: s.status === INTREKKING.stopVerzocht.van ? INTREKKING.stopVerzocht.naar : s.status,
          intrekking_gevraagd_op: new Date(),
        })
        .where('id', '=', s.id)
        .execute();
    }
    return rest.length > 0 ? 'intrekking-gevraagd' : 'verwijderd';
  });
}

/**
 * Subject access (AVG art. 15), this module's part: the signals at an address for a surname (key). `beperkt`: only
 * those delivered by this organisation or for this municipality.
 */
export async function signalenVoorInzage(
  db: Tx,
  adresSleutel: string,
  beperkt: { organisatieId: string; gemeentecode: string | null } | null,
) {
  let q = db
    .selectFrom('vroegsignalen')
    .select(['id', 'partner_id', 'gemeentecode', 'ontvangen_op', 'achternaam'])
    .where('adres_sleutel', '=', adresSleutel);
  if (beperkt)
    q = q.where((eb) =>
      eb.or([
        eb('partner_id', '=', beperkt.organisatieId),
        ...(beperkt.gemeentecode ? [eb('gemeentecode', '=', beperkt.gemeentecode)] : []),
      ]),
    );
  return q.execute();
}
