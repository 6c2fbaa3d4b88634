import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { generate } from 'otplib';
import type { FastifyInstance } from 'fastify';
import { databases, PG_URL, testLogger, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsns, laadDemoPostcodes, maak, traject } from '../helpers/fixtures/trajecten.ts';
import { createContext, type Context } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';

/**
 * Backup and restore (docs/backup-herstel.md): pg_dump of the database plus the keys kept outside it. Restored
 * into a fresh database with the keys, VISH checks, logins and the trajectories' VISH feed (which decrypts the
 * trajectories' BSNs) work; with other keys the data stays unreadable, and the dump holds no clear BSN.
 */
const postgres = (await databases()).includes('postgres');
const TOELATING = {
  intake: { startdatum: '2026-01-12', beschikkingssoort: 'Toelatingsbeschikking', beschikkingsdatum: '2026-01-30' },
};

async function nieuweDatabase(): Promise<string> {
  const naam = `sr_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${naam}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${naam}`;
  return u.toString();
}
async function verwijderDatabase(url: string) {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  await admin.end();
}

describe.runIf(postgres)('Backup and restore (PostgreSQL)', () => {
  let t: TestOmgeving;
  const opruimen: Array<() => Promise<void>> = [];
  const [inVish, inTraject] = bsns(60_000_000, 2) as [string, string];
  let gebruiker: { email: string; wachtwoord: string; totpGeheim: string };
  let dumpTekst: string;
  let dump: string;
  beforeAll(async () => {
    t = await testOmgeving('postgres', { PSEUDONIEM_SLEUTELS: undefined });
    await laadDemoPostcodes(t);
    const kb = await t.organisatie('Kredietbank Herstel', 'schuldhulpverlener');
    const shv = await t.organisatie('Schuldhulp Herstel', 'schuldhulpverlener');
    const gm = await t.organisatie('Gemeente Herstel', 'gemeente');
    const lever = await t.app.inject({
      method: 'POST',
      url: '/api/vish/leveringen',
      headers: { ...kb.headers, 'content-type': 'text/csv' },
      payload: `BSN;Contactnaam;Telefoon\n${inVish};Team Herstel;0301234567\n`,
    });
    expect(lever.statusCode).toBe(201);
    await maak(t, shv, traject(inTraject, { ddas: TOELATING }));
    gebruiker = await t.ctx.accounts.maakGebruiker(SYSTEEM, {
      organisatieId: gm.id,
      email: `herstel-${Date.now()}@test.example`,
      naam: 'Medewerker Herstel',
      rol: 'gemeente-medewerker',
    });
    // The backup: the database as a custom-format dump, plus the key folder (in production: the secret store).
    const map = mkdtempSync(join(tmpdir(), 'sr-backup-'));
    opruimen.push(async () => rmSync(map, { recursive: true, force: true }));
    dump = join(map, 'schuldenrust.dump');
    execFileSync('pg_dump', ['--format=custom', `--file=${dump}`, t.url!]);
    dumpTekst = execFileSync('pg_restore', ['--file=-', dump], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
    cpSync(join(t.config.DATA_DIR, 'geheimen'), join(map, 'geheimen'), { recursive: true });
  });
  afterAll(async () => {
    for (const f of opruimen.reverse()) await f();
    await t?.sluit();
  });

  /** A node on a fresh database restored from the dump, with the given key folder (or none). */
  async function hersteld(sleutels: string | null): Promise<{ ctx: Context; app: FastifyInstance }> {
    const url = await nieuweDatabase();
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${url}`, dump]);
    const dataDir = mkdtempSync(join(tmpdir(), 'sr-hersteld-'));
    if (sleutels) cpSync(sleutels, join(dataDir, 'geheimen'), { recursive: true });
    const ctx = await createContext({ ...t.config, DATABASE_URL: url, DATA_DIR: dataDir }, testLogger());
    const app = await buildApp(ctx);
    await app.ready();
    opruimen.push(async () => {
      await app.close();
      await ctx.close();
      rmSync(dataDir, { recursive: true, force: true });
      await verwijderDatabase(url);
    });
    return { ctx, app };
  }
  const dwSleutel = async (ctx: Context) => {
    const { maakOrganisatie } = await import('../../src/modules/organisaties/organisaties.ts');
    const { maakApiSleutel } = await import('../../src/modules/organisaties/api-sleutels.ts');
    const dw = await maakOrganisatie(ctx.db.kysely, { naam: `Deurwaarder ${Date.now()}`, type: 'gerechtsdeurwaarder' });
    return { 'x-api-key': (await maakApiSleutel(ctx.db.kysely, dw.id, 'test')).sleutel };
  };
  const controle = async (app: FastifyInstance, headers: Record<string, string>, bsn: string) =>
    (await app.inject({ method: 'POST', url: '/api/vish/controle', headers, payload: { bsn } })).json().match;
  const inloggen = async (app: FastifyInstance) =>
    app.inject({
      method: 'POST',
      url: '/api/sessie/inloggen',
      payload: {
        email: gebruiker.email,
        wachtwoord: gebruiker.wachtwoord,
        code: await generate({ secret: gebruiker.totpGeheim, epoch: Math.floor(Date.now() / 1000) }),
      },
    });

  it('the dump holds no clear BSN and no TOTP secret', () => {
    expect(dumpTekst).toContain('vish_personen');
    for (const geheim of [inVish, inTraject, gebruiker.totpGeheim]) expect(dumpTekst).not.toContain(geheim);
  });

  it('restored with the keys: VISH checks, logins and the trajectory feed work', async () => {
    const { ctx, app } = await hersteld(join(t.config.DATA_DIR, 'geheimen'));
    const dw = await dwSleutel(ctx);
    expect(await controle(app, dw, inVish)).toBe(true);
    expect((await inloggen(app)).statusCode).toBe(200);
    // The trajectory's BSN is decrypted for the feed: afterwards the bailiff finds the person.
    const shv = await ctx.db.kysely
      .selectFrom('organisaties')
      .select('id')
      .where('naam', '=', 'Schuldhulp Herstel')
      .executeTakeFirstOrThrow();
    const { maakApiSleutel } = await import('../../src/modules/organisaties/api-sleutels.ts');
    const shvKey = (await maakApiSleutel(ctx.db.kysely, shv.id, 'test')).sleutel;
    const feed = await app.inject({
      method: 'POST',
      url: '/api/trajecten/vish/uitvoeren',
      headers: { 'x-api-key': shvKey },
    });
    expect(feed.json()).toMatchObject({ resultaat: 'geleverd', aantal: 1 });
    expect(await controle(app, dw, inTraject)).toBe(true);
  });

  it('restored without the keys: no check matches, no login succeeds, no trajectory BSN is read', async () => {
    const { ctx, app } = await hersteld(null);
    const dw = await dwSleutel(ctx);
    expect(await controle(app, dw, inVish)).toBe(false);
    expect((await inloggen(app)).statusCode).not.toBe(200);
    const shv = await ctx.db.kysely
      .selectFrom('organisaties')
      .select('id')
      .where('naam', '=', 'Schuldhulp Herstel')
      .executeTakeFirstOrThrow();
    const { maakApiSleutel } = await import('../../src/modules/organisaties/api-sleutels.ts');
    const shvKey = (await maakApiSleutel(ctx.db.kysely, shv.id, 'test')).sleutel;
    await app.inject({ method: 'POST', url: '/api/trajecten/vish/uitvoeren', headers: { 'x-api-key': shvKey } });
    expect(await controle(app, dw, inTraject)).toBe(false);
  });
});
