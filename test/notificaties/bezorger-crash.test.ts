import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, TEST_SLEUTELS, type TestOmgeving } from '../helpers/omgeving.ts';
import { webhookOntvanger, type WebhookOntvanger } from '../helpers/ontvangers.ts';
import { maakBezorger, publiceer } from '../../src/modules/notificaties/index.ts';

const KIND = fileURLToPath(new URL('./bezorger-kind.ts', import.meta.url));
const LEASE_SECONDEN = 2;

/**
 * A worker process is killed (SIGKILL) after the receiver got the call but before the worker recorded it: the call is
 * made again once its lease ends, so the event still arrives; the receiver, deduping on the event id, processes it
 * exactly once. On PGlite the killed process owned the database folder; the platform then starts again on it.
 */
for (const kind of await databases()) {
  describe(`Notifications: a worker killed mid-delivery on ${kind}`, () => {
    let t: TestOmgeving;
    let haak: WebhookOntvanger;
    beforeAll(async () => {
      haak = await webhookOntvanger();
      t = await testOmgeving(kind, { NOTIFICATIE_CLAIM_SECONDEN: LEASE_SECONDEN });
    });
    afterAll(async () => {
      await t?.sluit();
      await haak?.sluit();
    });

    /** Runs the worker in a child process until the receiver has the call, then kills it. */
    async function doodTijdensAflevering() {
      const ontvangen = new Promise<void>((resolve) => {
        haak.bijVerzoek = () => resolve();
      });
      haak.antwoord = 'hangen';
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        DATA_DIR: t.config.DATA_DIR,
        PSEUDONIEM_SLEUTELS: TEST_SLEUTELS,
        NOTIFICATIE_CLAIM_SECONDEN: String(LEASE_SECONDEN),
        TLS_PORT: '0',
        LOG_LEVEL: 'silent',
        ...(t.config.DATABASE_URL ? { DATABASE_URL: t.config.DATABASE_URL } : {}),
      };
      const kind_ = spawn(process.execPath, ['--import', 'tsx', KIND], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      const gestopt = new Promise<NodeJS.Signals | null>((resolve) => kind_.once('exit', (_c, s) => resolve(s)));
      await Promise.race([
        ontvangen,
        gestopt.then(() => {
          throw new Error('worker process stopped before delivering');
        }),
      ]);
      kind_.kill('SIGKILL');
      expect(await gestopt).toBe('SIGKILL');
      haak.bijVerzoek = undefined;
      haak.antwoord = 200;
    }

    it('the event still arrives, and exactly once at an idempotent receiver', async () => {
      const partner = await t.organisatie('Partner Crash', 'signaalpartner');
      const a = await t.app.inject({
        method: 'POST',
        url: '/api/webhooks',
        headers: partner.headers,
        payload: { url: haak.url, gebeurtenissen: ['levering.verwerkt'] },
      });
      expect(a.statusCode).toBe(201);
      const [id] = await publiceer(t.ctx.db.kysely, 'levering.verwerkt', {
        partnerId: partner.id,
        leveringId: '00000000-0000-4000-8000-000000000777',
        bron: 'sftp',
        geaccepteerd: 7,
        afgewezen: 0,
      });

      if (kind === 'postgres') await doodTijdensAflevering();
      // PGlite: one process owns the folder. The platform stops, the child works on it and dies, the platform restarts.
      else await t.herstart({}, doodTijdensAflevering);

      const taak = () =>
        t.ctx.db.kysely
          .selectFrom('notificatie_taken')
          .select(['status', 'pogingen'])
          .where('gebeurtenis_id', '=', id!)
          .where('soort', '=', 'webhook')
          .executeTakeFirstOrThrow();
      // The killed worker's claim is still there: nobody recorded the delivery.
      expect(await taak()).toMatchObject({ status: 'bezig', pogingen: 1 });
      expect(haak.verwerkt.has(id!)).toBe(false);

      const b = maakBezorger(t.ctx);
      const eind = Date.now() + 20_000;
      while (!haak.verwerkt.has(id!) && Date.now() < eind) {
        await b.ronde();
        await new Promise((r) => setTimeout(r, 200));
      }
      b.sluit();
      expect(await taak()).toMatchObject({ status: 'afgeleverd', pogingen: 2 });
      expect(haak.verzoeken.filter((v) => v.id === id)).toHaveLength(2);
      expect([...haak.verwerkt.keys()]).toEqual([id]);
    });
  });
}
