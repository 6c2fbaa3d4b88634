/**
 * The reference people see for an audit entry ("A-123": its place in the hash chain), e.g. on a bailiff's proof of
 * check, and how it is read back when the operator types it. One place for the format.
 */
export const auditReferentie = (volgnr: number) => `A-${volgnr}`;

/** A reference as people type it: 'A-123', 'a 123' or '123' -> 123; null when it is none. */
export function leesReferentie(s: string): number | null {
  const m = /^\s*(?:A\s*-?\s*)?(\d{1,15})\s*$/i.exec(s);
  const n = m ? Number(m[1]) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
