import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, SignaalStatus } from '../../db/schema.ts';

type Tx = Kysely<Database>;

/** Statuses in which a signal is "open": a new report for the same partner + address + sector updates it. */
export const OPEN: SignaalStatus[] = ['nieuw', 'in-behandeling', 'niet-oppakken'];

export async function leveringMetSleutel(db: Tx, partnerId: string, sleutel: string) {
  return db.selectFrom('vroegsignaal_leveringen').select(['id', 'verzoek_hash', 'rapport'])
    .where('partner_id', '=', partnerId).where('idempotentie_sleutel', '=', sleutel).executeTakeFirst();
}

export async function startLevering(db: Tx, v: Insertable<Database['vroegsignaal_leveringen']>) {
  return db.insertInto('vroegsignaal_leveringen').values(v).returning(['id', 'ontvangen_op']).executeTakeFirstOrThrow();
}

export async function bewaarRapport(db: Tx, id: string, rapport: unknown) {
  await db.updateTable('vroegsignaal_leveringen').set({ rapport: JSON.stringify(rapport) }).where('id', '=', id).execute();
}

export async function leveringen(db: Tx, partnerId: string, limit = 50) {
  return db.selectFrom('vroegsignaal_leveringen').select(['id', 'bron', 'bestandsnaam', 'ontvangen_op', 'rapport'])
    .where('partner_id', '=', partnerId).orderBy('ontvangen_op', 'desc').limit(limit).execute();
}

export async function levering(db: Tx, partnerId: string, id: string) {
  return db.selectFrom('vroegsignaal_leveringen').select(['id', 'bron', 'bestandsnaam', 'ontvangen_op', 'rapport'])
    .where('partner_id', '=', partnerId).where('id', '=', id).executeTakeFirst();
}

/** Insert, or update the open signal for the same partner + address + sector (a repeat). */
export async function upsertSignalen(db: Tx, rows: Insertable<Database['vroegsignalen']>[]) {
  const uit: { id: string; gemeentecode: string; nieuw: boolean }[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const r = await db.insertInto('vroegsignalen').values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['partner_id', 'adres_sleutel', 'sector']).where('status', 'in', OPEN).doUpdateSet({
        bedrag_achterstand: sql`excluded.bedrag_achterstand`,
        maanden_achterstand: sql`excluded.maanden_achterstand`,
        vervaldatum: sql`excluded.vervaldatum`,
        levering_id: sql`excluded.levering_id`,
        herhalingen: sql`vroegsignalen.herhalingen + 1`,
        laatste_melding_op: sql`now()`,
      }))
      .returning(['id', 'gemeentecode', sql<boolean>`(xmax::text = '0')`.as('nieuw')])
      .execute();
    uit.push(...r);
  }
  return uit;
}

export async function bezwaren(db: Tx, adresSleutels: string[]) {
  if (adresSleutels.length === 0) return [];
  return db.selectFrom('vroegsignaal_bezwaren').select(['gemeentecode', 'adres_sleutel', 'achternaam_sleutel'])
    .where('adres_sleutel', 'in', adresSleutels).execute();
}

export async function maakBezwaar(db: Tx, v: Insertable<Database['vroegsignaal_bezwaren']>) {
  return db.insertInto('vroegsignaal_bezwaren').values(v)
    .onConflict((oc) => oc.columns(['gemeentecode', 'adres_sleutel', 'achternaam_sleutel']).doUpdateSet({ geregistreerd_op: sql`now()` }))
    .returning(['id', 'geregistreerd_op']).executeTakeFirstOrThrow();
}

export async function lijstBezwaren(db: Tx, gemeentecode: string) {
  return db.selectFrom('vroegsignaal_bezwaren').select(['id', 'adres_sleutel', 'geregistreerd_op'])
    .where('gemeentecode', '=', gemeentecode).orderBy('geregistreerd_op', 'desc').execute();
}

export async function verwijderBezwaar(db: Tx, gemeentecode: string, id: string) {
  const r = await db.deleteFrom('vroegsignaal_bezwaren').where('gemeentecode', '=', gemeentecode).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

const PARTNER_VELDEN = [
  'id', 'gemeentecode', 'sector', 'status', 'achternaam', 'voorletters', 'straatnaam', 'huisnummer', 'toevoeging', 'postcode', 'woonplaats',
  'telefoon1', 'telefoon2', 'telefoon3', 'email', 'maanden_achterstand', 'bedrag_achterstand', 'vervaldatum', 'klantnummer',
  'herhalingen', 'ontvangen_op', 'laatste_melding_op',
] as const;

export async function signalenVanPartner(db: Tx, partnerId: string, v: { limit: number; offset: number; klantnummer?: string | undefined }) {
  let q = db.selectFrom('vroegsignalen').select(PARTNER_VELDEN).where('partner_id', '=', partnerId);
  if (v.klantnummer) q = q.where('klantnummer', '=', v.klantnummer);
  return q.orderBy('ontvangen_op', 'desc').orderBy('id').limit(v.limit).offset(v.offset).execute();
}

export async function signaalVanPartner(db: Tx, partnerId: string, id: string) {
  return db.selectFrom('vroegsignalen').select(PARTNER_VELDEN).where('partner_id', '=', partnerId).where('id', '=', id).executeTakeFirst();
}

/** Open signals of a partner matching a customer number or an address key. */
export async function zoekOpen(db: Tx, partnerId: string, v: { klantnummer?: string; adresSleutel?: string }) {
  let q = db.selectFrom('vroegsignalen').select(['id', 'status']).where('partner_id', '=', partnerId)
    .where('status', 'in', [...OPEN, 'intrekking-gevraagd']);
  if (v.klantnummer) q = q.where('klantnummer', '=', v.klantnummer);
  if (v.adresSleutel) q = q.where('adres_sleutel', '=', v.adresSleutel);
  return q.execute();
}

/**
 * Withdrawal: not yet picked up ('nieuw', 'niet-oppakken') -> deleted; being worked -> 'intrekking-gevraagd'.
 * The row is locked so a concurrent pick-up cannot slip between read and write.
 */
export async function trekIn(db: Tx, partnerId: string, id: string): Promise<'verwijderd' | 'intrekking-gevraagd' | null> {
  return db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('vroegsignalen').select(['status']).where('partner_id', '=', partnerId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!s) return null;
    if (s.status === 'nieuw' || s.status === 'niet-oppakken') {
      await tx.deleteFrom('vroegsignalen').where('id', '=', id).execute();
      return 'verwijderd';
    }
    if (s.status === 'in-behandeling') {
      await tx.updateTable('vroegsignalen').set({ status: 'intrekking-gevraagd', intrekking_gevraagd_op: new Date() }).where('id', '=', id).execute();
    }
    return 'intrekking-gevraagd';
  });
}
