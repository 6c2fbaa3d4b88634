import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { sleutelUitDatamap } from '../../shared/sleutelbestand.ts';
import { join } from 'node:path';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';

// --- Passwords: argon2id (m=19 MiB, t=2, p=1: the OWASP baseline) ---

export const WACHTWOORD_MIN = 12;
export const WACHTWOORD_MAX = 1024;

export function hashWachtwoord(wachtwoord: string): Promise<string> {
  return hash(wachtwoord, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function controleerWachtwoord(phc: string, wachtwoord: string): Promise<boolean> {
  try {
    return await verify(phc, wachtwoord);
  } catch {
    return false;
  }
}

/** 20 characters, about 119 bits; no look-alike characters. */
export function genereerWachtwoord(): string {
  return willekeurig('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789', 20);
}

// --- TOTP (RFC 6238: SHA-1, 6 digits, 30 s) ---

export const TOTP_UITGEVER = 'Schuldenrust';

export function genereerTotpGeheim(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(email: string, geheim: string): string {
  return generateURI({ issuer: TOTP_UITGEVER, label: email, secret: geheim });
}

/**
 * Checks a 6-digit code at `nu`, allowing one 30 s step either way for clock drift. A code of a
 * step at or before `laatsteStap` is refused (each code works once). Returns the accepted step, or null.
 */
export async function controleerTotp(
  geheim: string,
  code: string,
  nu: Date,
  laatsteStap: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const r = await verifyTotp({
      secret: geheim,
      token: code,
      epoch: Math.floor(nu.getTime() / 1000),
      epochTolerance: 30,
      ...(laatsteStap !== null ? { afterTimeStep: laatsteStap } : {}),
    });
    return r.valid && 'timeStep' in r ? r.timeStep : null;
  } catch {
    return null;
  }
}

// --- Recovery codes: 16 characters from a 32-letter alphabet (80 bits), shown as XXXX-XXXX-XXXX-XXXX ---

const CODE_ALFABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function genereerHerstelcodes(aantal = 10): string[] {
  return Array.from({ length: aantal }, () => willekeurig(CODE_ALFABET, 16).match(/.{4}/g)!.join('-'));
}

/** Upper case, without separators; null when it cannot be a recovery code. */
export function normaliseerHerstelcode(code: string): string | null {
  const c = code.toUpperCase().replace(/[\s-]/g, '');
  return c.length === 16 && [...c].every((ch) => CODE_ALFABET.includes(ch)) ? c : null;
}

/** The code has 80 random bits, so a plain SHA-256 is a sound stored form. */
export function hashHerstelcode(genormaliseerd: string): string {
  return createHash('sha256').update(`sr-herstelcode:${genormaliseerd}`).digest('hex');
}

function willekeurig(alfabet: string, lengte: number): string {
  let s = '';
  for (let i = 0; i < lengte; i++) s += alfabet[randomInt(alfabet.length)];
  return s;
}

// --- Encryption of TOTP secrets at rest: AES-256-GCM, bound to the user id ---

export class Kluis {
  constructor(private readonly sleutel: Buffer) {
    if (sleutel.length !== 32) throw new Error('TOTP_SLEUTEL must be 32 bytes (base64)');
  }

  versleutel(tekst: string, context: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.sleutel, iv);
    c.setAAD(Buffer.from(context));
    const ct = Buffer.concat([c.update(tekst, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), ct.toString('base64url'), c.getAuthTag().toString('base64url')].join('.');
  }

  ontsleutel(waarde: string, context: string): string {
    const [versie, iv, ct, tag] = waarde.split('.');
    if (versie !== 'v1' || !iv || !ct || !tag) throw new Error('Unknown secret format');
    const d = createDecipheriv('aes-256-gcm', this.sleutel, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(context));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }
}

/** TOTP_SLEUTEL, or (demo/dev only) a generated key file in the data folder. */
export function laadKluis(spec: string | undefined, dataDir: string, production: boolean): Kluis {
  if (spec) return new Kluis(Buffer.from(spec, 'base64'));
  if (production) throw new Error('TOTP_SLEUTEL is required in production');
  return new Kluis(Buffer.from(sleutelUitDatamap(join(dataDir, 'geheimen', 'totp-sleutel')), 'base64'));
}
