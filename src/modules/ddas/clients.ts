import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sleutelUitDatamap } from '../../shared/sleutelbestand.ts';
import { join } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Context } from '../../context.ts';
import { invalidInput } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import * as store from './store.ts';

/** One scope per model: a token for early signals does not open debt-help data, and the other way round. */
export const SCOPES = ['ddas-vs', 'ddas-shv'] as const;
export type Scope = (typeof SCOPES)[number];
/** The scope DDAS-VS.yaml / DDAS-SHV.yaml name: read access to every model the client is registered for. */
export const SPEC_SCOPE = 'read';

const UITGEVER = 'schuldenrust';
const PUBLIEK = 'ddas-gegevens';

/**
 * OAuth2 client-credentials clients (CBS) for the /gegevens APIs. The operator registers a client; the secret
 * (256 random bits) is shown once and stored as SHA-256, like API keys.
 */
export async function registreerClient(ctx: Context, actor: Actor, v: { naam: string; scopes: readonly string[] }) {
  const scopes = [...new Set(v.scopes)];
  if (!v.naam.trim() || v.naam.length > 200) throw invalidInput('Geef een naam op (maximaal 200 tekens).');
  if (scopes.length === 0 || scopes.some((s) => !(SCOPES as readonly string[]).includes(s))) {
    throw invalidInput(`Kies een of meer scopes uit: ${SCOPES.join(', ')}.`);
  }
  const id = `ddas_${randomBytes(8).toString('hex')}`;
  const geheim = randomBytes(32).toString('base64url');
  await store.voegClientToe(ctx.db.kysely, { id, naam: v.naam.trim(), scopes, geheim_hash: sha256(geheim) });
  await ctx.audit.schrijf({
    actor,
    actie: 'ddas.client.registreren',
    onderwerp: id,
    resultaat: 'ok',
    details: { scopes },
  });
  return { clientId: id, clientSecret: geheim, naam: v.naam.trim(), scopes };
}

export const lijstClients = (ctx: Context) => store.clients(ctx.db.kysely);

export async function trekClientIn(ctx: Context, actor: Actor, id: string): Promise<boolean> {
  const ok = await store.trekClientIn(ctx.db.kysely, id);
  await ctx.audit.schrijf({ actor, actie: 'ddas.client.intrekken', onderwerp: id, resultaat: ok ? 'ok' : 'onbekend' });
  return ok;
}

export type TokenUitkomst =
  | { ok: true; accessToken: string; expiresIn: number; scope: string }
  | { ok: false; error: 'invalid_client' | 'invalid_scope' };

/** Token endpoint logic: checks id + secret, narrows to the requested scopes (default: all of the client's). */
export async function geefToken(
  ctx: Context,
  clientId: string,
  geheim: string,
  gevraagd: string | undefined,
): Promise<TokenUitkomst> {
  const c = await store.client(ctx.db.kysely, clientId);
  // Compare a hash even for an unknown client, so timing does not tell which client ids exist.
  const verwacht = c ? Buffer.from(c.geheim_hash) : Buffer.alloc(32);
  const klopt = timingSafeEqual(verwacht, sha256(geheim)) && !!c && !c.ingetrokken_op;
  const actor: Actor = { organisatieId: null, soort: 'systeem', id: `ddas-client:${clientId.slice(0, 40)}` };
  if (!klopt || !c) {
    await ctx.audit.schrijf({ actor, actie: 'ddas.token', resultaat: 'geweigerd' });
    return { ok: false, error: 'invalid_client' };
  }
  const scopes = gevraagd ? [...new Set(gevraagd.split(' ').filter(Boolean))] : c.scopes;
  if (scopes.length === 0 || scopes.some((s) => s !== SPEC_SCOPE && !c.scopes.includes(s)))
    return { ok: false, error: 'invalid_scope' };
  const expiresIn = ctx.config.DDAS_TOKEN_SECONDEN;
  const accessToken = await new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setIssuer(UITGEVER)
    .setAudience(PUBLIEK)
    .setSubject(c.id)
    .setIssuedAt()
    .setExpirationTime(`${expiresIn}s`)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(tokenSleutel(ctx.config.DATA_DIR));
  await ctx.audit.schrijf({ actor, actie: 'ddas.token', resultaat: 'ok', details: { scope: scopes.join(' ') } });
  return { ok: true, accessToken, expiresIn, scope: scopes.join(' ') };
}

export type TokenControle =
  | { ok: true; clientId: string }
  | { ok: false; fout: 'ontbreekt' | 'ongeldig' | 'verlopen' | 'scope' };

/** Checks a bearer token for `scope`: signature, issuer, audience, type, expiry, scope, and that the client is not revoked. */
export async function controleerToken(
  ctx: Context,
  authorization: string | undefined,
  scope: Scope,
): Promise<TokenControle> {
  const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '');
  if (!m) return { ok: false, fout: authorization ? 'ongeldig' : 'ontbreekt' };
  try {
    const { payload } = await jwtVerify(m[1]!, tokenSleutel(ctx.config.DATA_DIR), {
      algorithms: ['HS256'],
      issuer: UITGEVER,
      audience: PUBLIEK,
      typ: 'at+jwt',
      requiredClaims: ['sub', 'exp', 'scope'],
    });
    const c = await store.client(ctx.db.kysely, payload.sub!);
    if (!c || c.ingetrokken_op) return { ok: false, fout: 'ongeldig' };
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    // 'read' (the spec's scope) opens every model the client is registered for; the registration always limits.
    if (!(scopes.includes(scope) || scopes.includes(SPEC_SCOPE)) || !c.scopes.includes(scope))
      return { ok: false, fout: 'scope' };
    return { ok: true, clientId: c.id };
  } catch (err) {
    return { ok: false, fout: err instanceof errors.JWTExpired ? 'verlopen' : 'ongeldig' };
  }
}

const sleutels = new Map<string, Uint8Array>();

/** HMAC key for access tokens (only the platform verifies them): 32 random bytes in `${dataDir}/pki/ddas-token.key`, mode 0600. */
function tokenSleutel(dataDir: string): Uint8Array {
  let k = sleutels.get(dataDir);
  if (k) return k;
  const file = join(dataDir, 'pki', 'ddas-token.key');
  k = new Uint8Array(Buffer.from(sleutelUitDatamap(file), 'base64'));
  if (k.length < 32) throw new Error(`DDAS-tokensleutel in ${file} is te kort`);
  sleutels.set(dataDir, k);
  return k;
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
