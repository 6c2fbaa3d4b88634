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

/** Columns written by the intake, with their PostgreSQL types (one array parameter each). */
const SIGNAAL_KOLOMMEN = {
  partner_id: 'uuid', convenant_id: 'uuid', gemeentecode: 'text', levering_id: 'uuid', sector: 'text', opdrachtgever_id: 'uuid',
  status: 'text', status_reden: 'text', adres_sleutel: 'text', achternaam: 'text', voorletters: 'text', straatnaam: 'text',
  huisnummer: 'integer', toevoeging: 'text', postcode: 'text', woonplaats: 'text', telefoon1: 'text', telefoon2: 'text', telefoon3: 'text',
  email: 'text', maanden_achterstand: 'numeric', bedrag_achterstand: 'numeric', vervaldatum: 'date', klantnummer: 'text',
  herinnering_verstuurd: 'boolean', contact_gezocht: 'boolean', schuldhulp_genoemd: 'boolean', gegevensoverdracht_aangeboden: 'boolean',
  crisissignaal: 'boolean',
} as const;
export type NieuwSignaal = { [K in keyof typeof SIGNAAL_KOLOMMEN]: Insertable<Database['vroegsignalen']>[K] | null };
const UPSERT_BLOK = 5000;

/**
 * Insert, or update the open signal for the same partner + address + sector (a repeat). One statement per
 * 5,000 rows with one array parameter per column (unnest): the statement stays small whatever the batch,
 * and there is no limit of 65,535 bind parameters. Rows must not repeat partner + address + sector.
 */
export async function upsertSignalen(db: Tx, rows: NieuwSignaal[]) {
  const uit: { id: string; gemeentecode: string; nieuw: boolean }[] = [];
  const kolommen = Object.keys(SIGNAAL_KOLOMMEN) as (keyof typeof SIGNAAL_KOLOMMEN)[];
  for (let i = 0; i < rows.length; i += UPSERT_BLOK) {
    const blok = rows.slice(i, i + UPSERT_BLOK);
    const arrays = kolommen.map((k) => sql`${blok.map((r) => r[k] ?? null)}::${sql.raw(SIGNAAL_KOLOMMEN[k])}[]`);
    const r = await sql<{ id: string; gemeentecode: string; nieuw: boolean }>`
      INSERT INTO vroegsignalen (${sql.join(kolommen.map((k) => sql.ref(k)))})
      SELECT * FROM unnest(${sql.join(arrays)})
      ON CONFLICT (partner_id, adres_sleutel, sector) WHERE status IN ('nieuw', 'in-behandeling', 'niet-oppakken') DO UPDATE SET
        bedrag_achterstand = excluded.bedrag_achterstand,
        maanden_achterstand = excluded.maanden_achterstand,
        vervaldatum = excluded.vervaldatum,
        levering_id = excluded.levering_id,
        herhalingen = vroegsignalen.herhalingen + 1,
        crisissignaal = vroegsignalen.crisissignaal OR excluded.crisissignaal,
        laatste_melding_op = now()
      RETURNING id, gemeentecode, (xmax::text = '0') AS nieuw`.execute(db);
    for (const x of r.rows) uit.push(x);
  }
  return uit;
}

/** Objections registered for any of these addresses (one array parameter, however many addresses). */
export async function bezwaren(db: Tx, adresSleutels: string[]) {
  if (adresSleutels.length === 0) return [];
  return db.selectFrom('vroegsignaal_bezwaren').select(['gemeentecode', 'adres_sleutel', 'achternaam_sleutel'])
    .where(sql<boolean>`adres_sleutel = any(${[...new Set(adresSleutels)]}::text[])`).execute();
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

/** What the partner still sees: a withdrawn signal is gone for it, deleted or not (the municipality's handling never shows). */
export async function signalenVanPartner(db: Tx, partnerId: string, v: { limit: number; offset: number; klantnummer?: string | undefined }) {
  let q = db.selectFrom('vroegsignalen').select(PARTNER_VELDEN).where('partner_id', '=', partnerId).where('intrekking_gevraagd_op', 'is', null);
  if (v.klantnummer) q = q.where('klantnummer', '=', v.klantnummer);
  return q.orderBy('ontvangen_op', 'desc').orderBy('id').limit(v.limit).offset(v.offset).execute();
}

export async function signaalVanPartner(db: Tx, partnerId: string, id: string) {
  return db.selectFrom('vroegsignalen').select(PARTNER_VELDEN).where('partner_id', '=', partnerId).where('id', '=', id)
    .where('intrekking_gevraagd_op', 'is', null).executeTakeFirst();
}

/** Open signals of a partner matching a customer number or an address key. */
export async function zoekOpen(db: Tx, partnerId: string, v: { klantnummer?: string; adresSleutel?: string }) {
  let q = db.selectFrom('vroegsignalen').select(['id', 'status']).where('partner_id', '=', partnerId)
    .where('intrekking_gevraagd_op', 'is', null);
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
    const s = await tx.selectFrom('vroegsignalen').select(['status']).where('partner_id', '=', partnerId).where('id', '=', id)
      .where('intrekking_gevraagd_op', 'is', null).forUpdate().executeTakeFirst();
    if (!s) return null;
    if (s.status === 'nieuw' || s.status === 'niet-oppakken') {
      await tx.deleteFrom('vroegsignalen').where('id', '=', id).execute();
      return 'verwijderd';
    }
    // Being worked: the municipality is asked to stop. Already handled: only the date, so it disappears for the partner.
    await tx.updateTable('vroegsignalen').set({ status: s.status === 'in-behandeling' ? 'intrekking-gevraagd' : s.status, intrekking_gevraagd_op: new Date() })
      .where('id', '=', id).execute();
    return 'intrekking-gevraagd';
  });
}
