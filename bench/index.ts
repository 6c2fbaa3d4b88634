/**
 * npm run bench: VISH performance, each figure next to a baseline measured in the same run on the
 * same machine (the machine is noisy, so ratios matter more than absolute numbers).
 *   1. full-replace delivery of N rows over HTTP   vs. a raw COPY of the same CSV (same database kind)
 *   2. single checks over HTTP keep-alive          vs. the same server's trivial health route
 *   3. batch check of N BSNs over HTTP             vs. parsing the same CSV file with csv-parse
 *   4. early-signal intake of N rows               vs. parsing the same CSV file with csv-parse
 * The targets are ratios, in ONE table (doelen.ts); the run ends with a verdict per figure and exits non-zero
 * when a ratio is worse than twice its target, or a figure's peak RSS is over its limit.
 * BENCH_ROWS (default 1,000,000), BENCH_SECONDS (default 10), BENCH_DB=postgresql|pglite (default: PostgreSQL
 * when it answers), DATABASE_URL / TEST_DATABASE_URL, BENCH_PROFIEL=<dir>: --cpu-prof of the server into <dir>.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import autocannon from 'autocannon';
import pg from 'pg';
import { parse } from 'csv-parse';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { createLogger } from '../src/shared/logger.ts';
import { bsnFromSeed } from '../src/shared/bsn.ts';
import { maakOrganisatie } from '../src/modules/organisaties/organisaties.ts';
import { maakApiSleutel } from '../src/modules/organisaties/api-sleutels.ts';
import { benchVroegsignalen } from './vroegsignalen.ts';
import { beoordeel, type Meting } from './doelen.ts';
import { PiekRss } from './geheugen.ts';
import { Fasen } from './profiel.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = 39_123;
const BASE = `http://127.0.0.1:${PORT}`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sr-bench-'));
  const { url, kind, drop } = await database();
  // `npm run bench -- vroegsignalen`: only the early-signal intake; `-- vish`: only the VISH figures.
  const metingen: Meting[] = [];
  if (process.argv.includes('vroegsignalen')) {
    console.log(`Schuldenrust early-signal benchmark, database ${kind}, ${ROWS.toLocaleString('nl-NL')} rows`);
    metingen.push(await benchVroegsignalen({ url, rows: ROWS, regel: (s) => console.log(s) }));
    await drop();
    return beoordeel(metingen, kind, (s) => console.log(s));
  }
  const env = {
    ...process.env,
    DATABASE_URL: url ?? '',
    DATA_DIR: dir,
    PORT: String(PORT),
    TLS_PORT: '0',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'uit',
    PSEUDONIEM_SLEUTELS: `b1:${randomBytes(32).toString('base64')}`,
    // Not 'production': that demands a PKIoverheid signing certificate for DDAS, which nothing here uses. No SFTP
    // listener, and the local OpenID provider (pause button) on a free port. Throw-away keys for this run only.
    NODE_ENV: 'benchmark',
    SFTP_PORT: '0',
    PAUZEKNOP_LOKALE_OIDC_PORT: '0',
    TOTP_SLEUTEL: randomBytes(32).toString('base64'),
    TRAJECT_BSN_SLEUTEL: randomBytes(32).toString('base64'),
    // The single-check load comes from one credential: lift the per-credential limit far above it (1e9/s, burst 1e9).
    VISH_CONTROLE_PER_SECONDE: '1000000000',
    VISH_CONTROLE_PIEK: '1000000000',
  };
  const config = loadConfig(env);
  const ctx = await createContext(config, createLogger('warn'));
  const shv = await maakOrganisatie(ctx.db.kysely, { naam: 'Bench Kredietbank', type: 'schuldhulpverlener' });
  const dw = await maakOrganisatie(ctx.db.kysely, { naam: 'Bench Deurwaarder', type: 'gerechtsdeurwaarder' });
  const shvKey = (await maakApiSleutel(ctx.db.kysely, shv.id, 'bench')).sleutel;
  const dwKey = (await maakApiSleutel(ctx.db.kysely, dw.id, 'bench')).sleutel;
  await ctx.close();

  const bsns = genereerBsns(ROWS);
  const leverCsv = join(dir, 'levering.csv');
  await schrijf(
    leverCsv,
    'BSN;Contactnaam;Telefoon;E-mail\n',
    bsns.map((b) => `${b};Kredietbank team ${b.charCodeAt(8) % 5};030 123 45 67;team@kb.example\n`),
  );
  const batchCsv = join(dir, 'portefeuille.csv');
  // Half of the portfolio is in the index, half is not.
  const andere = genereerBsns(ROWS / 2, 90_000_000);
  await schrijf(
    batchCsv,
    'BSN;Kenmerk\n',
    [...bsns.slice(0, ROWS / 2), ...andere].map((b, i) => `${b};K${i}\n`),
  );

  const profiel = process.env.BENCH_PROFIEL ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFIEL}`] : [];
  const server = spawn(process.execPath, [...profiel, '--import', 'tsx', 'src/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server.stdout.resume();
  // Whatever fails below, the server goes down with the bench.
  process.once('exit', () => server.exitCode === null && server.kill('SIGKILL'));
  await wachtOpServer();
  const rss = new PiekRss(server.pid!);
  const fasen = new Fasen();
  const rapport: string[] = [];
  const regel = (s: string) => {
    rapport.push(s);
    console.log(s);
  };
  regel(
    `Schuldenrust VISH benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, database ${kind}, ${ROWS.toLocaleString('nl-NL')} rows`,
  );

  // 1. Delivery.
  rss.begin();
  let fase = fasen.begin('delivery');
  const t0 = performance.now();
  const res = await fetch(`${BASE}/api/vish/leveringen`, {
    method: 'POST',
    headers: { 'x-api-key': shvKey, 'content-type': 'text/csv' },
    body: Readable.toWeb(createReadStream(leverCsv)) as unknown as BodyInit,
    duplex: 'half',
  } as RequestInit);
  const bewijs = (await res.json()) as { regelsGeaccepteerd?: number };
  const leverS = (performance.now() - t0) / 1000;
  if (res.status !== 201 || bewijs.regelsGeaccepteerd !== ROWS)
    throw new Error(`delivery failed: ${res.status} ${JSON.stringify(bewijs).slice(0, 300)}`);
  fase();
  const leverRss = rss.piek();
  const copyS = url ? await rauweCopy(url, leverCsv) : await rauweCopyPglite(leverCsv);
  regel(
    `delivery (full replace) : ${leverS.toFixed(2)} s = ${Math.round(ROWS / leverS).toLocaleString('nl-NL')} rows/s; raw COPY of the same CSV ${copyS.toFixed(2)} s; peak RSS ${mb(leverRss)}`,
  );
  metingen.push({ figuur: 'levering', waarde: leverS / copyS, rssBytes: leverRss });

  // 2. Single checks.
  const body = (i: number) => JSON.stringify({ bsn: bsns[(i * 7919) % ROWS] });
  rss.begin();
  fase = fasen.begin('health route');
  const basis = await cannon({ url: `${BASE}/api/gezondheid`, method: 'GET', headers: { 'x-api-key': dwKey } });
  fase();
  fase = fasen.begin('single check');
  let teller = 0;
  const check = await cannon({
    url: `${BASE}/api/vish/controle`,
    method: 'POST',
    headers: { 'x-api-key': dwKey, 'content-type': 'application/json' },
    setupClient: (client) => client.on('response', () => undefined),
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body(teller++) }) }],
  });
  fase();
  const checkRss = rss.piek();
  regel(
    `single check            : ${Math.round(check.requests.average).toLocaleString('nl-NL')} checks/s, p50 ${check.latency.p50} ms, p99 ${check.latency.p99} ms, errors ${check.errors + check.non2xx}; baseline health route ${Math.round(basis.requests.average).toLocaleString('nl-NL')} req/s (p99 ${basis.latency.p99} ms); peak RSS ${mb(checkRss)}`,
  );
  if (check.errors + check.non2xx > 0) throw new Error(`single check: ${check.errors + check.non2xx} errors`);
  metingen.push({ figuur: 'controle', waarde: check.requests.average / basis.requests.average, rssBytes: checkRss });
  metingen.push({ figuur: 'controle-p99', waarde: check.latency.p99 });

  // 3. Batch check.
  rss.begin();
  fase = fasen.begin('batch check');
  const t1 = performance.now();
  const bres = await fetch(`${BASE}/api/vish/controle/batch`, {
    method: 'POST',
    headers: { 'x-api-key': dwKey, 'content-type': 'text/csv' },
    body: Readable.toWeb(createReadStream(batchCsv)) as unknown as BodyInit,
    duplex: 'half',
  } as RequestInit);
  let lijnen = 0;
  let matches = 0;
  let rest = '';
  for await (const chunk of bres.body as unknown as AsyncIterable<Uint8Array>) {
    const delen = (rest + Buffer.from(chunk).toString()).split('\n');
    rest = delen.pop() ?? '';
    lijnen += delen.length;
    for (const d of delen) if (d.includes(';match;')) matches++;
  }
  const batchS = (performance.now() - t1) / 1000;
  fase();
  const batchRss = rss.piek();
  rss.stop();
  const parseS = await parseTijd(batchCsv);
  regel(
    `batch check             : ${batchS.toFixed(2)} s for ${ROWS.toLocaleString('nl-NL')} BSNs (${lijnen - 1} result lines, ${matches} matches) = ${Math.round(ROWS / batchS).toLocaleString('nl-NL')}/s; baseline csv-parse of the same file ${parseS.toFixed(2)} s; peak RSS ${mb(batchRss)}`,
  );
  if (matches !== ROWS / 2) throw new Error(`batch check found ${matches} matches, expected ${ROWS / 2}`);
  metingen.push({ figuur: 'batch', waarde: batchS / parseS, rssBytes: batchRss });

  server.kill('SIGTERM');
  await once(server, 'exit');
  if (process.env.BENCH_PROFIEL) {
    fasen.bewaar(join(process.env.BENCH_PROFIEL, 'fasen.json'));
    regel(
      `CPU profile of the server in ${process.env.BENCH_PROFIEL}; summary: npx tsx bench/profiel.ts <file> fasen.json`,
    );
  }
  // 4. Early signals: a signal file through the whole intake pipeline (parse, validate, route, store). `-- vish` skips it.
  if (!process.argv.includes('vish')) metingen.push(await benchVroegsignalen({ url, rows: ROWS, regel }));
  await drop();
  beoordeel(metingen, kind, regel);
}

const mb = (b: number) => `${Math.round(b / 2 ** 20)} MB`;

function genereerBsns(n: number, start = 10_000_000): string[] {
  const out: string[] = [];
  for (let s = start; out.length < n; s++) {
    const b = bsnFromSeed(s);
    if (b) out.push(b);
  }
  return out;
}

async function schrijf(file: string, header: string, lines: string[]) {
  async function* gen() {
    yield header;
    for (let i = 0; i < lines.length; i += 10_000) yield lines.slice(i, i + 10_000).join('');
  }
  await pipeline(Readable.from(gen()), createWriteStream(file));
  return statSync(file).size;
}

async function wachtOpServer() {
  // A loaded machine can take a while to start the server: up to two minutes.
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${BASE}/api/gezondheid`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ connections: 32, pipelining: 1, duration: SECONDS, ...opts });
}

async function rauweCopy(url: string, file: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('CREATE TEMP TABLE ruwe_copy (bsn text, contactnaam text, telefoon text, email text)');
  const t = performance.now();
  await pipeline(
    createReadStream(file),
    c.query(copyFrom("COPY ruwe_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)")),
  );
  const s = (performance.now() - t) / 1000;
  await c.end();
  return s;
}

/** PGlite's baseline: COPY of the same CSV into a fresh in-memory PGlite in this process. */
async function rauweCopyPglite(file: string): Promise<number> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { readFile } = await import('node:fs/promises');
  const db = await PGlite.create();
  await db.query('CREATE TABLE ruwe_copy (bsn text, contactnaam text, telefoon text, email text)');
  const t = performance.now();
  const blob = new Blob([await readFile(file)]);
  await db.query("COPY ruwe_copy FROM '/dev/blob' WITH (FORMAT csv, DELIMITER ';', HEADER true)", [], { blob });
  const s = (performance.now() - t) / 1000;
  await db.close();
  return s;
}

async function parseTijd(file: string): Promise<number> {
  const t = performance.now();
  let n = 0;
  for await (const _ of createReadStream(file).pipe(parse({ delimiter: ';', from_line: 2 }))) n++;
  if (n !== ROWS) throw new Error(`parsed ${n} rows`);
  return (performance.now() - t) / 1000;
}

async function database(): Promise<{ url?: string; kind: string; drop: () => Promise<void> }> {
  const keuze = process.env.BENCH_DB ?? '';
  if (!['', 'postgresql', 'pglite'].includes(keuze)) throw new Error('BENCH_DB is postgresql or pglite');
  if (keuze === 'pglite') return { kind: 'pglite', drop: async () => undefined };
  const admin = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const name = `sr_bench_${randomBytes(4).toString('hex')}`;
  try {
    const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
  } catch (err) {
    if (keuze === 'postgresql') throw err;
    console.log('PostgreSQL not reachable: benchmarking on embedded PGlite (BENCH_DB=postgresql to insist)');
    return { kind: 'pglite', drop: async () => undefined };
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    kind: 'postgresql',
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
