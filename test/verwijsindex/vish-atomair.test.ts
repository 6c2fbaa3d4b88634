import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, TEST_SLEUTELS, type TestOmgeving } from '../helpers/omgeving.ts';
import { verloopVish } from '../../src/modules/verwijsindex/onderhoud.ts';
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

    it('a process killed mid-delivery leaves the old set active after restart; the leftovers are cleaned', async () => {
      let output = '';
      await t.herstart({}, async () => {
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
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (d) => {
            output += d;
            if (output.includes('BEZIG')) {
              child.kill('SIGKILL');
            }
          });
          child.on('exit', () => resolve());
          child.on('error', reject);
        });
      });
      expect(output).toContain('BEZIG');
      expect(match(NIEUW)).toBe(true); // the set active before the killed delivery
      expect(match(OUD)).toBe(false);
      const bezig = await t.ctx.db.kysely
        .selectFrom('vish_leveringen')
        .select('id')
        .where('status', '=', 'bezig')
        .execute();
      expect(bezig).toHaveLength(1);
      const r = await verloopVish(t.ctx.db, t.ctx.vishIndex, new Date(Date.now() + 7 * 3_600_000));
      expect(r.afgebroken).toBe(1);
      const staged = await t.ctx.db.kysely
        .selectFrom('vish_personen')
        .select('levering_id')
        .where('levering_id', '=', bezig[0]!.id)
        .limit(1)
        .execute();
      expect(staged).toHaveLength(0);
      expect(match(NIEUW)).toBe(true);
    });

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
