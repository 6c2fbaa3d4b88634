import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { INTREKKING } from './signaalstatus.ts';

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

export async function signalenVanPartner(
  db: Tx,
  partnerId: string,
  venster: Date,
  v: { limit: number; offset: number; klantnummer?: string | undefined },
) {
  let q = meldingen(db, partnerId, venster);
  if (v.klantnummer) q = q.where('klantnummer', '=', v.klantnummer);
  return db
    .selectFrom(q.as('m'))
    .selectAll()
    .orderBy('m.eerste_op', 'desc')
    .orderBy('m.id')
    .limit(v.limit)
    .offset(v.offset)
    .execute();
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
