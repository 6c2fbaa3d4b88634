import { createHash } from 'node:crypto';

/**
 * A batch check's block in the audit log (issue 19): one chained entry with `details = { batchregels: { aantal,
 * sha256 } }`, its persons as lines in audit_batchregels (0056). The digest covers every line in order, and the
 * entry's chain hash covers the digest, so a line changed, added or removed breaks the verification.
 */
export interface BatchregelsDetails {
  aantal: number;
  sha256: string;
}

/** SHA-256 over the lines `[nr,onderwerp,resultaat]` (JSON, nr from 1), one per line, in order. */
export function batchregelsDigest(regels: ReadonlyArray<readonly [onderwerp: string, resultaat: string]>): string {
  const delen: string[] = new Array(regels.length);
  for (let i = 0; i < regels.length; i++) {
    const [onderwerp, resultaat] = regels[i]!;
    delen[i] = `[${i + 1},${JSON.stringify(onderwerp)},${JSON.stringify(resultaat)}]\n`;
  }
  return createHash('sha256').update(delen.join('')).digest('hex');
}

/** The block's digest, when the entry is a batch block. */
export function batchregelsVan(details: unknown): BatchregelsDetails | null {
  const b = (details as { batchregels?: BatchregelsDetails } | null)?.batchregels;
  return b && typeof b.aantal === 'number' && typeof b.sha256 === 'string' ? b : null;
}
