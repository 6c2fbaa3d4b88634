import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { identiteit } from '../../http/auth.ts';
import { bewaartermijnen } from './termijnen.ts';

const BEHEER = ['beheerder'] as const;
const TAG = ['Beheer'];

/**
 * Operator: the retention table, the runs of the retention job, and running it now (`voerUit`: the job as the scheduler
 * runs it, recorded in job_runs; handed in by src/http/app.ts, as retention may not import the scheduler).
 */
export const retentieRoutes =
  (ctx: Context, voerUit: () => Promise<Record<string, unknown>>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/termijnen',
      {
        config: { toegang: BEHEER, rollen: BEHEER },
        schema: {
          tags: TAG,
          summary: 'Every kind of personal data with its retention period and reason',
          response: {
            200: z.array(
              z.object({
                soort: z.string(),
                gegevens: z.string(),
                termijn: z.string(),
                na: z.string(),
                reden: z.string(),
                instelling: z.string().nullable(),
              }),
            ),
          },
        },
      },
      async () => bewaartermijnen(ctx.config),
    );

    app.get(
      '/runs',
      {
        config: { toegang: BEHEER, rollen: BEHEER },
        schema: {
          tags: TAG,
          summary: 'Runs of the retention job with counts per kind',
          querystring: z.object({ aantal: z.coerce.number().int().min(1).max(500).default(50) }),
          response: {
            200: z.array(
              z.object({
                id: z.union([z.number(), z.string()]),
                gestart_op: z.date(),
                beeindigd_op: z.date().nullable(),
                resultaat: z.string().nullable(),
                details: z.unknown(),
              }),
            ),
          },
        },
      },
      async (req) =>
        ctx.db.kysely
          .selectFrom('job_runs')
          .select(['id', 'gestart_op', 'beeindigd_op', 'resultaat', 'details'])
          .where('job', '=', 'bewaartermijnen')
          .orderBy('id', 'desc')
          .limit(req.query.aantal)
          .execute(),
    );

    app.post(
      '/uitvoeren',
      {
        config: { toegang: BEHEER, rollen: BEHEER },
        schema: {
          tags: TAG,
          summary: 'Run the retention job now (it also runs every JOB_INTERVAL_SECONDEN)',
          response: { 200: z.record(z.string(), z.unknown()).describe('Counts per kind of data') },
        },
      },
      async (req) => {
        await ctx.audit.schrijf({ actor: identiteit(req).actor, actie: 'bewaartermijnen.starten', resultaat: 'ok' });
        return voerUit();
      },
    );
  };
