import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { databases, PG_URL, TEST_SLEUTELS } from '../helpers/omgeving.ts';
import { maakOrganisatie } from '../../src/modules/organisaties/organisaties.ts';
import { maakApiSleutel } from '../../src/modules/organisaties/api-sleutels.ts';
import { bsnFromSeed } from '../../src/shared/bsn.ts';
import type { Database } from '../../src/db/schema.ts';

/**
 * A real node process (`src/main.ts`) gets SIGTERM while a VISH delivery is being uploaded: readiness answers 503
 * at once, the running delivery finishes and is activated, and the process exits cleanly.
 */
const vrijePoort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

const postgres = (await databases()).includes('postgres');

describe.runIf(postgres)('Graceful shutdown of a node (PostgreSQL)', () => {
  let dbName: string;
  let url: string;
  let dataDir: string;
  let kind: ChildProcess | undefined;
  beforeAll(async () => {
    dbName = `sr_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${dbName}`;
    url = u.toString();
    dataDir = mkdtempSync(join(tmpdir(), 'sr-afsluiten-'));
  });
  afterAll(async () => {
    kind?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  it('SIGTERM during a delivery: readiness 503, the delivery completes and is active, exit code 0', async () => {
    const poort = await vrijePoort();
    const basis = `http://127.0.0.1:${poort}`;
    kind = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        DATA_DIR: dataDir,
        PSEUDONIEM_SLEUTELS: TEST_SLEUTELS,
        DEMO_DATA: 'uit',
        HOST: '127.0.0.1',
        PORT: String(poort),
        TLS_PORT: '0',
        SFTP_PORT: '0',
        LOG_LEVEL: 'silent',
        AFSLUIT_WACHT_MS: '1500',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const einde = new Promise<number | null>((resolve) => kind!.once('exit', (code) => resolve(code)));
    for (let i = 0; ; i++) {
      const r = await fetch(`${basis}/api/gezondheid/gereed`).catch(() => undefined);
      if (r?.status === 200) break;
      if (i > 600) throw new Error('node did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) });
    let sleutel: string;
    try {
      const org = await maakOrganisatie(db, { naam: 'Kredietbank Afsluiten', type: 'schuldhulpverlener' });
      sleutel = (await maakApiSleutel(db, org.id, 'test')).sleutel;
    } finally {
      await db.destroy();
    }

    // An upload that sends its first half, then waits until the node is shutting down before sending the rest.
    const lijst: string[] = [];
    for (let s = 50_000_000; lijst.length < 2000; s++) {
      const b = bsnFromSeed(s);
      if (b) lijst.push(b);
    }
    const tekst = `BSN;Contactnaam;Telefoon\n${lijst.map((b) => `${b};Team Afsluiten;0301234567`).join('\n')}\n`;
    const midden = tekst.indexOf('\n', tekst.length / 2) + 1;
    let los!: () => void;
    const sein = new Promise<void>((r) => {
      los = r;
    });
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(new TextEncoder().encode(tekst.slice(0, midden)));
        await sein;
        c.enqueue(new TextEncoder().encode(tekst.slice(midden)));
        c.close();
      },
    });
    const levering = fetch(`${basis}/api/vish/leveringen`, {
      method: 'POST',
      headers: { 'x-api-key': sleutel, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    await new Promise((r) => setTimeout(r, 300)); // the first half is in
    kind.kill('SIGTERM');
    let gereed = 200;
    for (let i = 0; i < 50 && gereed === 200; i++) {
      gereed = (await fetch(`${basis}/api/gezondheid/gereed`)).status;
      if (gereed === 200) await new Promise((r) => setTimeout(r, 20));
    }
    expect(gereed).toBe(503);
    los();
    const antwoord = await levering;
    expect(antwoord.status).toBe(201);
    expect(await antwoord.json()).toMatchObject({ status: 'actief', regelsGeaccepteerd: 2000 });
    expect(await einde).toBe(0);
    kind = undefined;
    await expect(fetch(`${basis}/api/gezondheid/leeft`)).rejects.toThrow();
  }, 240_000); // a node process starting (tsx, migrations) on a busy 2-core machine
});
