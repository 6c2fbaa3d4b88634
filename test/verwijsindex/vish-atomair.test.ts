import { spawn } from 'node:child_process';
import pg from 'pg';
import { PROCES_SLOT } from '../../src/db/proces.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, TEST_SLEUTELS, type TestOmgeving } from '../helpers/omgeving.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { bsnFromSeed } from '../../src/shared/bsn.ts';
import type { BronRegel } from '../../src/modules/verwijsindex/levering.ts';
import { AppError } from '../../src/shared/errors.ts';

const OUD = '111222333';
const NIEUW = '123456782';
const regel = (bsn: string, r: number): BronRegel => ({
  regel: r,
  velden: { bsn, contactnaam: 'Team', telefoon: '0301234567' },
});

for (const kind of await databases()) {
  describe(`Atomic VISH replace on ${kind}`, () => {
    let t: TestOmgeving;
    let org: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    const match = (bsn: string) => t.ctx.vishIndex.zoek(bsn).length > 0;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      org = await t.organisatie('Kredietbank', 'schuldhulpverlener');
      await t.ctx.vishLevering.lever(
        SYSTEEM,
        org,
        'test',
        (async function* () {
          yield regel(OUD, 2);
        })(),
        () => 'x',
      );
    });
    afterAll(async () => t?.sluit());

    it('readers see the old set until the new one is swapped in, never a mix', async () => {
      let klaar = false;
      const gezien: Array<[boolean, boolean]> = [];
      async function* traag(): AsyncGenerator<BronRegel> {
        yield regel(NIEUW, 2);
        for (let i = 0; i < 20_000; i++) {
          const b = bsnFromSeed(60_000_000 + i);
          if (b) yield regel(b, i + 3);
          if (i % 500 === 0) await new Promise((r) => setTimeout(r, 1));
        }
      }
      const bezig = t.ctx.vishLevering
        .lever(SYSTEEM, org, 'test', traag(), () => 'x')
        .finally(() => {
          klaar = true;
        });
      while (!klaar) {
        gezien.push([match(OUD), match(NIEUW)]);
        await new Promise((r) => setTimeout(r, 2));
      }
      await bezig;
      expect(gezien.length).toBeGreaterThan(10);
      expect(gezien.every(([oud, nieuw]) => oud !== nieuw)).toBe(true); // old xor new, at every moment
      expect(match(NIEUW)).toBe(true);
      expect(match(OUD)).toBe(false);
    });

    it('a delivery that fails mid-stream leaves the active set untouched and stages nothing', async () => {
      async function* kapot(): AsyncGenerator<BronRegel> {
        yield regel(OUD, 2);
        for (let i = 0; i < 60_000; i++) {
          const b = bsnFromSeed(70_000_000 + i);
          if (b) yield regel(b, i + 3);
        }
        throw new AppError(413, 'te_groot', 'Het bestand is te groot.');
      }
      await expect(t.ctx.vishLevering.lever(SYSTEEM, org, 'test', kapot(), () => 'x')).rejects.toThrow();
      expect(match(NIEUW)).toBe(true);
      expect(match(OUD)).toBe(false);
      const l = await t.ctx.db.kysely
        .selectFrom('vish_leveringen')
        .select(['id', 'status'])
        .where('status', '=', 'afgebroken')
        .execute();
      expect(l).toHaveLength(1);
      const staged = await t.ctx.db.kysely
        .selectFrom('vish_personen')
        .select('levering_id')
        .where('levering_id', '=', l[0]!.id)
        .execute();
      expect(staged).toHaveLength(0);
    });

    /** Starts test/helpers/fixtures/onderbroken-levering.ts: a process that stages a delivery and hangs. */
    const startOnderbroken = async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/helpers/fixtures/onderbroken-levering.ts', org.id, org.naam, OUD],
        {
          env: {
            ...process.env,
            DATABASE_URL: t.config.DATABASE_URL ?? '',
            DATA_DIR: t.config.DATA_DIR,
            PSEUDONIEM_SLEUTELS: TEST_SLEUTELS,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const gestopt = new Promise<void>((resolve, reject) => {
        child.on('exit', () => resolve());
        child.on('error', reject);
      });
      let output = '';
      const nummer = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          output += d;
          const m = /BEZIG (\d+)/.exec(output);
          if (m) resolve(Number(m[1]));
        });
        gestopt.then(() => reject(new Error(`fixture ended early: ${output}`)), reject);
      });
      return {
        async kill() {
          child.kill('SIGKILL');
          await gestopt;
          if (!t.config.DATABASE_URL) return;
          // PostgreSQL ends the dead process's session, and with it its liveness lock, within moments.
          const c = new pg.Client({ connectionString: t.config.DATABASE_URL });
          await c.connect();
          try {
            for (let i = 0; i < 100; i++) {
              const r = await c.query(
                `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = ${PROCES_SLOT} AND objid = $1`,
                [nummer],
              );
              if (r.rowCount === 0) return;
              await new Promise((klaar) => setTimeout(klaar, 100));
            }
            throw new Error('the killed process still holds its liveness lock');
          } finally {
            await c.end();
          }
        },
      };
    };
    const bezig = () =>
      t.ctx.db.kysely.selectFrom('vish_leveringen').select(['id', 'eigenaar']).where('status', '=', 'bezig').execute();
    const gestaged = async (id: string) =>
      (
        await t.ctx.db.kysely
          .selectFrom('vish_personen')
          .select('levering_id')
          .where('levering_id', '=', id)
          .limit(1)
          .execute()
      ).length;

    it('a process killed mid-delivery: the restart cleans up its delivery and staged pseudonyms at once; the old set stays active', async () => {
      await t.herstart({}, async () => {
        const kind = await startOnderbroken();
        await kind.kill();
      });
      expect(match(NIEUW)).toBe(true); // the set active before the killed delivery
      expect(match(OUD)).toBe(false);
      expect(await bezig()).toEqual([]); // cleaned up by the start-up, not 6 hours later
      const afgebroken = await t.ctx.db.kysely
        .selectFrom('vish_leveringen')
        .select(['id', 'fouten'])
        .where('status', '=', 'afgebroken')
        .where('bron', '=', 'test')
        .orderBy('volgnr', 'desc')
        .executeTakeFirstOrThrow();
      expect(afgebroken.fouten).toEqual({ melding: 'Verwerking niet afgerond (onderbroken)' });
      expect(await gestaged(afgebroken.id)).toBe(0);
    });

    it.runIf(kind === 'postgres')(
      'a delivery another live process is running survives this process starting; once that process is killed, the next start cleans it up',
      async () => {
        const ander = await startOnderbroken();
        try {
          const [l] = await bezig();
          expect(l?.eigenaar).toEqual(expect.any(Number));
          expect(await t.ctx.db.proces.leeft(l!.eigenaar!)).toBe(true);
          await t.herstart(); // this node starts (or restarts) while the other delivers
          expect(await bezig()).toEqual([l]);
          await ander.kill();
          await t.herstart();
          expect(await bezig()).toEqual([]);
          expect(await gestaged(l!.id)).toBe(0);
          expect(match(NIEUW)).toBe(true);
        } finally {
          await ander.kill();
        }
      },
    );

    it('key rotation: a new key goes first, older deliveries stay findable, new ones use the new key', async () => {
      const nieuweSleutel = `t2:${Buffer.alloc(32, 9).toString('base64')}`;
      await t.herstart({ PSEUDONIEM_SLEUTELS: `${nieuweSleutel},${TEST_SLEUTELS}` });
      expect(match(NIEUW)).toBe(true);
      const bewijs = await t.ctx.vishLevering.lever(
        SYSTEEM,
        org,
        'test',
        (async function* () {
          yield regel(OUD, 2);
        })(),
        () => 'x',
      );
      const l = await t.ctx.db.kysely
        .selectFrom('vish_leveringen')
        .select('sleutel_id')
        .where('id', '=', bewijs.leveringId)
        .executeTakeFirstOrThrow();
      expect(l.sleutel_id).toBe('t2');
      await t.herstart({ PSEUDONIEM_SLEUTELS: nieuweSleutel }); // old key retired
      expect(match(OUD)).toBe(true);
      expect(match(NIEUW)).toBe(false);
    });
  });
}
