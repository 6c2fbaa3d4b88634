import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { identiteit } from '../../http/auth.ts';
import { ORGANISATIE_TYPES } from '../../db/schema.ts';
import { forbidden } from '../../shared/errors.ts';
import { zoekAudit } from './store.ts';
import { inzageRapport } from './inzage.ts';
import { verifieerKeten } from './keten.ts';

const TAG = ['Audit en privacy'];
const LEZERS = ['beheerder', 'functionaris-gegevensbescherming'] as const;

/**
 * Only people read the audit trail: the operator all of it, a privacy officer (functionaris
 * gegevensbescherming) the entries of the own organisation. Machine credentials are refused.
 */
function lezer(req: FastifyRequest): { organisatieId: string | null } {
  const id = identiteit(req);
  if (id.actor.soort !== 'gebruiker' || !id.rol || !(LEZERS as readonly string[]).includes(id.rol)) throw forbidden();
  return { organisatieId: id.rol === 'beheerder' ? null : id.organisatieId };
}

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
        schema: { tags: TAG, summary: 'Verify the hash chain of the whole audit trail' },
      },
      async (req) => {
        lezer(req);
        await ctx.audit.verzegel();
        return verifieerKeten(db);
      },
    );

    app.post(
      '/inzageverzoek',
      {
        config: { toegang: ORGANISATIE_TYPES, rollen: LEZERS },
        schema: {
          tags: TAG,
          summary: 'AVG art. 15 subject access report: which organisations hold or looked up data on a person',
          description:
            'Give a BSN, or an address with surname, or both. The answer lists places (organisation, kind, count, last time), never the BSN, name or address. The request itself is audited.',
          body: z.object({
            bsn: z.string().max(20).optional(),
            adres: z
              .object({
                postcode: z.string().max(10),
                huisnummer: z.string().max(10),
                toevoeging: z.string().max(10).optional(),
                achternaam: z.string().min(1).max(200),
              })
              .optional(),
          }),
        },
      },
      async (req) => {
        const { organisatieId } = lezer(req);
        return inzageRapport(ctx, identiteit(req).actor, req.body, organisatieId);
      },
    );
  };
