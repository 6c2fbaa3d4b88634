import { afterAll, describe, expect, it } from 'vitest';
import { Pseudonimiseerder } from '../../src/modules/verwijsindex/pseudoniem.ts';
import { POOL_VANAF } from '../../src/modules/verwijsindex/pseudoniem-pool.ts';

const pseudo = new Pseudonimiseerder([
  { id: 'k2', geheim: Buffer.alloc(32, 2) },
  { id: 'k1', geheim: Buffer.alloc(32, 1) },
]);
afterAll(() => pseudo.sluit());

// Any nine digits: the HMAC does not check the elfproef.
const bsns = (n: number, van = 1) => Array.from({ length: n }, (_, i) => String(100_000_000 + van + i * 7));
const losse = (lijst: string[], sleutel?: string) => Buffer.concat(lijst.map((b) => pseudo.pseudoniem(b, sleutel)));

describe('Pseudonyms of a block (worker threads for large blocks)', () => {
  it('gives the same bytes as one at a time, in order, inline and on a worker, under each key', async () => {
    const klein = bsns(10);
    const groot = bsns(POOL_VANAF + 123);
    expect((await pseudo.pseudoniemen(klein)).equals(losse(klein))).toBe(true);
    expect((await pseudo.pseudoniemen(groot)).equals(losse(groot))).toBe(true);
    expect((await pseudo.pseudoniemen(groot, 'k1')).equals(losse(groot, 'k1'))).toBe(true);
    expect((await pseudo.pseudoniemen([])).length).toBe(0);
  });

  it('refuses an unknown key', async () => {
    await expect(pseudo.pseudoniemen(bsns(POOL_VANAF), 'onbekend')).rejects.toThrow(/Unknown pseudonymisation key/);
  });

  it('blocks asked for at the same time each get their own answer', async () => {
    const a = bsns(POOL_VANAF, 1);
    const b = bsns(POOL_VANAF, 900_000);
    const [pa, pb] = await Promise.all([pseudo.pseudoniemen(a), pseudo.pseudoniemen(b)]);
    expect(pa.equals(losse(a))).toBe(true);
    expect(pb.equals(losse(b))).toBe(true);
  });

  it('a worker thread that dies fails its block, and the next block is computed by a new thread', async () => {
    const groot = bsns(POOL_VANAF * 20);
    await pseudo.pseudoniemen(bsns(POOL_VANAF)); // the pool runs
    const piscina = (pseudo as unknown as { pool: { pool: { threads: Array<{ terminate(): Promise<number> }> } } }).pool
      .pool;
    const bezig = pseudo.pseudoniemen(groot);
    await Promise.all(piscina.threads.map((w) => w.terminate()));
    await expect(bezig).rejects.toThrow();
    expect((await pseudo.pseudoniemen(groot)).equals(losse(groot))).toBe(true);
  });
});
