import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Database } from './schema.ts';
import { TokenEmmers } from '../shared/token-emmers.ts';

/**
 * Rate-limit counters. In memory they hold per process; with several nodes they must be shared: in Redis when
 * REDIS_URL is set, otherwise the fixed windows (logins) live in PostgreSQL. Keys are hashed: no e-mail or IP
 * address is stored outside the process.
 */
export interface Tellers {
  readonly soort: 'geheugen' | 'postgres' | 'redis';
  /** Fixed window: counts one attempt; 0 when within `max` per `vensterMs`, else the ms until the window ends. */
  venster(sleutel: string, max: number, vensterMs: number, nu?: number): Promise<number>;
  /**
   * Token bucket: takes one token; 0 when allowed, else the ms until a token is available. Shared only in Redis:
   * on PostgreSQL a write per VISH check would cost more than the check, so the bucket holds per node there.
   */
  emmer(sleutel: string, perSeconde: number, piek: number): Promise<number>;
  sluit(): Promise<void>;
}

// base64url, not hex: a hex digest often holds nine digits in a row, which a privacy scan would take for a BSN.
const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Per process: windows and buckets in maps, bounded (an attack from very many keys starts them over). */
export function geheugenTellers(): Tellers {
  const MAX = 100_000;
  const vensters = new Map<string, { n: number; tot: number }>();
  const emmers = new Map<string, TokenEmmers>();
  // One bucket set per rate (the VISH checks use one rate; others may use their own).
  const emmer = (sleutel: string, perSeconde: number, piek: number) => {
    const soort = `${perSeconde}/${piek}`;
    let e = emmers.get(soort);
    if (!e) {
      e = new TokenEmmers(perSeconde, piek);
      emmers.set(soort, e);
    }
    return e.neem(sleutel);
  };
  return {
    soort: 'geheugen',
    async venster(sleutel, max, vensterMs, nu = Date.now()) {
      let v = vensters.get(sleutel);
      if (!v || v.tot <= nu) {
        if (vensters.size >= MAX) for (const [k, w] of vensters) if (w.tot <= nu) vensters.delete(k);
        if (vensters.size >= MAX) vensters.clear();
        v = { n: 0, tot: nu + vensterMs };
        vensters.set(sleutel, v);
      }
      v.n++;
      return v.n > max ? v.tot - nu : 0;
    },
    async emmer(sleutel, perSeconde, piek) {
      return emmer(sleutel, perSeconde, piek);
    },
    async sluit() {},
  };
}

/** Fixed windows in PostgreSQL (one upsert per login attempt); buckets per node (see Tellers.emmer). */
export function postgresTellers(db: Kysely<Database>): Tellers {
  const lokaal = geheugenTellers();
  let teller = 0;
  return {
    soort: 'postgres',
    // `nu`: the caller's clock (the service clock, which tests move); the nodes' clocks are assumed in sync (NTP).
    async venster(sleutel, max, vensterMs, nu = Date.now()) {
      const t = new Date(nu);
      const tot = new Date(nu + vensterMs);
      const r = await sql<{ aantal: number; tot: Date }>`
        INSERT INTO begrenzer_tellers (sleutel, aantal, tot) VALUES (${hash(sleutel)}, 1, ${tot}::timestamptz)
        ON CONFLICT (sleutel) DO UPDATE SET
          aantal = CASE WHEN begrenzer_tellers.tot <= ${t}::timestamptz THEN 1 ELSE begrenzer_tellers.aantal + 1 END,
          tot = CASE WHEN begrenzer_tellers.tot <= ${t}::timestamptz THEN excluded.tot ELSE begrenzer_tellers.tot END
        RETURNING aantal, tot`.execute(db);
      // Now and then, expired windows go (a table of short-lived rows stays small).
      if (++teller % 500 === 0) await sql`DELETE FROM begrenzer_tellers WHERE tot < now()`.execute(db);
      const rij = r.rows[0]!;
      return rij.aantal > max ? Math.max(1, new Date(rij.tot).getTime() - nu) : 0;
    },
    emmer: lokaal.emmer,
    async sluit() {},
  };
}

// Token bucket in one round trip: KEYS[1] the bucket; ARGV: rate per second, burst, now (ms). Returns the wait in ms.
const EMMER_LUA = `
local r = tonumber(ARGV[1]); local piek = tonumber(ARGV[2]); local nu = tonumber(ARGV[3])
local e = redis.call('HMGET', KEYS[1], 't', 'at')
local t = tonumber(e[1]) or piek; local at = tonumber(e[2]) or nu
t = math.min(piek, t + math.max(0, nu - at) / 1000 * r)
local wacht = 0
if t >= 1 then t = t - 1 else wacht = math.max(1, math.ceil((1 - t) / r * 1000)) end
redis.call('HSET', KEYS[1], 't', tostring(t), 'at', tostring(nu))
redis.call('PEXPIRE', KEYS[1], math.ceil(piek / r * 1000) + 1000)
return wacht`;

/** Windows and buckets in Redis: shared by every node, expiring by themselves. */
export function redisTellers(redis: Redis): Tellers {
  return {
    soort: 'redis',
    async venster(sleutel, max, vensterMs) {
      const k = `schuldenrust:venster:${hash(sleutel)}`;
      const r = await redis.multi().set(k, 0, 'PX', vensterMs, 'NX').incr(k).pttl(k).exec();
      const n = Number(r?.[1]?.[1] ?? 0);
      const ttl = Number(r?.[2]?.[1] ?? vensterMs);
      return n > max ? Math.max(1, ttl) : 0;
    },
    async emmer(sleutel, perSeconde, piek) {
      const k = `schuldenrust:emmer:${hash(sleutel)}`;
      return Number(await redis.eval(EMMER_LUA, 1, k, perSeconde, piek, Date.now()));
    },
    async sluit() {
      await redis.quit().catch(() => undefined);
    },
  };
}
