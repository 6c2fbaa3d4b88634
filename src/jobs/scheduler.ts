import type { Context } from '../context.ts';
import { ruimSessiesOp } from '../modules/accounts/index.ts';
import { handhaafBewaartermijnen, type Opruimers } from '../modules/retentie/index.ts';
import { ruimPauzeknopOp } from '../modules/pauzeknop/index.ts';
import { koppelNieuweSignalen, meldTermijnen, ruimSignalenOp } from '../modules/signaalzaken/index.ts';
import { bouwAlleFeeds, pasBewaartermijnToe } from '../modules/trajecten/index.ts';
import { gemisteLeveringen, meldGemisteLeveringen, verloopVish } from '../modules/verwijsindex/index.ts';
import { eenmaalPerSchema } from './eenmaal.ts';
import type { Metriek } from '../http/metriek.ts';
import { ruimLeveringenOp } from '../modules/vroegsignalen/index.ts';
import { publiceer, schoonNotificatiesOp } from '../modules/notificaties/index.ts';
import { meldAflopendeConvenanten } from '../modules/partners/index.ts';
import { onderhoudSchuldenrust, ruimSchuldenrustOp } from '../modules/schuldenrust/index.ts';

/** Runs a job and records the run (start, end, result, counts) in job_runs. */
export async function voerJobUit(ctx: Context, job: string, werk: () => Promise<Record<string, unknown>>) {
  const run = await ctx.db.kysely.insertInto('job_runs').values({ job }).returning('id').executeTakeFirstOrThrow();
  try {
    const details = await werk();
    await ctx.db.kysely
      .updateTable('job_runs')
      .set({ beeindigd_op: new Date(), resultaat: 'ok', details: JSON.stringify(details) })
      .where('id', '=', run.id)
      .execute();
    return details;
  } catch (err) {
    ctx.log.error({ err, job }, 'job failed');
    // The failed run and the operator's notification commit together.
    await ctx.db.kysely.transaction().execute(async (tx) => {
      await tx
        .updateTable('job_runs')
        .set({
          beeindigd_op: new Date(),
          resultaat: 'fout',
          details: JSON.stringify({ melding: (err as Error).message }),
        })
        .where('id', '=', run.id)
        .execute();
      await publiceer(tx, 'taak.mislukt', { job, runId: run.id });
    });
    throw err;
  }
}

/** Each module's own purge, for the retention job (retentie orchestrates; the periods are in retentie/termijnen.ts). */
export const opruimers = (ctx: Context): Opruimers => ({
  vish: (nu) => verloopVish(ctx.db, ctx.vishIndex, nu),
  signalen: (g) => ruimSignalenOp(ctx.db.kysely, g),
  leveringen: (grens) => ruimLeveringenOp(ctx.db.kysely, grens),
  trajecten: async (nu) => (await pasBewaartermijnToe(ctx, nu)).geanonimiseerd,
  pauzeknop: (g) => ruimPauzeknopOp(ctx.db.kysely, g),
  schuldenrust: () => ruimSchuldenrustOp(ctx.db.kysely),
  sessies: (grens) => ruimSessiesOp(ctx.db.kysely, grens),
  jobRuns: async (grens) =>
    Number(
      (await ctx.db.kysely.deleteFrom('job_runs').where('gestart_op', '<', grens).executeTakeFirst()).numDeletedRows,
    ),
});

export const JOBS = {
  // Every retention period (VISH 7 days, signals, trajectories, audit, sessions, job runs): src/modules/retentie.
  bewaartermijnen: (ctx: Context) =>
    voerJobUit(ctx, 'bewaartermijnen', () => handhaafBewaartermijnen(ctx, opruimers(ctx))),
  'vish-gemiste-leveringen': (ctx: Context) =>
    voerJobUit(ctx, 'vish-gemiste-leveringen', async () => {
      const gemist = await gemisteLeveringen(
        ctx.db.kysely,
        new Date(Date.now() - ctx.config.VISH_GEMISTE_LEVERING_UREN * 3_600_000),
      );
      if (gemist.length) ctx.log.warn({ organisaties: gemist.map((g) => g.id) }, 'missed daily VISH delivery');
      await meldGemisteLeveringen(ctx, gemist);
      return { gemist: gemist.length };
    }),
  'trajecten-vish-feed': (ctx: Context) => voerJobUit(ctx, 'trajecten-vish-feed', () => bouwAlleFeeds(ctx)),
  // Notifications: the daily digest of deadlines, reminders before agreements end (src/modules/notificaties).
  'termijnen-overzicht': (ctx: Context) => voerJobUit(ctx, 'termijnen-overzicht', () => meldTermijnen(ctx)),
  'convenant-herinneringen': (ctx: Context) =>
    voerJobUit(ctx, 'convenant-herinneringen', () => meldAflopendeConvenanten(ctx)),
  'notificaties-opschonen': (ctx: Context) =>
    voerJobUit(ctx, 'notificaties-opschonen', () => schoonNotificatiesOp(ctx)),
  // Schuldenrust: pauses end at their end date or with their trajectory; reminders for unanswered Kennisgevingen.
  schuldenrust: (ctx: Context) => voerJobUit(ctx, 'schuldenrust', () => onderhoudSchuldenrust(ctx)),
  // Safety net: signals not yet in a case (e.g. the intake's linking step failed) are linked here.
  'signaalzaken-koppelen': (ctx: Context) =>
    voerJobUit(ctx, 'signaalzaken-koppelen', async () => ({
      ...(await koppelNieuweSignalen(ctx.db.kysely, new Date(), ctx.audit)),
    })),
};

/**
 * Periodic work in the server process: every job each JOB_INTERVAL, once per schedule across the nodes that
 * share the database (eenmaal.ts); audit sealing every few seconds. The VISH index follows deliveries by itself
 * (verwijsindex/index-volger.ts, started with the context).
 */
export function startScheduler(ctx: Context, metriek?: Metriek): () => void {
  const timers: NodeJS.Timeout[] = [];
  const intervalMs = ctx.config.JOB_INTERVAL_SECONDEN * 1000;
  const runAll = async () => {
    for (const [naam, job] of Object.entries(JOBS)) {
      const run = () => eenmaalPerSchema(ctx.db, naam, intervalMs, () => job(ctx));
      await (metriek ? metriek.meetJob(naam, run) : run()).catch(() => undefined);
    }
  };
  void runAll();
  timers.push(setInterval(runAll, intervalMs));
  timers.push(
    setInterval(() => {
      ctx.audit.verzegel().catch((err) => ctx.log.error({ err }, 'audit sealing failed')); // entries committed by transactions join the chain
    }, 5000),
  );
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}
