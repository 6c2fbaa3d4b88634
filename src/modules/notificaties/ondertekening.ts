import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Header on every webhook call: `t=<unix seconds>,v1=<hex HMAC-SHA-256>` (during a rotation one v1 per secret). */
export const HANDTEKENING_HEADER = 'schuldenrust-signature';

/** A new signing secret: shown once to the organisation. The HMAC key is the whole string (UTF-8). */
export const nieuwGeheim = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** HMAC-SHA-256 over `${t}.${body}`, hex. */
export function handtekening(geheim: string, t: number, body: string): string {
  return createHmac('sha256', geheim).update(`${t}.${body}`).digest('hex');
}

export function handtekeningHeader(geheimen: string[], t: number, body: string): string {
  return [`t=${t}`, ...geheimen.map((g) => `v1=${handtekening(g, t, body)}`)].join(',');
}

/**
 * What a receiver does (and the tests): any v1 made with `geheim` over this body, and a timestamp within `toleratie`
 * seconds of now (replay protection).
 */
export function controleerHandtekening(
  header: string,
  body: string,
  geheim: string,
  nu = Date.now(),
  toleratie = 300,
): boolean {
  const delen = header.split(',').map((d) => d.trim().split('='));
  const t = Number(delen.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nu / 1000 - t) > toleratie) return false;
  const verwacht = Buffer.from(handtekening(geheim, t, body), 'hex');
  return delen.some(([k, v]) => {
    if (k !== 'v1' || !v) return false;
    const b = Buffer.from(v, 'hex');
    return b.length === verwacht.length && timingSafeEqual(b, verwacht);
  });
}
