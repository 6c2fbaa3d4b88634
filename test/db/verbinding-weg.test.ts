import { type ChildProcessByStdio, spawn } from 'node:child_process';
import http from 'node:http';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, TEST_SLEUTELS, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { bsnFromSeed } from '../../src/shared/bsn.ts';
import { importeerGemeenten } from '../../src/modules/gemeenten/gemeenten.ts';

/**
 * A database connection dropped while work runs on it (PostgreSQL restarted, an administrator's
 * pg_terminate_backend). Before, a connection in use had no error listener and the whole process died
 * ("Unhandled 'error' event ... ECONNRESET at CopyStreamQuery.flushChunk"): HTTP, mTLS and SFTP down.
 * Here the platform runs as a process of its own and a separate admin connection terminates its backends
 * in the middle of the work: the request fails cleanly (503, Dutch), the process answers on, the old
 * VISH list stays active.
 */
const opPostgres = (await databases()).includes('postgres');
const OUD = '111222333';

describe.runIf(opPostgres)('Dropped database connections during work, on postgres', () => {
  let t: TestOmgeving;
  let admin: pg.Client;
  let server: ChildProcessByStdio<null, Readable, Readable>;
  let basis = '';
  let logboek = '';
  let uitgestapt: string | null = null;
  const appNaam = `sr-verbinding-${process.pid}`;
  let kb: Awaited<ReturnType<TestOmgeving['organisatie']>>;
  let dw: typeof kb;
  let partner: typeof kb;

  beforeAll(async () => {
    t = await testOmgeving('postgres');
    kb = await t.organisatie('Kredietbank Verbinding', 'schuldhulpverlener');
    dw = await t.organisatie('Deurwaarder Verbinding', 'gerechtsdeurwaarder');
    partner = await t.organisatie('Energie Verbinding', 'signaalpartner');
    await t.ctx.vishLevering.lever(
      SYSTEEM,
      kb,
      'test',
      (async function* () {
        yield { regel: 2, velden: { bsn: OUD, contactnaam: 'Team Oud', telefoon: '0301234567' } };
      })(),
      () => 'x',
    );
    await importeerGemeenten(
      t.ctx,
      SYSTEEM,
      Readable.from([Buffer.from('Gemeentecode;Gemeentenaam\nGM0344;Utrecht\n')]),
    );
    const aanmelding = await t.app.inject({
      method: 'POST',
      url: '/api/partners/aanmelding',
      headers: partner.headers,
      payload: {
        type: 'Energie',
        sectoren: ['energie'],
        contactpersoon: { naam: 'C. Ontact', email: 'vs@partner.example', delen: true },
        tekenbevoegde: { naam: 'T. Ekenaar', functie: 'Directeur', email: 'directie@partner.example' },
        gemeenten: ['GM0344'],
      },
    });
    expect(aanmelding.statusCode, aanmelding.body).toBe(201);
    admin = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await admin.connect();
    // The platform as its own process; PGAPPNAME marks its connections so only they are terminated.
    server = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/fixtures/server.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: t.config.DATABASE_URL ?? '',
        DATA_DIR: t.config.DATA_DIR,
        PSEUDONIEM_SLEUTELS: TEST_SLEUTELS,
        PGAPPNAME: appNaam,
        AUTH_CACHE_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stderr.on('data', (d) => {
      logboek += d;
    });
    server.on('exit', (code, signaal) => {
      uitgestapt = `exit ${code ?? signaal}`;
    });
    const poort = await new Promise<number>((resolve, reject) => {
      let uit = '';
      server.stdout.on('data', (d) => {
        uit += d;
        const m = /LUISTERT (\d+)/.exec(uit);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', () => reject(new Error(`server ended: ${logboek}`)));
    });
    basis = `http://127.0.0.1:${poort}`;
  });
  afterAll(async () => {
    server?.kill('SIGTERM');
    await admin?.end();
    await t?.sluit();
  });

  /** Polls the server's sessions until `wanneer` holds for one, then terminates all of them. */
  const beeindigZodra = async (
    wanneer: (r: { query: string; state: string; wait_event_type: string | null }) => boolean,
  ) => {
    for (let i = 0; i < 3000; i++) {
      const r = await admin.query(
        'SELECT query, state, wait_event_type FROM pg_stat_activity WHERE application_name = $1',
        [appNaam],
      );
      if (r.rows.some(wanneer)) {
        const k = await admin.query(
          'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1',
          [appNaam],
        );
        return k.rows[0].n as number;
      }
      await new Promise((klaar) => setTimeout(klaar, 10));
    }
    throw new Error('the awaited statement never ran');
  };
  /**
   * Holds a lock on `tabel` from a connection of its own (pg_stat_activity is read elsewhere: inside a
   * transaction it would show one frozen snapshot), so the server's next write to it waits.
   */
  const houdVast = async (tabel: string) => {
    const c = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await c.connect();
    await c.query('BEGIN');
    await c.query(`LOCK TABLE ${tabel} IN SHARE MODE`);
    return c;
  };
  /** A POST whose body is written as it is produced (with back-pressure), like a real upload. */
  const stroom = (pad: string, headers: Record<string, string>, body: AsyncIterable<string>) =>
    new Promise<{ status: number; tekst: string }>((resolve, reject) => {
      const req = http.request(`${basis}${pad}`, { method: 'POST', headers }, (res) => {
        let tekst = '';
        res.on('data', (d) => {
          tekst += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, tekst }));
        res.on('error', reject);
      });
      req.on('error', reject);
      (async () => {
        for await (const deel of body) {
          if (req.destroyed) return;
          if (!req.write(deel)) await new Promise((r) => req.once('drain', r));
        }
        req.end();
      })().catch(reject);
    });
  const controle = async (bsn: string) =>
    (
      await fetch(`${basis}/api/vish/controle`, {
        method: 'POST',
        headers: { ...dw.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ bsn }),
      })
    ).json() as Promise<{ match: boolean; contacten: Array<{ naam: string }> }>;
  const leeft = async () => {
    expect(uitgestapt, logboek).toBeNull();
    expect((await fetch(`${basis}/api/gezondheid`)).status).toBe(200);
  };

  it('VISH delivery of 300,000 rows: backend terminated during the COPY -> 503 in Dutch, the old list stays active, the process answers on', async () => {
    const nieuw: string[] = [];
    async function* lijst() {
      yield 'BSN;Contactnaam;Telefoon\n';
      let blok = '';
      for (let s = 40_000_000; nieuw.length < 300_000; s++) {
        const b = bsnFromSeed(s);
        if (!b) continue;
        nieuw.push(b);
        blok += `${b};Team Nieuw;0301234567\n`;
        if (blok.length > 64_000) {
          yield blok;
          blok = '';
        }
      }
      yield blok;
    }
    const antwoord = stroom('/api/vish/leveringen', { ...kb.headers, 'content-type': 'text/csv' }, lijst());
    const n = await beeindigZodra((r) => r.query.startsWith('COPY vish_personen') && r.state === 'active');
    expect(n).toBeGreaterThan(0);
    const r = await antwoord;
    expect(r.status).toBe(503);
    expect(JSON.parse(r.tekst)).toMatchObject({
      code: 'database_onbereikbaar',
      title:
        'De levering is niet verwerkt, omdat de verbinding met de database wegviel. De vorige levering blijft actief. Stuur het bestand over een paar minuten opnieuw.',
    });
    await leeft();
    expect(await controle(OUD)).toMatchObject({ match: true, contacten: [{ naam: 'Team Oud' }] });
    expect((await controle(nieuw[0]!)).match).toBe(false);
    const l = await t.ctx.db.kysely
      .selectFrom('vish_leveringen')
      .select(['status', 'fouten'])
      .where('organisatie_id', '=', kb.id)
      .orderBy('volgnr')
      .execute();
    expect(l.map((x) => x.status)).toEqual(['actief', 'afgebroken']);
    // The next delivery works on fresh connections.
    const opnieuw = await fetch(`${basis}/api/vish/leveringen/json`, {
      method: 'POST',
      headers: { ...kb.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        personen: [
          { bsn: OUD, contactnaam: 'Team Oud', telefoon: '0301234567' },
          { bsn: nieuw[1], contactnaam: 'Team Nieuw', telefoon: '0301234567' },
        ],
      }),
    });
    expect(opnieuw.status).toBe(201);
    expect((await controle(nieuw[1]!)).match).toBe(true);
  });

  it('batch check: backend terminated while it writes an audit block -> 503 in Dutch before any result, the process answers on', async () => {
    const bsns: string[] = [];
    for (let s = 41_000_000; bsns.length < 25_000; s++) {
      const b = bsnFromSeed(s);
      if (b) bsns.push(b);
    }
    // Take the next audit sequence number in a transaction left open: the server's block write (the entry and its
    // lines in one statement) then waits on that row, and is terminated there.
    const slot = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await slot.connect();
    await slot.query('BEGIN');
    await slot.query(
      `INSERT INTO audit_log (actor_soort, actie, resultaat, volgnr, hash)
       SELECT 'systeem', 'test.blokkade', 'ok', coalesce(max(volgnr), 0) + 1, '\\x00'::bytea FROM audit_log`,
    );
    const antwoord = stroom(
      '/api/vish/controle/batch',
      { ...dw.headers, 'content-type': 'text/csv' },
      Readable.from([`BSN;Kenmerk\n${bsns.map((b, i) => `${b};K${i}`).join('\n')}\n`]),
    );
    try {
      await beeindigZodra((r) => r.query.includes('INSERT INTO audit_batchregels') && r.wait_event_type === 'Lock');
    } finally {
      await slot.end(); // rolls the blocking row back
    }
    const r = await antwoord;
    expect(r.status).toBe(503);
    expect(JSON.parse(r.tekst)).toMatchObject({
      code: 'database_onbereikbaar',
      title: 'De verbinding met de database viel weg. Probeer het over een minuut opnieuw.',
    });
    await leeft();
    const weer = await stroom(
      '/api/vish/controle/batch',
      { ...dw.headers, 'content-type': 'text/csv' },
      Readable.from([`BSN;Kenmerk\n${OUD};K1\n`]),
    );
    expect(weer.status).toBe(200);
    expect(weer.tekst).toContain('2;K1;match;Kredietbank Verbinding;Team Oud');
  });

  it('early-signal upload: backend terminated inside the upload transaction -> 503 in Dutch, nothing stored, the process answers on', async () => {
    const slot = await houdVast('vroegsignaal_leveringen');
    const antwoord = stroom(
      '/api/vroegsignalen/leveringen?bestandsnaam=test.csv',
      { ...partner.headers, 'content-type': 'text/csv' },
      Readable.from([
        'Achternaam;Huisnummer;Postcode;Telefoonnummer 1;Aantal maanden achterstand;Bedrag achterstand\r\nJansen;1;3511AB;0612345678;2;150,00\r\n',
      ]),
    );
    try {
      await beeindigZodra((r) => r.query.includes('vroegsignaal_leveringen') && r.wait_event_type === 'Lock');
    } finally {
      await slot.end(); // ends the transaction and with it the lock
    }
    const r = await antwoord;
    expect(r.status).toBe(503);
    expect(JSON.parse(r.tekst)).toMatchObject({
      code: 'database_onbereikbaar',
      title: expect.stringMatching(/^De verbinding/),
    });
    await leeft();
    const n = await admin.query('SELECT count(*)::int AS n FROM vroegsignaal_leveringen');
    expect(n.rows[0].n).toBe(0);
    expect((await controle(OUD)).match).toBe(true);
  });
});
