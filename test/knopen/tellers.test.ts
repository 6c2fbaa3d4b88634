import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { geheugenTellers, postgresTellers, redisTellers, type Tellers } from '../../src/db/tellers.ts';

/** Rate-limit counters: the same rules in memory, in PostgreSQL and in Redis; shared ones hold across nodes. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisBereikbaar = await (async () => {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
})();
const uniek = () => `${Date.now()}-${Math.random()}`;
const slaap = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pg: TestOmgeving | undefined;
const soorten: Array<[string, () => Promise<[Tellers, Tellers]>]> = [
  ['geheugen', async () => [geheugenTellers(), geheugenTellers()]],
];
if ((await databases()).includes('postgres'))
  soorten.push([
    'postgres',
    async () => {
      pg ??= await testOmgeving('postgres');
      return [postgresTellers(pg.ctx.db.kysely), postgresTellers(pg.ctx.db.kysely)];
    },
  ]);
if (redisBereikbaar)
  soorten.push(['redis', async () => [redisTellers(new Redis(REDIS_URL)), redisTellers(new Redis(REDIS_URL))]]);
afterAll(async () => pg?.sluit());

for (const [soort, maak] of soorten) {
  describe(`Rate-limit counters: ${soort}`, () => {
    let a: Tellers;
    let b: Tellers;
    beforeAll(async () => {
      [a, b] = await maak();
    });
    afterAll(async () => {
      await a?.sluit();
      await b?.sluit();
    });
    const gedeeld = soort !== 'geheugen';

    it('a fixed window allows max attempts, then tells how long to wait, then allows again', async () => {
      const k = uniek();
      expect([await a.venster(k, 3, 400), await a.venster(k, 3, 400), await a.venster(k, 3, 400)]).toEqual([0, 0, 0]);
      const wacht = await a.venster(k, 3, 400);
      expect(wacht).toBeGreaterThan(0);
      expect(wacht).toBeLessThanOrEqual(400);
      expect(await a.venster(`${k}-ander`, 3, 400)).toBe(0);
      await slaap(wacht + 50);
      expect(await a.venster(k, 3, 400)).toBe(0);
    });

    it(gedeeld ? 'attempts on two nodes count together' : 'in memory each node counts alone', async () => {
      const k = uniek();
      expect(await a.venster(k, 2, 60_000)).toBe(0);
      expect(await a.venster(k, 2, 60_000)).toBe(0);
      expect((await b.venster(k, 2, 60_000)) > 0).toBe(gedeeld);
    });

    it('simultaneous attempts are all counted (no lost update)', async () => {
      const k = uniek();
      const r = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).venster(k, 10, 60_000)));
      // Shared: 10 allowed in all; in memory each node allows its own 10.
      expect(r.filter((w) => w === 0)).toHaveLength(gedeeld ? 10 : 20);
    });

    it('a token bucket allows the burst, then refills at its rate', async () => {
      const k = uniek();
      // 2 per second: one token every 500 ms, a margin a loaded machine keeps (10 per second failed once in CI).
      const r = [];
      for (let i = 0; i < 5; i++) r.push(await a.emmer(k, 2, 5));
      expect(r).toEqual([0, 0, 0, 0, 0]);
      expect(await a.emmer(k, 2, 5)).toBeGreaterThan(0);
      await slaap(600);
      expect(await a.emmer(k, 2, 5)).toBe(0);
    });

    it.runIf(soort === 'redis')('the bucket is shared: what node A took, node B does not get', async () => {
      const k = uniek();
      // One token per 10 s: nothing refills while the test runs.
      for (let i = 0; i < 5; i++) expect(await a.emmer(k, 0.1, 5)).toBe(0);
      expect(await b.emmer(k, 0.1, 5)).toBeGreaterThan(0);
    });
  });
}

describe.runIf((await databases()).includes('postgres'))('Login counters in PostgreSQL', () => {
  it('store no e-mail address: the key is a hash', async () => {
    pg ??= await testOmgeving('postgres');
    const t = postgresTellers(pg.ctx.db.kysely);
    await t.venster('login-account:iemand@gemeente.example', 10, 60_000);
    const r = await sql<{ sleutel: string }>`SELECT sleutel FROM begrenzer_tellers`.execute(pg.ctx.db.kysely);
    expect(r.rows.length).toBeGreaterThan(0);
    for (const { sleutel } of r.rows) {
      expect(sleutel).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(sleutel).not.toContain('iemand');
    }
  });
});
