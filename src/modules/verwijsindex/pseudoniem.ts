import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { nieuweSleutel, sleutelUitDatamap } from '../../shared/sleutelbestand.ts';
import { POOL_VANAF, PseudoniemPool } from './pseudoniem-pool.ts';

/**
 * Keyed pseudonyms of BSNs: HMAC-SHA-256 under a secret key that never enters the database.
 * Rotation: put a new key first in the list; deliveries made under an older key stay findable
 * (they record their key id) until they are replaced, at most VISH-retention days later. Then the
 * old key can be dropped.
 */
export class Pseudonimiseerder {
  readonly huidigeSleutel: string;
  private readonly sleutels: Map<string, Buffer>;
  private readonly pool: PseudoniemPool;

  constructor(sleutels: Array<{ id: string; geheim: Buffer }>) {
    if (sleutels.length === 0) throw new Error('At least one pseudonymisation key is required');
    for (const s of sleutels) {
      if (s.geheim.length < 32) throw new Error(`Pseudonymisation key ${s.id} is shorter than 32 bytes`);
    }
    this.sleutels = new Map(sleutels.map((s) => [s.id, s.geheim]));
    this.huidigeSleutel = sleutels[0]!.id;
    this.pool = new PseudoniemPool(sleutels);
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

  /**
   * Pseudonyms of a block of BSNs, 32 bytes each, in order: on a worker thread for a large block, so the caller can
   * read the next block meanwhile. The same bytes as `pseudoniem`.
   */
  async pseudoniemen(bsns: string[], sleutelId = this.huidigeSleutel): Promise<Buffer> {
    if (!this.sleutels.has(sleutelId)) throw new Error(`Unknown pseudonymisation key ${sleutelId}`);
    if (bsns.length >= POOL_VANAF) return this.pool.reeks(sleutelId, bsns);
    const uit = Buffer.allocUnsafe(bsns.length * 32);
    for (let i = 0; i < bsns.length; i++) this.pseudoniem(bsns[i]!, sleutelId).copy(uit, i * 32);
    return uit;
  }

  /** Stops the worker threads (process shutdown). */
  sluit(): Promise<void> {
    return this.pool.sluit();
  }

  /** Audit reference for a person: key id + short hex of the pseudonym. Not reversible without the key. */
  auditVerwijzing(bsn: string): string {
    return this.auditVerwijzingVan(this.pseudoniem(bsn));
  }

  /** The same, from a pseudonym already computed under the current key. */
  auditVerwijzingVan(huidigPseudoniem: Buffer): string {
    return verwijzing(this.huidigeSleutel, huidigPseudoniem);
  }

  /** The person's audit references under every configured key (entries written before a key rotation too). */
  auditVerwijzingen(bsn: string): string[] {
    return this.sleutelIds().map((id) => verwijzing(id, this.pseudoniem(bsn, id)));
  }
}

/** The one format of an audit reference to a person: key id + the first 16 bytes of the pseudonym, in hex. */
const verwijzing = (sleutelId: string, pseudoniem: Buffer) => `${sleutelId}:${pseudoniem.toString('hex', 0, 16)}`;

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
  const spec_ = sleutelUitDatamap(join(dataDir, 'geheimen', 'pseudoniem-sleutel'), () => `demo1:${nieuweSleutel()}`);
  return laadSleutels(spec_, dataDir, false);
}
