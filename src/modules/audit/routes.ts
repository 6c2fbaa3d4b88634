import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { identiteit } from '../../http/auth.ts';
import { invalidInput } from '../../shared/errors.ts';
import { ORGANISATIE_TYPES } from '../../db/schema.ts';
import { zoekAudit } from './store.ts';
import { auditReferentie, leesReferentie } from './referentie.ts';
import { ACTIE_GROEPEN, ACTIE_LABELS, RESULTAAT_LABELS, actieLabel, resultaatLabel } from './acties.ts';
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
          description:
            'Each entry names who acted (`wie`: a person\'s name, "API-sleutel <description>", "Systeem") and the organisation, with the action and result in Dutch (`actieTekst`, `resultaatTekst`; the labels: GET /api/audit/acties).',
          querystring: z.object({
            van: z.coerce.date().optional(),
            tot: z.coerce.date().optional(),
            vanDag: z.iso.date().optional().describe('From this day (Europe/Amsterdam, inclusive), JJJJ-MM-DD'),
            totDag: z.iso.date().optional().describe('Up to and including this day (Europe/Amsterdam), JJJJ-MM-DD'),
            organisatie: z
              .uuid()
              .optional()
              .describe("Only this organisation's entries (operator; a privacy officer always sees only the own)"),
            actor: z.string().max(100).optional(),
            actie: z.string().max(100).optional().describe("exact action, or a prefix ending in '.' (e.g. 'vish.')"),
            onderwerp: z.string().max(200).optional(),
            resultaat: z.string().max(50).optional(),
            referentie: z
              .string()
              .max(30)
              .optional()
              .describe("The entry's place in the chain as a proof of check shows it: 'A-123' or '123'"),
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
                  wie: z.string().describe('Who acted, by name'),
                  organisatie: z.string().nullable().describe("The organisation's name"),
                  actieTekst: z.string(),
                  resultaatTekst: z.string(),
                  referentie: z
                    .string()
                    .nullable()
                    .describe('The entry as people see it, e.g. on a proof of check: A-<volgnr>'),
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
        const referentie = q.referentie?.trim() ? leesReferentie(q.referentie) : undefined;
        if (referentie === null) throw invalidInput('Een controle-referentie ziet eruit als A-123 of 123.');
        const gevonden = await zoekAudit(db, {
          organisatieId: organisatieId ?? q.organisatie,
          van: q.van,
          tot: q.tot,
          vanDag: q.vanDag,
          totDag: q.totDag,
          actorId: q.actor,
          actie: q.actie,
          onderwerp: q.onderwerp,
          resultaat: q.resultaat,
          volgnr: referentie,
          voor: q.voor,
          limit: q.aantal,
        });
        const r = {
          ...gevonden,
          items: gevonden.items.map((i) => ({
            ...i,
            actieTekst: actieLabel(i.actie),
            resultaatTekst: resultaatLabel(i.resultaat),
            referentie: i.volgnr === null ? null : auditReferentie(i.volgnr),
          })),
        };
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
      '/acties',
      {
        config: { toegang: ORGANISATIE_TYPES, rollen: LEZERS },
        schema: {
          tags: TAG,
          summary: 'The audit actions, action groups and results with their Dutch labels (for filters)',
          response: {
            200: z.object({
              acties: z.array(z.object({ code: z.string(), label: z.string() })),
              groepen: z.array(z.object({ code: z.string(), label: z.string() })),
              resultaten: z.array(z.object({ code: z.string(), label: z.string() })),
            }),
          },
        },
      },
      async (req) => {
        lezer(req);
        const lijst = (t: Readonly<Record<string, string>>) =>
          Object.entries(t)
            .map(([code, label]) => ({ code, label }))
            .sort((a, b) => a.label.localeCompare(b.label, 'nl'));
        return { acties: lijst(ACTIE_LABELS), groepen: lijst(ACTIE_GROEPEN), resultaten: lijst(RESULTAAT_LABELS) };
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
