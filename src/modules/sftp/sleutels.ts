/** A signal partner's SFTP public keys: add, list, revoke; and the lookup the SFTP login uses. */
import { createHash, createPublicKey } from 'node:crypto';
import ssh2, { type ParsedKey } from 'ssh2';

const { utils } = ssh2; // CommonJS package: named imports fail under plain Node ESM
import type { Kysely } from 'kysely';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';

const TYPES = new Set(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa']);
const MIN_RSA_BITS = 3072;

/** 'SHA256:<base64 without padding>' over the key blob, as `ssh-keygen -l` prints it. */
export const vingerafdruk = (blob: Buffer) =>
  `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

/** Parses one OpenSSH public key line; returns the canonical form (type + blob, no comment) or throws a Dutch 400. */
export function leesPubliekeSleutel(tekst: string): { key: ParsedKey; canoniek: string; vingerafdruk: string } {
  const parsed = utils.parseKey(tekst.trim());
  const key = Array.isArray(parsed) ? undefined : parsed;
  if (!key || key instanceof Error || Array.isArray(parsed)) {
    throw invalidInput(
      'Dit is geen geldige publieke SSH-sleutel. Geef één regel in OpenSSH-formaat, zoals in id_ed25519.pub.',
    );
  }
  if (key.isPrivateKey())
    throw invalidInput(
      'Dit is een privésleutel. Stuur alleen de publieke sleutel (het .pub-bestand) en houd de privésleutel geheim.',
    );
  if (!TYPES.has(key.type))
    throw invalidInput(
      `Sleuteltype '${key.type}' wordt niet ondersteund: gebruik ed25519, ECDSA of RSA (minstens ${MIN_RSA_BITS} bits).`,
    );
  if (
    key.type === 'ssh-rsa' &&
    (createPublicKey(key.getPublicPEM()).asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS
  ) {
    throw invalidInput(`Een RSA-sleutel moet minstens ${MIN_RSA_BITS} bits zijn; ed25519 heeft de voorkeur.`);
  }
  const blob = key.getPublicSSH();
  return { key, canoniek: `${key.type} ${blob.toString('base64')}`, vingerafdruk: vingerafdruk(blob) };
}

const toon = (r: {
  id: string;
  vingerafdruk: string;
  publieke_sleutel: string;
  omschrijving: string;
  aangemaakt_op: Date;
  ingetrokken_op: Date | null;
}) => ({
  id: r.id,
  type: r.publieke_sleutel.split(' ')[0] ?? '',
  vingerafdruk: r.vingerafdruk,
  omschrijving: r.omschrijving,
  aangemaaktOp: r.aangemaakt_op,
  ingetrokkenOp: r.ingetrokken_op,
});

export async function voegSleutelToe(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  v: { publiekeSleutel: string; omschrijving: string },
) {
  const k = leesPubliekeSleutel(v.publiekeSleutel);
  const bestaat = await ctx.db.kysely
    .selectFrom('sftp_sleutels')
    .select('id')
    .where('vingerafdruk', '=', k.vingerafdruk)
    .where('ingetrokken_op', 'is', null)
    .executeTakeFirst();
  if (bestaat)
    throw new AppError(
      409,
      'sleutel_bestaat',
      'Deze publieke sleutel is al geregistreerd. Gebruik per organisatie een eigen sleutel.',
    );
  const row = await ctx.db.kysely
    .insertInto('sftp_sleutels')
    .values({
      organisatie_id: organisatieId,
      publieke_sleutel: k.canoniek,
      vingerafdruk: k.vingerafdruk,
      omschrijving: v.omschrijving,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.audit.schrijf({
    actor,
    actie: 'sftp-sleutel.toevoegen',
    onderwerp: row.id,
    resultaat: 'ok',
    details: { vingerafdruk: k.vingerafdruk },
  });
  return toon(row);
}

export async function lijstSleutels(ctx: Context, organisatieId: string) {
  const rows = await ctx.db.kysely
    .selectFrom('sftp_sleutels')
    .selectAll()
    .where('organisatie_id', '=', organisatieId)
    .orderBy('aangemaakt_op')
    .execute();
  return rows.map(toon);
}

/** Revokes an own key; another organisation's (or an unknown) key is "not found". New logins stop at once. */
export async function trekSleutelIn(ctx: Context, actor: Actor, organisatieId: string, id: string) {
  const r = await ctx.db.kysely
    .updateTable('sftp_sleutels')
    .set({ ingetrokken_op: new Date() })
    .where('id', '=', id)
    .where('organisatie_id', '=', organisatieId)
    .where('ingetrokken_op', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw notFound();
  await ctx.audit.schrijf({ actor, actie: 'sftp-sleutel.intrekken', onderwerp: id, resultaat: 'ok' });
}

/** For the login: the organisation's non-revoked keys, only when it is an active signal partner. */
export async function geldigeSleutels(db: Kysely<Database>, organisatieId: string) {
  return db
    .selectFrom('sftp_sleutels as k')
    .innerJoin('organisaties as o', 'o.id', 'k.organisatie_id')
    .select(['k.id', 'k.publieke_sleutel'])
    .where('k.organisatie_id', '=', organisatieId)
    .where('k.ingetrokken_op', 'is', null)
    .where('o.type', '=', 'signaalpartner')
    .where('o.status', '=', 'actief')
    .execute();
}
