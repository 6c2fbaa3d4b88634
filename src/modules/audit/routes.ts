import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { identiteit } from '../../http/auth.ts';
import { ORGANISATIE_TYPES } from '../../db/schema.ts';
import { zoekAudit } from './store.ts';
import { AUDIT_LEZERS, auditLezer } from './lezers.ts';
import { verifieerKeten } from './keten.ts';

const TAG = ['Audit en privacy'];
const LEZERS = AUDIT_LEZERS;
const lezer = (req: FastifyRequest) => auditLezer(identiteit(req));

export const auditRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.db.kysely;

    app.get(
      '/',
      {
        config: { toegang: ORGANISATIE_TYPES, rollen: LEZERS },
        schema: {
          tags: TAG,
          summary: 'Audit trail, newest first, paged (operator: all; privacy officer: own organisation)',
          querystring: z.object({
            van: z.coerce.date().optional(),
            tot: z.coerce.date().optional(),
            actor: z.string().max(100).optional(),
            actie: z.string().max(100).optional().describe("exact action, or a prefix ending in '.' (e.g. 'vish.')"),
            onderwerp: z.string().max(200).optional(),
            voor: z.coerce.number().int().positive().optional(),
            aantal: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.number(),
                  volgnr: z.number().nullable(),
                  tijdstip: z.date(),
                  organisatie_id: z.string().nullable(),
                  actor_soort: z.string(),
                  actor_id: z.string().nullable(),
                  actie: z.string(),
                  onderwerp: z.string().nullable(),
                  resultaat: z.string(),
                  details: z.unknown(),
                }),
              ),
              volgende: z.number().nullable().describe('Cursor for the next page (voor), or null'),
            }),
          },
        },
      },
      async (req) => {
        const { organisatieId } = lezer(req);
        const q = req.query;
        const r = await zoekAudit(db, {
          organisatieId: organisatieId ?? undefined,
          van: q.van,
          tot: q.tot,
          actorId: q.actor,
          actie: q.actie,
          onderwerp: q.onderwerp,
          voor: q.voor,
          limit: q.aantal,
        });
        await ctx.audit.schrijf({
          actor: identiteit(req).actor,
          actie: 'audit.lezen',
          resultaat: 'ok',
          details: { aantal: r.items.length },
        });
        return r;
      },
    );

    app.get(
      '/verificatie',
      {
        config: { toegang: ['beheerder'], rollen: ['beheerder'] },
        schema: {
          tags: TAG,
          summary: 'Verify the hash chain of the whole audit trail',
          response: {
            200: z.object({
              intact: z.boolean(),
              gecontroleerd: z.number(),
              eersteVolgnr: z.number().nullable(),
              laatsteVolgnr: z.number().nullable(),
              ongezegeld: z.number(),
              fouten: z.array(z.object({ volgnr: z.number(), reden: z.string() })),
            }),
          },
        },
      },
      async (req) => {
        lezer(req);
        await ctx.audit.verzegel();
        return verifieerKeten(db);
      },
    );
  };
