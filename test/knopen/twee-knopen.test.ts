import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { generate } from 'otplib';
import type { FastifyInstance } from 'fastify';
import { databases, testLogger, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { createContext, type Context } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { MAX_MISLUKT } from '../../src/modules/accounts/accounts.ts';
import { bsnFromSeed } from '../../src/shared/bsn.ts';
import { eenmaalPerSchema } from '../../src/jobs/eenmaal.ts';
import { voerJobUit } from '../../src/jobs/scheduler.ts';
import { PROCES_SLOT } from '../../src/db/proces.ts';

/**
 * Two app nodes on loopback against one PostgreSQL (the embedded PGlite is single-node): what one node does,
 * the other sees — a VISH delivery within a second, a job run once, a login lock-out.
 */
const bsns = (start: number, n: number) => {
  const uit: string[] = [];
  for (let s = start; uit.length < n; s++) {
    const b = bsnFromSeed(s);
    if (b) uit.push(b);
  }
  return uit;
};
const csv = (lijst: string[]) =>
  `BSN;Contactnaam;Telefoon\n${lijst.map((b) => `${b};Team Noord;0301234567`).join('\n')}\n`;

const postgres = (await databases()).includes('postgres');

describe.runIf(postgres)('Two nodes on one PostgreSQL', () => {
  let a: TestOmgeving;
  let b: { ctx: Context; app: FastifyInstance };
  beforeAll(async () => {
    a = await testOmgeving('postgres');
    // Node B polls only once a minute: whatever it sees within a second came by NOTIFY.
    const ctx = await createContext({ ...a.config, VISH_SYNC_MS: 60_000 }, testLogger());
    const app = await buildApp(ctx);
    await app.ready();
    b = { ctx, app };
  });
  afterAll(async () => {
    await b?.app.close();
    await b?.ctx.close();
    await a?.sluit();
  });

  const lever = (org: { headers: Record<string, string> }, lijst: string[]) =>
    a.app.inject({
      method: 'POST',
      url: '/api/vish/leveringen',
      headers: { ...org.headers, 'content-type': 'text/csv' },
      payload: csv(lijst),
    });
  const controleOpB = async (dw: { headers: Record<string, string> }, bsn: string) =>
    (await b.app.inject({ method: 'POST', url: '/api/vish/controle', headers: dw.headers, payload: { bsn } })).json()
      .match as boolean;
  /** Milliseconds until node B answers `verwacht` for the BSN (checked every 20 ms), or Infinity after `max`. */
  const totBZiet = async (dw: { headers: Record<string, string> }, bsn: string, verwacht: boolean, max = 3000) => {
    const start = Date.now();
    while (Date.now() - start < max) {
      if ((await controleOpB(dw, bsn)) === verwacht) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 20));
    }
    return Number.POSITIVE_INFINITY;
  };

  it('a delivery through node A answers checks on node B within one second; so does a withdrawal', async () => {
    const shv = await a.organisatie('Kredietbank Twee Knopen', 'schuldhulpverlener');
    const dw = await a.organisatie('Deurwaarders Twee Knopen', 'gerechtsdeurwaarder');
    const [eerste, tweede] = bsns(40_000_000, 2) as [string, string];
    expect(await controleOpB(dw, eerste)).toBe(false);

    expect((await lever(shv, [eerste])).statusCode).toBe(201);
    expect(await totBZiet(dw, eerste, true)).toBeLessThan(1000);

    // A full replace: the old person stops matching on B, the new one matches.
    expect((await lever(shv, [tweede])).statusCode).toBe(201);
    expect(await totBZiet(dw, tweede, true)).toBeLessThan(1000);
    expect(await controleOpB(dw, eerste)).toBe(false);

    await a.ctx.vishLevering.trekIn(SYSTEEM, shv.id, 'productie', 'test');
    expect(await totBZiet(dw, tweede, false)).toBeLessThan(1000);
  });

  it('node B’s listening connection is cut: it reconnects, re-checks, and follows deliveries again', async () => {
    const shv = await a.organisatie('Kredietbank Verbinding Weg', 'schuldhulpverlener');
    const dw = await a.organisatie('Deurwaarders Verbinding Weg', 'gerechtsdeurwaarder');
    const [bsn] = bsns(41_000_000, 1) as [string];
    const admin = new pg.Client({ connectionString: a.url });
    await admin.connect();
    try {
      // The session that holds B's liveness lock is the one that listens.
      const r = await admin.query(
        `SELECT pg_terminate_backend(pid) AS weg FROM pg_locks
          WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND granted`,
        [PROCES_SLOT, b.ctx.db.proces.nummer],
      );
      expect(r.rows).toEqual([{ weg: true }]);
    } finally {
      await admin.end();
    }
    // Delivered while B may not be listening: the re-check after the reconnect (about a second) brings it in.
    expect((await lever(shv, [bsn])).statusCode).toBe(201);
    expect(await totBZiet(dw, bsn, true, 5000)).toBeLessThan(5000);
  });

  it('a job scheduled on both nodes runs once, and its run is recorded once', async () => {
    let runs = 0;
    const job = (ctx: Context) => () =>
      voerJobUit(ctx, 'twee-knopen-test', async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 300));
        return { ok: true };
      });
    const uur = 3_600_000;
    const [opA, opB] = await Promise.all([
      eenmaalPerSchema(a.ctx.db, 'twee-knopen-test', uur, job(a.ctx)),
      eenmaalPerSchema(b.ctx.db, 'twee-knopen-test', uur, job(b.ctx)),
    ]);
    expect([opA, opB].sort()).toEqual(['bezet', 'uitgevoerd']);
    // B's timer fires a little later in the same schedule: the run is already there.
    expect(await eenmaalPerSchema(b.ctx.db, 'twee-knopen-test', uur, job(b.ctx))).toBe('al-gedraaid');
    expect(runs).toBe(1);
    const rijen = await a.ctx.db.kysely
      .selectFrom('job_runs')
      .select('resultaat')
      .where('job', '=', 'twee-knopen-test')
      .execute();
    expect(rijen).toEqual([{ resultaat: 'ok' }]);
    // The next schedule (an hour later) runs again, on whichever node comes first.
    const later = () => new Date(Date.now() + uur);
    expect(await eenmaalPerSchema(b.ctx.db, 'twee-knopen-test', uur, job(b.ctx), later)).toBe('uitgevoerd');
    expect(runs).toBe(2);
  });

  it('a login lock-out made on node A holds on node B', async () => {
    const org = await a.organisatie('Gemeente Twee Knopen', 'gemeente');
    const g = await a.ctx.accounts.maakGebruiker(SYSTEEM, {
      organisatieId: org.id,
      email: `knopen-${Date.now()}@test.example`,
      naam: 'Medewerker Knopen',
      rol: 'gemeente-medewerker',
    });
    const inloggen = (app: FastifyInstance, wachtwoord: string, code: string) =>
      app.inject({ method: 'POST', url: '/api/sessie/inloggen', payload: { email: g.email, wachtwoord, code } });
    for (let i = 0; i < MAX_MISLUKT; i++)
      expect((await inloggen(a.app, `Verkeerd-${i}-wachtwoord`, '123456')).statusCode).toBe(401);
    const code = await generate({ secret: g.totpGeheim, epoch: Math.floor(Date.now() / 1000) });
    const opB = await inloggen(b.app, g.wachtwoord, code);
    expect(opB.statusCode).toBe(401);
    expect(opB.cookies.find((c) => c.name === 'sr_sessie')).toBeUndefined();
  });
});
