import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { createContext } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger, type Logger } from '../../src/shared/logger.ts';
import { destination } from 'pino';
import { maakOrganisatie } from '../../src/modules/organisaties/organisaties.ts';
import { maakApiSleutel } from '../../src/modules/organisaties/api-sleutels.ts';
import type { OrganisatieType } from '../../src/db/schema.ts';

/** The PostgreSQL server tests use when reachable (CI starts one); PGlite is always tested. */
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgReachable: Promise<boolean> | undefined;
function postgresReachable(): Promise<boolean> {
  pgReachable ??= (async () => {
    if (process.env.TEST_POSTGRES === 'uit') return false;
    const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.end();
      return true;
    } catch {
      return false;
    }
  })();
  return pgReachable;
}

/** The databases to run a suite against: 'pglite' always, 'postgres' when the server answers. */
export async function databases(): Promise<Array<'pglite' | 'postgres'>> {
  if (process.env.TEST_POSTGRES === 'verplicht' && !(await postgresReachable())) {
    throw new Error(`TEST_POSTGRES=verplicht but no PostgreSQL at ${PG_URL}`);
  }
  return (await postgresReachable()) ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * Tests log at 'debug' into one file per worker under the run folder of test/globale-opzet.ts; the end of
 * the run scans every line for clear BSNs and surnames. Outside that run (no folder): silent.
 */
let logDoel: ReturnType<typeof destination> | undefined;
export function testLogger(): Logger {
  const map = process.env.SR_TESTLOG_MAP;
  if (!map) return createLogger('silent');
  logDoel ??= destination({ dest: join(map, `worker-${process.pid}.log`), mkdir: true, sync: true });
  return createLogger('debug', logDoel);
}

export const TEST_SLEUTELS = `t1:${Buffer.alloc(32, 7).toString('base64')}`;

/** A fresh, empty database (own PostgreSQL database, or an in-memory/temp PGlite) plus a data folder. */
export async function testOmgeving(kind: 'pglite' | 'postgres', overrides: Partial<Config> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sr-test-'));
  let url: string | undefined;
  let dbName: string | undefined;
  if (kind === 'postgres') {
    dbName = `sr_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const config: Config = loadConfig(
    {},
    {
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      PSEUDONIEM_SLEUTELS: TEST_SLEUTELS,
      LOG_LEVEL: 'silent',
      TLS_PORT: 0,
      AUTH_CACHE_MS: 0,
      PORT: 0,
      ...overrides,
    },
  );
  let ctx = await createContext(config, testLogger());
  let app = await buildApp(ctx);
  await app.ready();
  const env = {
    get ctx() {
      return ctx;
    },
    get app() {
      return app;
    },
    config,
    url,
    /** Stops the platform (keeping its database), then starts it again, optionally with other settings. */
    async herstart(nieuw: Partial<Config> = {}, tussendoor?: () => Promise<void>) {
      await app.close();
      await ctx.close();
      if (tussendoor) await tussendoor();
      Object.assign(config, nieuw);
      ctx = await createContext(config, testLogger());
      app = await buildApp(ctx);
      await app.ready();
    },
    async organisatie(naam: string, type: OrganisatieType) {
      const org = await maakOrganisatie(ctx.db.kysely, { naam, type });
      const { sleutel } = await maakApiSleutel(ctx.db.kysely, org.id, 'test');
      return { ...org, sleutel, headers: { 'x-api-key': sleutel } };
    },
    async sluit() {
      await app.close();
      await ctx.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) {
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
    },
  };
  return env;
}

export type TestOmgeving = Awaited<ReturnType<typeof testOmgeving>>;

/** Every method + path of the running app (read from Fastify's route tree), HEAD left out. */
export function routesVan(app: { printRoutes(o: { commonPrefix: boolean }): string }): string[] {
  const stack: string[] = [];
  const uit: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.+?) \(([^)]+)\)$/.exec(line);
    if (!m) continue;
    const diepte = m[1]!.length / 4;
    const pad = (stack[diepte - 1] ?? '') + m[2];
    stack[diepte] = pad;
    stack.length = diepte + 1;
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') uit.push(`${method} ${pad}`);
  }
  return uit;
}
