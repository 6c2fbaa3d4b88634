import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';
import { AANSLUITFASEN, ORGANISATIE_TYPES } from '../../db/schema.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { lijstOrganisaties, maakOrganisatie, vindOrganisatie, zetStatus } from './organisaties.ts';
import { lijstApiSleutels, maakApiSleutel, trekApiSleutelIn } from './api-sleutels.ts';
import { gemisteLeveringen } from '../verwijsindex/index.ts';
import { aansluitstappen, registreerStap } from './aansluiting.ts';
import { certificaatRoutes } from './certificaat-routes.ts';

/** Operator acts: the operator organisation, and of its people the operator role (not its privacy officer). */
const BEHEER = beheerhandeling('beheerder');
/** A run of a scheduled job (job_runs). */
export const JobRun = z.object({
  id: z.union([z.number(), z.string()]),
  job: z.string(),
  gestart_op: z.date(),
  beeindigd_op: z.date().nullable(),
  resultaat: z.string().nullable(),
  details: z.unknown(),
  volgendeRunOp: z
    .date()
    .nullable()
    .describe("On a job's newest run: when the scheduler runs it next (its start plus the job interval)"),
});

const TAG = ['Beheer'];
const Organisatie = z.object({
  id: z.string(),
  naam: z.string(),
  type: z.enum(ORGANISATIE_TYPES),
  status: z.enum(['actief', 'geschorst']),
  gemeentecode: z.string().nullable(),
  aansluitfase: z.enum(AANSLUITFASEN),
});

