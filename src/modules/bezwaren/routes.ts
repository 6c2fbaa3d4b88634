import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { identiteit } from '../../http/auth.ts';
import { lijstBezwaren, registreerBezwaar, verwijderBezwaar } from './bezwaren.ts';

const TAG = ['Vroegsignalering: signalen'];
const GEMEENTE = ['gemeente'] as const;
const Id = z.object({ id: z.uuid() });

/** The municipality's objection register, under /api/vroegsignalen/bezwaren (the paths predate this module). */
export const bezwaarRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/bezwaren',
      {
        config: { toegang: GEMEENTE },
        schema: {
          tags: TAG,
          summary: "Municipality: record a resident's objection; later signals for them are not acted on",
          body: z.strictObject({
            postcode: z.string().max(10),
            huisnummer: z.union([z.number(), z.string().max(20)]),
            huisnummerToevoeging: z.string().max(10).optional(),
            achternaam: z.string().min(1).max(200),
          }),
          response: { 201: z.object({ id: z.string(), geregistreerdOp: z.date() }) },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const b = req.body;
        return reply.status(201).send(
          await registreerBezwaar(ctx, id.actor, id.organisatieId, {
            postcode: b.postcode,
            huisnummer: String(b.huisnummer),
            toevoeging: b.huisnummerToevoeging,
            achternaam: b.achternaam,
          }),
        );
      },
    );

    app.get(
      '/bezwaren',
      {
        config: { toegang: GEMEENTE },
        schema: {
          tags: TAG,
          summary: 'Municipality: own objection register (addresses only)',
          response: {
            200: z.array(
              z.object({
                id: z.string(),
                postcode: z.string(),
                huisnummer: z.number(),
                toevoeging: z.string().nullable(),
                geregistreerdOp: z.date(),
              }),
            ),
          },
        },
      },
      async (req) => lijstBezwaren(ctx, identiteit(req).actor, identiteit(req).organisatieId),
    );

    app.delete(
      '/bezwaren/:id',
      {
        config: { toegang: GEMEENTE },
        schema: { tags: TAG, summary: 'Municipality: remove an objection', params: Id, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await verwijderBezwaar(ctx, identiteit(req).actor, identiteit(req).organisatieId, req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
