import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { ORGANISATIE_TYPES } from '../../db/schema.ts';
import { identiteit } from '../../http/auth.ts';
import { AUDIT_LEZERS, auditLezer } from '../audit/index.ts';
import { inzageRapport } from './inzage.ts';

const TAG = ['Audit en privacy'];

/** The subject access request, under /api/audit (where it was before this module existed). */
export const inzageRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/inzageverzoek',
      {
        config: { toegang: ORGANISATIE_TYPES, rollen: AUDIT_LEZERS },
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
          response: {
            200: z.object({
              opgesteldOp: z.string(),
              beperktTotOrganisatie: z.string().nullable(),
              vindplaatsen: z.array(
                z.object({
                  soort: z.string(),
                  organisatie: z.string().nullable(),
                  aantal: z.number(),
                  laatste: z.string().nullable(),
                  toelichting: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const { organisatieId } = auditLezer(identiteit(req));
        return inzageRapport(ctx, identiteit(req).actor, req.body, organisatieId);
      },
    );
  };
