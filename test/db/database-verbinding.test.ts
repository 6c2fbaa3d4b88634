import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, PG_URL, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';

/**
 * PostgreSQL ends idle connections when it restarts or an administrator terminates them. Without an error listener on
 * the pool that is an uncaught exception and the platform process dies (the test run would report it); with one, the
 * pool replaces the connections and the next request works.
 */
const opPostgres = (await databases()).includes('postgres');
describe.runIf(opPostgres)('Database connections on postgres', () => {
  let t: TestOmgeving;
  beforeAll(async () => {
    t = await testOmgeving('postgres');
  });
  afterAll(async () => t?.sluit());

  it('idle connections terminated by the server: the process lives on and the next requests are answered', async () => {
    const org = await t.organisatie('Gemeente Herstel', 'gemeente');
    const lijst = () => t.app.inject({ method: 'GET', url: '/api/gemeenten', headers: org.headers });
    // Several requests at once, so the pool holds several idle connections afterwards.
    expect((await Promise.all(Array.from({ length: 5 }, lijst))).map((r) => r.statusCode)).toEqual([
      200, 200, 200, 200, 200,
    ]);
    const database = new URL(t.config.DATABASE_URL!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const r = await admin.query(
      'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    await admin.end();
    expect(r.rows[0].n).toBeGreaterThan(0);
    await new Promise((klaar) => setTimeout(klaar, 300));
    expect((await Promise.all(Array.from({ length: 3 }, lijst))).map((x) => x.statusCode)).toEqual([200, 200, 200]);
  });
});
