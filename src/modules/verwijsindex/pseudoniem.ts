import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keyed pseudonyms of BSNs: HMAC-SHA-256 under a secret key that never enters the database.
 * Rotation: put a new key first in the list; deliveries made under an older key stay findable
 * (they record their key id) until they are replaced, at most VISH-retention days later. Then the
 * old key can be dropped.
 */
export class Pseudonimiseerder {
  readonly huidigeSleutel: string;
  private readonly sleutels: Map<string, Buffer>;

  constructor(sleutels: Array<{ id: string; geheim: Buffer }>) {
    if (sleutels.length === 0) throw new Error('At least one pseudonymisation key is required');
    for (const s of sleutels) {
      if (s.geheim.length < 32) throw new Error(`Pseudonymisation key ${s.id} is shorter than 32 bytes`);
    }
    this.sleutels = new Map(sleutels.map((s) => [s.id, s.geheim]));
    this.huidigeSleutel = sleutels[0]!.id;
  }

  sleutelIds(): string[] {
    return [...this.sleutels.keys()];
  }

  heeftSleutel(id: string): boolean {
    return this.sleutels.has(id);
  }

  pseudoniem(bsn: string, sleutelId = this.huidigeSleutel): Buffer {
    const key = this.sleutels.get(sleutelId);
    if (!key) throw new Error(`Unknown pseudonymisation key ${sleutelId}`);
    return createHmac('sha256', key).update(bsn).digest();
  }

  /** Audit reference for a person: key id + short hex of the pseudonym. Not reversible without the key. */
  auditVerwijzing(bsn: string): string {
    return this.auditVerwijzingVan(this.pseudoniem(bsn));
  }

  /** The same, from a pseudonym already computed under the current key. */
  auditVerwijzingVan(huidigPseudoniem: Buffer): string {
    return `${this.huidigeSleutel}:${huidigPseudoniem.toString('hex', 0, 16)}`;
  }
}

/** Keys from PSEUDONIEM_SLEUTELS, or (demo/dev only) a generated key file in the data folder. */
export function laadSleutels(spec: string | undefined, dataDir: string, production: boolean): Pseudonimiseerder {
  if (spec) {
    return new Pseudonimiseerder(
      spec.split(',').map((part) => {
        const [id, b64] = part.trim().split(':');
        if (!id || !b64) throw new Error('PSEUDONIEM_SLEUTELS must look like "id:base64,id:base64"');
        return { id, geheim: Buffer.from(b64, 'base64') };
      }),
    );
  }
  if (production) throw new Error('PSEUDONIEM_SLEUTELS is required in production');
  const dir = join(dataDir, 'geheimen');
  const file = join(dir, 'pseudoniem-sleutel');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `demo1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return laadSleutels(readFileSync(file, 'utf8').trim(), dataDir, false);
}