/** Operator functions: organisations, their API keys, suspension, delivery monitoring. */
export const beheerRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.db.kysely;
    await app.register(certificaatRoutes(ctx)); // client certificates: /certificaten, /organisaties/:id/certificaten

    app.get(
      '/organisaties',
      { config: BEHEER, schema: { tags: TAG, response: { 200: z.array(Organisatie) } } },
      async () => lijstOrganisaties(db),
    );

    app.post(
      '/organisaties',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          body: z.object({
            naam: z.string().min(2).max(200),
            type: z.enum(ORGANISATIE_TYPES),
            gemeentecode: z
              .string()
              .regex(/^GM\d{4}$/)
              .optional(),
            // A new organisation joins step by step; production traffic only after the steps (see aansluitstappen).
            aansluitfase: z.enum(AANSLUITFASEN).default('intake'),
          }),
          response: { 201: Organisatie },
        },
      },
      async (req, reply) => {
        if (await vindOrganisatie(db, req.body.naam))
          throw new AppError(409, 'bestaat_al', 'Er bestaat al een organisatie met deze naam.');
        const org = await maakOrganisatie(db, req.body);
        await ctx.audit.schrijf({
          actor: identiteit(req).actor,
          actie: 'organisatie.aanmaken',
          onderwerp: org.id,
          resultaat: 'ok',
        });
        return reply.status(201).send(org);
      },
    );

    for (const [pad, status] of [
      ['schorsen', 'geschorst'],
      ['activeren', 'actief'],
    ] as const) {
      app.post(
        `/organisaties/:id/${pad}`,
        {
          config: BEHEER,
          schema: {
            tags: TAG,
            summary: `Set organisation status to ${status} (takes effect within seconds)`,
            params: z.object({ id: z.uuid() }),
            response: { 200: z.object({ status: z.string() }) },
          },
        },
        async (req) => {
          if (!(await zetStatus(db, req.params.id, status))) throw notFound();
          ctx.organisatieToegang.vergeet(req.params.id); // effective on the very next request, whatever the caches
          await ctx.audit.schrijf({
            actor: identiteit(req).actor,
            actie: `organisatie.${pad}`,
            onderwerp: req.params.id,
            resultaat: 'ok',
          });
          return { status };
        },
      );
    }

    app.post(
      '/organisaties/:id/aansluitstappen',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Record a joining step (intake, overeenkomst, technische-inrichting, testlevering, productie)',
          params: z.object({ id: z.uuid() }),
          body: z.object({ stap: z.enum(AANSLUITFASEN), toelichting: z.string().max(1000).optional() }),
          response: { 201: z.object({ aansluitfase: z.enum(AANSLUITFASEN) }) },
        },
      },
      async (req, reply) => {
        const actor = identiteit(req).actor;
        const r = await registreerStap(db, req.params.id, req.body.stap, actor, req.body.toelichting ?? null);
        if (!r) throw notFound();
        ctx.organisatieToegang.vergeet(req.params.id);
        await ctx.audit.schrijf({
          actor,
          actie: 'organisatie.aansluitstap',
          onderwerp: req.params.id,
          resultaat: 'ok',
          details: { stap: req.body.stap },
        });
        return reply.status(201).send(r);
      },
    );

    app.get(
      '/organisaties/:id/aansluitstappen',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Joining steps of an organisation: who recorded which step when',
          params: z.object({ id: z.uuid() }),
          response: {
            200: z.object({
              aansluitfase: z.string(),
              stappen: z.array(
                z.object({
                  stap: z.string(),
                  toelichting: z.string().nullable(),
                  door_soort: z.string(),
                  door_id: z.string().nullable(),
                  door_naam: z.string().nullable(),
                  op: z.date(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const org = await vindOrganisatie(db, req.params.id);
        if (!org) throw notFound();
        return { aansluitfase: org.aansluitfase, stappen: await aansluitstappen(db, req.params.id) };
      },
    );

    app.post(
      '/organisaties/:id/api-sleutels',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Create an API key; the key is shown only in this answer',
          params: z.object({ id: z.uuid() }),
          body: z.object({
            omschrijving: z.string().min(1).max(200),
            test: z.boolean().default(false).describe('A test key: its VISH deliveries and checks use test data only'),
          }),
          response: { 201: z.object({ id: z.string(), sleutel: z.string() }) },
        },
      },
      async (req, reply) => {
        if (!(await vindOrganisatie(db, req.params.id))) throw notFound();
        const k = await maakApiSleutel(db, req.params.id, req.body.omschrijving, { test: req.body.test });
        await ctx.audit.schrijf({
          actor: identiteit(req).actor,
          actie: 'api-sleutel.aanmaken',
          onderwerp: k.id,
          resultaat: 'ok',
          ...(req.body.test ? { details: { test: true } } : {}),
        });
        return reply.status(201).send(k);
      },
    );

    app.get(
      '/api-sleutels',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Every API key (never the secret)',
          response: {
            200: z.array(
              z.object({
                id: z.string(),
                organisatie_id: z.string(),
                omschrijving: z.string().nullable(),
                aangemaakt_op: z.date(),
                ingetrokken_op: z.date().nullable(),
                /** A test credential: VISH test data only. */
                test: z.boolean(),
              }),
            ),
          },
        },
      },
      async () => lijstApiSleutels(db),
    );

    app.post(
      '/api-sleutels/:id/intrekken',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Revoke an API key',
          params: z.object({ id: z.string().max(40) }),
          response: { 200: z.object({ ingetrokken: z.boolean() }) },
        },
      },
      async (req) => {
        if (!(await trekApiSleutelIn(db, req.params.id))) throw notFound();
        ctx.apiSleutels.vergeet(req.params.id);
        await ctx.audit.schrijf({
          actor: identiteit(req).actor,
          actie: 'api-sleutel.intrekken',
          onderwerp: req.params.id,
          resultaat: 'ok',
        });
        return { ingetrokken: true };
      },
    );

    app.get(
      '/vish/gemiste-leveringen',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Delivering organisations whose active VISH delivery is older than the daily window, or gone',
          response: {
            200: z.array(z.object({ id: z.string(), naam: z.string(), geactiveerd_op: z.date().nullable() })),
          },
        },
      },
      async () => gemisteLeveringen(db, new Date(Date.now() - ctx.config.VISH_GEMISTE_LEVERING_UREN * 3_600_000)),
    );

    app.get(
      '/jobs',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Recent runs of scheduled jobs, newest first',
          querystring: z.object({ job: z.string().max(100).optional().describe("Only this job's runs") }),
          response: { 200: z.array(JobRun) },
        },
      },
      async (req) => {
        const runs = await db
          .selectFrom('job_runs')
          .select(['id', 'job', 'gestart_op', 'beeindigd_op', 'resultaat', 'details'])
          .$if(!!req.query.job, (q) => q.where('job', '=', req.query.job!))
          .orderBy('id', 'desc')
          .limit(100)
          .execute();
        // Every job runs once per interval (jobs/scheduler.ts): the next run is due one interval after the last start.
        const gezien = new Set<string>();
        const interval = ctx.config.JOB_INTERVAL_SECONDEN * 1000;
        return runs.map((r) => {
          const nieuwste = !gezien.has(r.job);
          gezien.add(r.job);
          return { ...r, volgendeRunOp: nieuwste ? new Date(new Date(r.gestart_op).getTime() + interval) : null };
        });
      },
    );
  };
