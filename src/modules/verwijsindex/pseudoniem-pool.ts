import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';

/** Below this many BSNs a block is hashed on the calling thread: a round trip to a worker costs more. */
export const POOL_VANAF = 2_000;

/**
 * Worker threads that compute blocks of pseudonyms (issue 19): the HMAC is a fifth of a batch check's or a delivery's
 * CPU, and a second core is idle meanwhile. Started on first use; threads end after 30 s without work.
 */
export class PseudoniemPool {
  private pool: Piscina | null = null;

  constructor(
    private readonly sleutels: Array<{ id: string; geheim: Buffer }>,
    private readonly threads = Math.max(1, availableParallelism() - 1),
  ) {}

  /** 32 bytes per BSN, in order, under the given key. */
  async reeks(sleutelId: string, bsns: string[]): Promise<Buffer> {
    this.pool ??= new Piscina({
      filename: new URL('./pseudoniem-werker.mjs', import.meta.url).href,
      workerData: { sleutels: this.sleutels.map((s) => ({ id: s.id, geheim: new Uint8Array(s.geheim) })) },
      minThreads: 0,
      maxThreads: this.threads,
      idleTimeout: 30_000,
      // A plain-JavaScript worker needs no tsx loader, and its garbage is small (a million HMACs: 47 MB RSS, not 61-74).
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    return Buffer.from((await this.pool.run({ sleutelId, bsns })) as ArrayBuffer);
  }

  async sluit(): Promise<void> {
    const p = this.pool;
    this.pool = null;
    await p?.destroy();
  }
}
