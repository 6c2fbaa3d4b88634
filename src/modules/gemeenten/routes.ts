import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { ORGANISATIE_TYPES } from '../../db/schema.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';
import { invalidInput, notFound, tooLarge } from '../../shared/errors.ts';
import {
  deelnemersZonderBehandelaar,
  GEMEENTECODE,
  gemeentenMetCodes,
  importeerPostcodes,
  lijstGemeenten,
  MAX_BYTES,
  MAX_BYTES_CBS,
  postcodeOverzicht,
  routeer,
  zetDeelname,
  zetUitzondering,
} from './gemeenten.ts';
import { bestandsstroom } from '../../http/bestand.ts';
import { gemeentecodeVanOrganisatie, telPostcodes } from './store.ts';
import { normaliseerHuisnummer, normaliseerPostcode } from './postcode.ts';

const TAG = ['Gemeenten en postcodes'];
const Gemeente = z.object({ gemeentecode: z.string(), naam: z.string(), doetMeeVroegsignalering: z.boolean() });
const Code = z.object({ code: z.string().regex(GEMEENTECODE) });

/** Municipalities, their participation in early signalling, and postcode routing. */
export const gemeentenRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.db.kysely;

    app.get(
      '/',
      {
        config: { toegang: ORGANISATIE_TYPES },
        schema: {
          tags: TAG,
          summary: 'All municipalities and whether they take part in early signalling',
          response: { 200: z.array(Gemeente) },
        },
      },
      async () =>
        (await lijstGemeenten(ctx)).map((g) => ({
          gemeentecode: g.gemeentecode,
          naam: g.naam,
          doetMeeVroegsignalering: g.doet_mee_vroegsignalering,
        })),
    );

    app.put(
      '/:code/deelname',
      {
        config: beheerhandeling('beheerder', 'gemeente'),
        schema: {
          tags: TAG,
          summary: 'Turn participation in early signalling on or off (operator, or the municipality itself)',
          description:
            "The operator can switch it on only when an organisation with at least one active user handles the municipality's signals (the municipality itself, or a debt-help organisation / neighbourhood team with a work area there): otherwise 409 `geen_behandelaar`.",
          params: Code,
          body: z.object({ doetMee: z.boolean() }),
          response: { 200: z.object({ doetMee: z.boolean() }) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        if (
          id.organisatieType === 'gemeente' &&
          (await gemeentecodeVanOrganisatie(db, id.organisatieId)) !== req.params.code
        )
          throw notFound();
        await zetDeelname(ctx, id.actor, req.params.code, req.body.doetMee, {
          eisBehandelaar: id.organisatieType === 'beheerder',
        });
        return { doetMee: req.body.doetMee };
      },
    );

    app.get(
      '/zonder-behandelaar',
      {
        config: beheerhandeling('beheerder'),
        schema: {
          tags: TAG,
          summary: 'Operator: participating municipalities whose signals no organisation with an active user handles',
          response: { 200: z.array(z.object({ gemeentecode: z.string(), naam: z.string() })) },
        },
      },
      async () => deelnemersZonderBehandelaar(ctx),
    );

    app.post(
      '/postcode-uitzonderingen',
      {
        config: beheerhandeling('beheerder'),
        schema: {
          tags: TAG,
          summary: 'Assign a PC6 (optionally with house number) of a split PC4 to one municipality',
          body: z.object({
            postcode: z.string().max(10),
            huisnummer: z.number().int().min(1).max(99999).optional(),
            gemeentecode: z.string().regex(GEMEENTECODE),
          }),
          response: {
            201: z.object({
              id: z.string(),
              pc6: z.string(),
              huisnummer: z.number().nullable(),
              gemeentecode: z.string(),
            }),
          },
        },
      },
      async (req, reply) => reply.status(201).send(await zetUitzondering(ctx, identiteit(req).actor, req.body)),
    );

    app.get(
      '/postcodes',
      {
        config: beheerhandeling('beheerder'),
        schema: {
          tags: TAG,
          summary: 'The postcode table: counts, PC4s in two municipalities, and the PC6 exceptions',
          response: {
            200: z.object({
              rijen: z.number(),
              pc4: z.number(),
              gemeenten: z.number(),
              gesplitst: z.array(z.string()),
              uitzonderingen: z.array(
                z.object({
                  id: z.string(),
                  pc6: z.string(),
                  huisnummer: z.number().nullable(),
                  gemeentecode: z.string(),
                  gemeentenaam: z.string(),
                  aangemaakt_op: z.date(),
                }),
              ),
            }),
          },
        },
      },
      async () => postcodeOverzicht(db),
    );

    app.post(
      '/postcodes/import',
      {
        config: beheerhandeling('beheerder'),
        schema: {
          tags: TAG,
          summary:
            "Replace the postcode table with a CBS file: the PC4 table or CBS's yearly address file (pc6hnr); all or nothing",
          description:
            'Body: CSV (`;`/`,`, UTF-8 or Windows-1252), the same file as `npm run cli -- postcodes importeren`; the header tells the format. ' +
            `**PC4 table** (at most ${MAX_BYTES / 1024 / 1024} MB): columns PC4 and Gemeentecode (Gemeentenaam adds unknown municipalities), ` +
            'other columns ignored; replaces the PC4 table, exceptions stay. ' +
            `**CBS yearly file** "Buurt, wijk en gemeente <jaar> voor postcode huisnummer" (\`pc6hnr<datum>_gwb.csv\`, at most ${MAX_BYTES_CBS / 1024 / 1024} MB): ` +
            'columns PC6, Huisnummer and Gemeente<jaar> (a CBS municipality number); read as a stream; each PC4 goes to the municipality ' +
            'with most addresses, and exceptions (PC6, or PC6 + house number) route the other addresses of a PC4 in several municipalities; ' +
            'replaces the PC4 table and all exceptions; its municipalities must be known (import them first). ' +
            'One bad row refuses the whole file (400 with details.fouten: regel, reden; the first 1,000) and the tables stay as they were.',
          consumes: ['text/csv'],
          response: {
            200: z.object({
              formaat: z.enum(['pc4', 'cbs-pc6hnr']),
              rijen: z.number(),
              pc4: z.number(),
              gesplitst: z.array(z.string()),
              uitzonderingen: z.number().optional(),
              vorigeRijen: z.number(),
            }),
          },
        },
      },
      async (req) => {
        if (Number(req.headers['content-length'] ?? 0) > MAX_BYTES_CBS)
          throw tooLarge(`Het bestand is te groot: maximaal ${MAX_BYTES_CBS / 1024 / 1024} MB.`);
        const bron = bestandsstroom(req);
        const vorigeRijen = (await telPostcodes(db)).rijen;
        return { ...(await importeerPostcodes(ctx, identiteit(req).actor, bron)), vorigeRijen };
      },
    );

    app.get(
      '/route',
      {
        config: { toegang: ['beheerder', 'gemeente', 'signaalpartner'] },
        schema: {
          tags: TAG,
          summary: 'Which municipality a postcode (+ house number) is routed to',
          querystring: z.object({ postcode: z.string().max(10), huisnummer: z.string().max(10) }),
          response: {
            200: z.object({
              gemeentecode: z.string().nullable(),
              gemeentenaam: z.string().nullable(),
              doetMeeVroegsignalering: z.boolean().nullable(),
              reden: z.string().nullable(),
            }),
          },
        },
      },
      async (req) => {
        const pc6 = normaliseerPostcode(req.query.postcode);
        const huisnummer = normaliseerHuisnummer(req.query.huisnummer);
        if (!pc6) throw invalidInput('Postcode heeft geen geldig formaat (1234 AB).');
        if (!huisnummer) throw invalidInput('Huisnummer heeft geen geldig formaat.');
        const [r] = await routeer(db, [{ pc6, huisnummer }]);
        if (!r?.gemeentecode)
          return { gemeentecode: null, gemeentenaam: null, doetMeeVroegsignalering: null, reden: r?.reden ?? null };
        const [g] = await gemeentenMetCodes(db, [r.gemeentecode]);
        return {
          gemeentecode: r.gemeentecode,
          gemeentenaam: g?.naam ?? null,
          doetMeeVroegsignalering: g?.doet_mee_vroegsignalering ?? null,
          reden: null,
        };
      },
    );
  };
