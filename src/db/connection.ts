import { mkdirSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.ts';
import { eigenProces, procesClaim, type ProcesLeven } from './proces.ts';
import type { Database } from './schema.ts';

export type DbKind = 'postgres' | 'pglite';

export interface Db {
  kind: DbKind;
  kysely: Kysely<Database>;
  /** Bulk load rows with COPY (text format); lines must already be COPY-escaped, '\n'-terminated. */
  copyLines(table: string, columns: string[], lines: AsyncIterable<string>): Promise<number>;
  /** Runs a multi-statement SQL script inside the transaction `tx` (used by migrations). */
  runScript(tx: Kysely<Database>, script: string): Promise<void>;
  /** This process's liveness (see proces.ts): lets a starting process clean up what a dead one left. */
  proces: ProcesLeven;
  /** Connection pool use (PostgreSQL); null for PGlite, which has one session. */
  poolStand(): { totaal: number; vrij: number; wachtend: number } | null;
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;

/** DATABASE_URL set: PostgreSQL. Otherwise embedded PGlite in dataDir ('memory://' for tests). */
export async function openDatabase(opts: {
  url?: string | undefined;
  pgliteDir: string;
  /**
   * A connection failed (server restart, connection terminated), idle or in use: logged. The work on it
   * fails with an error (see fouten.ts) and the pool replaces the connection.
   */
  bijVerbindingsfout?: (err: Error) => void;
}): Promise<Db> {
  return opts.url ? openPostgres(opts.url, opts.bijVerbindingsfout) : openPGlite(opts.pgliteDir);
}

async function openPostgres(url: string, bijVerbindingsfout: (err: Error) => void = () => undefined): Promise<Db> {
  // Counts come back as int8; they fit a JS number. Dates stay 'YYYY-MM-DD' (no timezone shift).
  const types = {
    getTypeParser: (oid: number, format?: Parameters<typeof pg.types.getTypeParser>[1]) =>
      oid === INT8 ? (v: string) => Number(v) : oid === DATE ? (v: string) => v : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // A client emits 'error' when its connection breaks. The pool listens only while a client is idle; a
  // client checked out (a COPY, a transaction, a query in flight) had no listener, and an unhandled
  // 'error' event ends the whole process. So every client gets its own listener for its whole life: the
  // work in flight still fails (its query rejects, the next one is refused) and the pool discards it.
  pool.on('connect', (client) => client.on('error', bijVerbindingsfout));
  pool.on('error', () => undefined); // idle client errors: already reported by the client's own listener
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const proces = await procesClaim(url, async (q, params) => (await pool.query(q, params)).rows, bijVerbindingsfout);
  return {
    kind: 'postgres',
    kysely,
    proces,
    poolStand: () => ({ totaal: pool.totalCount, vrij: pool.idleCount, wachtend: pool.waitingCount }),
    async copyLines(table, columns, lines) {
      const client = await pool.connect();
      let count = 0;
      try {
        const sink = client.query(copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN`));
        // The copy stream reports a broken connection as an 'error' event; after pipeline() has settled it
        // no longer listens, and a late one would be unhandled.
        sink.on('error', () => undefined);
        await pipeline(Readable.from(inBlokken(lines, () => count++)), sink);
      } catch (err) {
        client.release(true); // an aborted COPY leaves the session unusable: discard it
        throw err;
      }
      client.release();
      return count;
    },
    async runScript(tx, script) {
      await sql.raw(script).execute(tx);
    },
    async close() {
      await proces.sluit();
      await kysely.destroy();
    },
  };
}

async function openPGlite(dir: string): Promise<Db> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, {
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
  });
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    kysely,
    proces: eigenProces(),
    poolStand: () => null,
    async copyLines(table, columns, lines) {
      // PGlite reads COPY input from a Blob: load in bounded chunks so memory stays flat.
      const CHUNK = 50_000;
      let chunk: string[] = [];
      let count = 0;
      const flush = async () => {
        if (chunk.length === 0) return;
        const blob = new Blob(chunk);
        chunk = [];
        await kysely.connection().execute(async () => {
          await pglite.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob'`, [], { blob });
        });
      };
      for await (const line of lines) {
        chunk.push(line);
        count++;
        if (chunk.length >= CHUNK) await flush();
      }
      await flush();
      return count;
    },
    // The extended protocol allows one statement per query; exec() runs a script. The caller holds
    // the single session through its open transaction, so this runs inside it.
    async runScript(_tx, script) {
      await pglite.exec(script);
    },
    async close() {
      await kysely.destroy();
      await pglite.close();
    },
  };
}

/** Joins lines into ~64 KB writes: one stream write per line would dominate the cost of a COPY. */
async function* inBlokken(lines: AsyncIterable<string>, onLine: () => void) {
  let blok: string[] = [];
  let size = 0;
  for await (const line of lines) {
    onLine();
    blok.push(line);
    size += line.length;
    if (size >= 65_536) {
      yield blok.join('');
      blok = [];
      size = 0;
    }
  }
  if (blok.length) yield blok.join('');
}

/** Escape one value for COPY text format. */
export function copyValue(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** bytea literal for COPY text format. */
export function copyBytea(b: Uint8Array): string {
  return '\\\\x' + Buffer.from(b).toString('hex');
}
