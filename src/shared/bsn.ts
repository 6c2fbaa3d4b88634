import { invalidInput } from './errors.ts';

/**
 * The digits as typed or exported ("1112 22 333", "111.222.333", "111-222-333"): spaces, dots and dashes are
 * layout, not part of the number. Anything else (a letter) stays and makes the BSN invalid.
 */
export const bsnCijfers = (raw: string): string => raw.replace(/[\s.\-\u2010-\u2015]/g, '');

/** The Dutch reason a typed BSN is refused, or null when it is valid. Never repeats the input. */
export function bsnFout(raw: string): string | null {
  if (normaliseBsn(raw)) return null;
  return /^\d{8,9}$/.test(bsnCijfers(raw)) ? 'Het BSN voldoet niet aan de elfproef.' : 'Een BSN bestaat uit 9 cijfers.';
}

/** The BSN in its 9 digits, or a 400 with the Dutch reason: the one refusal of a typed BSN (check, claim). */
export function eisBsn(raw: string): string {
  const bsn = normaliseBsn(raw);
  if (!bsn) throw invalidInput(bsnFout(raw) ?? 'Een BSN bestaat uit 9 cijfers.');
  return bsn;
}

/**
 * Burgerservicenummer: 9 digits passing the 11-test (9*d1 + 8*d2 + ... + 2*d8 - 1*d9 ≡ 0 mod 11).
 * 8-digit numbers are valid with a leading zero. All zeros is refused. Layout (bsnCijfers) is ignored.
 */
export function normaliseBsn(raw: string): string | null {
  const s = bsnCijfers(raw);
  if (!/^\d{8,9}$/.test(s)) return null;
  const bsn = s.padStart(9, '0');
  return isValidBsn(bsn) ? bsn : null;
}

export function isValidBsn(bsn: string): boolean {
  if (bsn.length !== 9 || bsn === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const d = bsn.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * (9 - i);
  }
  const last = bsn.charCodeAt(8) - 48;
  if (last < 0 || last > 9) return false;
  sum -= last;
  return sum % 11 === 0;
}

/** Makes a valid BSN from an 8-digit seed (for demo data and tests); null if no check digit fits. */
export function bsnFromSeed(seed: number): string | null {
  const base = String(seed % 100_000_000).padStart(8, '0');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (base.charCodeAt(i) - 48) * (9 - i);
  const last = sum % 11;
  if (last > 9) return null;
  const bsn = base + String(last);
  return bsn === '000000000' ? null : bsn;
}
