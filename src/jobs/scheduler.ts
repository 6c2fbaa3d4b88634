import type { Context } from '../context.ts';
import { synchroniseerIndex } from '../modules/verwijsindex/onderhoud.ts';
import { handhaafBewaartermijnen } from '../modules/retentie/handhaving.ts';
import { gemisteLeveringen } from '../modules/verwijsindex/store.ts';
import { bouwAlleFeeds } from '../modules/trajecten/vish-feed.ts';
import { koppelNieuweSignalen } from '../modules/signaalzaken/koppelen.ts';
import { publiceer, schoonNotificatiesOp } from '../modules/notificaties/index.ts';
import { meldGemisteLeveringen } from '../modules/verwijsindex/gemist-melden.ts';
import { meldTermijnen } from '../modules/signaalzaken/termijnmelding.ts';
import { meldAflopendeConvenanten } from '../modules/partners/herinneringen.ts';

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

export const JOBS = {
  // Every retention period (VISH 7 days, signals, trajectories, audit, sessions, job runs): src/modules/retentie.
  bewaartermijnen: (ctx: Context) => voerJobUit(ctx, 'bewaartermijnen', () => handhaafBewaartermijnen(ctx)),
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
  // Safety net: signals not yet in a case (e.g. the intake's linking step failed) are linked here.
  'signaalzaken-koppelen': (ctx: Context) =>
    voerJobUit(ctx, 'signaalzaken-koppelen', async () => ({
      ...(await koppelNieuweSignalen(ctx.db.kysely, new Date(), ctx.audit)),
    })),
};

/** Periodic work in the server process: jobs every JOB_INTERVAL, index sync every few seconds. */
export function startScheduler(ctx: Context): () => void {
  const timers: NodeJS.Timeout[] = [];
  const runAll = async () => {
    for (const job of Object.values(JOBS)) await job(ctx).catch(() => undefined);
  };
  void runAll();
  timers.push(setInterval(runAll, ctx.config.JOB_INTERVAL_SECONDEN * 1000));
  timers.push(
    setInterval(() => {
      synchroniseerIndex(ctx.db.kysely, ctx.vishIndex, ctx.pseudo, ctx.log).catch((err) =>
        ctx.log.error({ err }, 'index sync failed'),
      );
      ctx.audit.verzegel().catch((err) => ctx.log.error({ err }, 'audit sealing failed')); // entries committed by transactions join the chain
    }, 5000),
  );
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}
