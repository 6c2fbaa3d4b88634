import * as client from 'openid-client';
import type { Config } from '../../config.ts';
import { AppError } from '../../shared/errors.ts';
import { normaliseBsn } from '../../shared/bsn.ts';

/** The OpenID Connect relying party of the Pauzeknop (openid-client): code flow with PKCE, state and nonce. */

export const geenInlogdienst = () =>
  new AppError(
    503,
    'inloggen_niet_beschikbaar',
    'Inloggen is nu niet mogelijk. Probeer het later opnieuw, of bel uw gemeente.',
  );
export const inloggenMislukt = () =>
  new AppError(400, 'inloggen_mislukt', 'Het inloggen is niet gelukt of duurde te lang. Begin opnieuw met inloggen.');

export interface Inlogstart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

const lokaal = (u: URL) => u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);

/** One discovered provider configuration per issuer (discovery is retried after a failure). */
const ontdekt = new Map<string, Promise<client.Configuration>>();

export function redirectUrl(c: Config): string {
  if (c.PAUZEKNOP_OIDC_REDIRECT_URL) return c.PAUZEKNOP_OIDC_REDIRECT_URL;
  const basis = c.PUBLIEKE_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`;
  return `${basis.replace(/\/$/, '')}/api/pauzeknop/inloggen/terug`;
}

async function configuratie(c: Config): Promise<client.Configuration> {
  const issuer = c.PAUZEKNOP_OIDC_ISSUER;
  if (!issuer || !c.PAUZEKNOP_OIDC_CLIENT_ID) throw geenInlogdienst();
  const url = new URL(issuer);
  // Plain http only for a provider on this machine (the development provider); production brokers are https.
  if (url.protocol !== 'https:' && !(lokaal(url) && c.NODE_ENV !== 'production')) throw geenInlogdienst();
  const sleutel = `${issuer}|${c.PAUZEKNOP_OIDC_CLIENT_ID}`;
  let p = ontdekt.get(sleutel);
  if (!p) {
    p = client.discovery(
      url,
      c.PAUZEKNOP_OIDC_CLIENT_ID,
      c.PAUZEKNOP_OIDC_CLIENT_SECRET,
      undefined,
      lokaal(url) ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    ontdekt.set(sleutel, p);
    p.catch(() => ontdekt.delete(sleutel));
  }
  try {
    return await p;
  } catch {
    throw geenInlogdienst();
  }
}

/** A new login: fresh state, nonce and PKCE verifier, and the provider's authorization URL. */
export async function startInlog(c: Config): Promise<Inlogstart> {
  const cfg = await configuratie(c);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: redirectUrl(c),
    scope: 'openid bsn',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state, nonce, codeVerifier };
}

/**
 * The provider's answer: exchanges the code (PKCE verifier), checks state, nonce and the ID token (signature, issuer,
 * audience, expiry: openid-client), and returns the BSN claim (ID token, else userinfo). Any failure: one Dutch 400.
 * The BSN is never logged; the caller only keeps its pseudonym.
 */
export async function rondInlogAf(
  c: Config,
  terugUrl: URL,
  verwacht: { state: string; nonce: string; codeVerifier: string },
): Promise<{ bsn: string }> {
  const cfg = await configuratie(c);
  // The token request repeats the registered redirect URL (behind a proxy the request's own host may differ).
  const huidig = new URL(redirectUrl(c));
  huidig.search = terugUrl.search;
  let bsn: unknown;
  try {
    const tokens = await client.authorizationCodeGrant(cfg, huidig, {
      expectedState: verwacht.state,
      expectedNonce: verwacht.nonce,
      pkceCodeVerifier: verwacht.codeVerifier,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    bsn = claims?.[c.PAUZEKNOP_OIDC_BSN_CLAIM];
    if (bsn === undefined && claims) {
      const info = await client.fetchUserInfo(cfg, tokens.access_token, claims.sub);
      bsn = info[c.PAUZEKNOP_OIDC_BSN_CLAIM];
    }
  } catch {
    throw inloggenMislukt();
  }
  const geldig = typeof bsn === 'string' ? normaliseBsn(bsn) : null;
  if (!geldig) throw inloggenMislukt();
  return { bsn: geldig };
}
