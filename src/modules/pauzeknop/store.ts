import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AanmeldingStatus } from './vocabulaire.ts';

type Db = Kysely<Database>;
export type AanmeldingRij = Selectable<Database['pauzeknop_aanmeldingen']>;

// --- Logins under way ---

export const bewaarInlogpoging = (
  db: Db,
  p: { state: string; nonce: string; codeVerifier: string; browserHash: string },
) =>
  db
    .insertInto('pauzeknop_inlogpogingen')
    .values({ state: p.state, nonce: p.nonce, code_verifier: p.codeVerifier, browser_hash: p.browserHash })
    .execute();

/** Takes a login attempt (once: it is deleted as it is read). */
export const neemInlogpoging = (db: Db, state: string) =>
  db.deleteFrom('pauzeknop_inlogpogingen').where('state', '=', state).returningAll().executeTakeFirst();

// --- Resident sessions ---

export const maakSessie = (db: Db, s: { id: string; pseudoniem: Uint8Array; sleutelId: string; verlooptOp: Date }) =>
  db
    .insertInto('pauzeknop_sessies')
    .values({ id: s.id, bsn_pseudoniem: s.pseudoniem, sleutel_id: s.sleutelId, verloopt_op: s.verlooptOp })
    .execute();

export const sessie = (db: Db, id: string) =>
  db.selectFrom('pauzeknop_sessies').selectAll().where('id', '=', id).executeTakeFirst();

export const beeindigSessie = (db: Db, id: string, nu: Date) =>
  db.updateTable('pauzeknop_sessies').set({ ingetrokken_op: nu }).where('id', '=', id).execute();

// --- Requests ---

export async function maakAanmelding(
  db: Db,
  a: {
    pseudoniem: Uint8Array;
    sleutelId: string;
    gemeentecode: string;
    postcode: string;
    huisnummer: number;
    telefoon: string | null;
    email: string | null;
    schuldeisers: Array<{ naam: string; kenmerk: string | null }>;
    dreigingen: string[];
    toestemmingVersie: string;
    nu: Date;
    deadline: string;
  },
) {
  return db
    .insertInto('pauzeknop_aanmeldingen')
    .values({
      bsn_pseudoniem: a.pseudoniem,
      sleutel_id: a.sleutelId,
      gemeentecode: a.gemeentecode,
      postcode: a.postcode,
      huisnummer: a.huisnummer,
      telefoon: a.telefoon,
      email: a.email,
      schuldeisers: JSON.stringify(a.schuldeisers),
      dreigingen: a.dreigingen,
      toestemming_versie: a.toestemmingVersie,
      toestemming_op: a.nu,
      ontvangen_op: a.nu,
      deadline: a.deadline,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A resident's own requests: by pseudonym under the key it was stored with. */
export const vanInwoner = (db: Db, pseudoniem: Uint8Array, sleutelId: string) =>
  db
    .selectFrom('pauzeknop_aanmeldingen')
    .selectAll()
    .where('bsn_pseudoniem', '=', pseudoniem)
    .where('sleutel_id', '=', sleutelId)
    .orderBy('ontvangen_op', 'desc')
    .execute();

export const vanGemeente = (db: Db, gemeentecode: string) =>
  db
    .selectFrom('pauzeknop_aanmeldingen')
    .selectAll()
    .where('gemeentecode', '=', gemeentecode)
    .orderBy('deadline')
    .orderBy('ontvangen_op')
    .execute();

export const aanmelding = (db: Db, id: string, gemeentecode: string) =>
  db
    .selectFrom('pauzeknop_aanmeldingen')
    .selectAll()
    .where('id', '=', id)
    .where('gemeentecode', '=', gemeentecode)
    .executeTakeFirst();

/** A state change, only from the expected state (a concurrent change makes it return nothing). */
export const zetStatus = (
  db: Db,
  id: string,
  van: AanmeldingStatus,
  waarden: Partial<{
    status: AanmeldingStatus;
    behandelaar_id: string | null;
    opgepakt_op: Date;
    contact_op: Date;
    contact_soort: string;
  }>,
) =>
  db
    .updateTable('pauzeknop_aanmeldingen')
    .set(waarden)
    .where('id', '=', id)
    .where('status', '=', van)
    .returningAll()
    .executeTakeFirst();

/** Gemeentenamen for codes. */
export const gemeentenaam = async (db: Db, code: string) =>
  (await db.selectFrom('gemeenten').select('naam').where('gemeentecode', '=', code).executeTakeFirst())?.naam ?? code;
