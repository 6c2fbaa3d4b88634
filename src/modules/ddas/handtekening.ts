import { createHash, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, FlattenedSign, flattenedVerify, type JWSHeaderParameters } from 'jose';
import { controleerKeten } from './keten.ts';
import type { Ondertekenaar } from './ondertekening.ts';

/**
 * The `nlgov-adr-payload-sig` header of DDAS: a detached JWS in compact form (`header..signature`), PS256, with
 * the signing certificate chain in x5c.
 *
 * - 'jades' (default): the NL GOV API Design Rules module "HTTP Message and payload signing with JAdES", payload
 *   signing: JAdES HttpHeaders mechanism (`sigD` with mId http://uri.etsi.org/19182/HttpHeaders and
 *   `pars: ["digest"]`), `b64: false`, `crit: ["b64", "sigD"]`. The signed bytes are the header line
 *   `digest: SHA-256=...` (draft-cavage-http-signatures-10 §2.1.3), which binds the body through its RFC 3230 digest.
 * - 'body': a plain detached JWS (RFC 7515 appendix F) over the body bytes, for a receiver that verifies the body.
 */
export type HandtekeningVorm = 'jades' | 'body';

export const HTTP_HEADERS_MID = 'http://uri.etsi.org/19182/HttpHeaders';

/** RFC 3230 digest header value of a body. */
export function digest(body: Buffer): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

/** The JWS payload of the JAdES HttpHeaders mechanism with pars ["digest"]: the lowercased header line. */
export const digestRegel = (digestWaarde: string) => `digest: ${digestWaarde.trim()}`;

export async function onderteken(
  o: Ondertekenaar,
  body: Buffer,
  vorm: HandtekeningVorm = 'jades',
  nu = new Date(),
): Promise<string> {
  const basis = {
    alg: 'PS256',
    typ: 'JOSE',
    kid: o.x5tS256,
    'x5t#S256': o.x5tS256,
    x5c: o.x5c,
    sigT: nu.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  if (vorm === 'body') {
    const jws = await new FlattenedSign(body).setProtectedHeader(basis).sign(o.key);
    return `${jws.protected}..${jws.signature}`;
  }
  const jws = await new FlattenedSign(new TextEncoder().encode(digestRegel(digest(body))))
    .setProtectedHeader({
      ...basis,
      b64: false,
      crit: ['b64', 'sigD'],
      sigD: { mId: HTTP_HEADERS_MID, pars: ['digest'] },
    })
    .sign(o.key, { crit: { sigD: true } });
  return `${jws.protected}..${jws.signature}`;
}

export type Verificatie = { ok: true; vorm: HandtekeningVorm; onderwerp: string } | { ok: false; reden: string };

/**
 * Verifies a detached JWS of either form against the exact body and the message's Digest header. The key is the
 * first x5c certificate; the chain must hold up to one of `vertrouwd`, and x5t#S256 (when given) must name it.
 */
export async function verifieer(
  jws: string,
  bericht: { body: Buffer; digest: string | undefined },
  vertrouwd: readonly X509Certificate[],
  nu = new Date(),
): Promise<Verificatie> {
  const delen = jws.trim().split('.');
  if (delen.length !== 3 || delen[1] !== '' || !delen[0] || !delen[2])
    return { ok: false, reden: 'De handtekening is geen JWS met losgekoppelde inhoud (header..handtekening).' };
  let h: JWSHeaderParameters;
  try {
    h = decodeProtectedHeader(jws) as JWSHeaderParameters;
  } catch {
    return { ok: false, reden: 'De header van de handtekening is onleesbaar.' };
  }
  if (h.alg !== 'PS256') return { ok: false, reden: 'De handtekening moet PS256 gebruiken.' };
  if (!Array.isArray(h.x5c) || h.x5c.length === 0)
    return { ok: false, reden: 'De handtekening bevat geen certificaatketen (x5c).' };
  let keten: X509Certificate[];
  try {
    keten = h.x5c.map((c) => new X509Certificate(Buffer.from(c, 'base64')));
  } catch {
    return { ok: false, reden: 'Een certificaat in x5c is onleesbaar.' };
  }
  const controle = controleerKeten(keten, vertrouwd, nu);
  if (!controle.geldig) return { ok: false, reden: controle.fouten.join(' ') };
  if (h['x5t#S256'] !== undefined && h['x5t#S256'] !== createHash('sha256').update(keten[0]!.raw).digest('base64url'))
    return { ok: false, reden: 'x5t#S256 hoort niet bij het eerste certificaat in x5c.' };

  const sigD = h.sigD as { mId?: unknown; pars?: unknown } | undefined;
  const jades = sigD !== undefined;
  if (jades) {
    const pars = Array.isArray(sigD.pars) ? sigD.pars : [];
    if (sigD.mId !== HTTP_HEADERS_MID || pars.length !== 1 || pars[0] !== 'digest' || h.b64 !== false)
      return {
        ok: false,
        reden: 'sigD moet het HttpHeaders-mechanisme zijn met alleen "digest", en b64 moet false zijn.',
      };
    if (!bericht.digest) return { ok: false, reden: 'De handtekening dekt de Digest-header, maar die ontbreekt.' };
  }
  try {
    await flattenedVerify(
      {
        protected: delen[0],
        payload: jades ? digestRegel(bericht.digest!) : bericht.body.toString('base64url'),
        signature: delen[2],
      },
      keten[0]!.publicKey,
      { algorithms: ['PS256'], crit: { sigD: true, sigT: true } },
    );
  } catch {
    return { ok: false, reden: 'De handtekening klopt niet bij dit bericht.' };
  }
  return { ok: true, vorm: jades ? 'jades' : 'body', onderwerp: controle.onderwerp };
}
