import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';
import { notFound } from '../../shared/errors.ts';
import { vandaag } from '../../shared/datum.ts';
import { maakBrief } from './brief.ts';
import { rapportage, rapportageCsv } from './rapportage.ts';
import {
  actieveSchuldeisers,
  beantwoord,
  beeindigDeelname,
  beeindigPauze,
  leesDeelname,
  leesOntvangen,
  overzicht,
  verlengPauze,
  verstuurKennisgeving,
  voegSchuldToe,
  werklijst,
  zetDeelname,
} from './service.ts';
import * as store from './store.ts';
import { mijnVorderingen, stuurVordering } from './vorderingen.ts';
import { ANTWOORDEN, EINDE_REDENEN, INCASSOSTAPPEN, KANALEN, KENNISGEVING_STATUSSEN } from './vocabulaire.ts';

const TAG = ['Schuldenrust'];
/** The counsellor: same callers as the trajectories (the debt-help organisation's casework). */
const CONSULENT = {
  toegang: ['schuldhulpverlener', 'wijkteam', 'gemeente'] as const,
  rollen: ['schuldhulpverlener', 'wijkteam'] as const,
};
/** Reports: the counsellors and a municipality's coordinator. */
const RAPPORTAGE = {
  toegang: ['schuldhulpverlener', 'wijkteam', 'gemeente'] as const,
  rollen: ['schuldhulpverlener', 'wijkteam', 'gemeente-coordinator'] as const,
};
/** The creditor's clerk (or its machine): a creditor organisation, or a signal partner that joined as creditor. */
const SCHULDEISER = {
  toegang: ['schuldeiser', 'signaalpartner'] as const,
  rollen: ['schuldeiser-medewerker'] as const,
};
/** The bailiff (its API key, or its bailiff user) sending claims after a VISH match. */
const DEURWAARDER = {
  toegang: ['gerechtsdeurwaarder'] as const,
  rollen: ['deurwaarder'] as const,
};
const DEELNAME_BEHEER = beheerhandeling('schuldeiser', 'signaalpartner');
const DEELNAME_LEZEN = {
  toegang: ['schuldeiser', 'signaalpartner'] as const,
  rollen: ['schuldeiser-medewerker', 'organisatie-beheerder', 'signaalpartner-beheerder'] as const,
};

const Datum = z.iso.date().describe('JJJJ-MM-DD');
const Id = z.object({ id: z.uuid() });
const Deelname = z.object({
  soort: z.enum(['publiek', 'privaat']),
  grondslag: z.string().nullable(),
  kanaal: z.enum(KANALEN),
  stappen: z.array(z.string()),
  contactEmail: z.string().nullable(),
  status: z.enum(['actief', 'beeindigd']),
  ingegaanOp: z.date(),
  beeindigdOp: z.date().nullable(),
});
const Ontvangen = z.object({
  id: z.string(),
  kenmerk: z.string().nullable().describe('Your own reference of the claim'),
  bsn: z.string().nullable().describe('Only for a public creditor with a legal basis; null for every other'),
  pauze: z.object({
    startdatum: z.string(),
    einddatum: z.string(),
    status: z.enum(['actief', 'beeindigd']),
    eindeReden: z.string().nullable(),
  }),
  hulpverlener: z.object({
    organisatie: z.string(),
    consulent: z.string().nullable(),
    telefoon: z.string().nullable(),
    email: z.string().nullable(),
  }),
  verstuurdOp: z.date(),
  antwoord: z.enum(ANTWOORDEN).nullable(),
  deurwaarder: z.string().nullable(),
  beantwoordOp: z.date().nullable(),
});
const Overzicht = z.object({
  trajectId: z.string(),
  toegelaten: z.boolean(),
  open: z.boolean(),
  schulden: z.array(
    z.object({
      id: z.string(),
      schuldeiserId: z.string().nullable(),
      schuldeiser: z.string(),
      adres: z.string().nullable(),
      kenmerk: z.string().nullable(),
      bedrag: z.number().nullable(),
      bron: z.string(),
      deurwaarder: z.string().nullable().describe('The bailiff that sent this claim (bron deurwaarder)'),
      soort: z.enum(['publiek', 'privaat']).nullable(),
      kanaal: z.enum(KANALEN),
    }),
  ),
  pauzes: z.array(
    z.object({
      id: z.string(),
      startdatum: z.string(),
      einddatum: z.string(),
      status: z.enum(['actief', 'beeindigd']),
      eindeReden: z.string().nullable(),
      kennisgevingen: z.array(
        z.object({
          id: z.string(),
          schuldId: z.string(),
          schuldeiser: z.string(),
          kenmerk: z.string().nullable(),
          kanaal: z.enum(KANALEN),
          status: z.enum(KENNISGEVING_STATUSSEN),
          verstuurdOp: z.date(),
          beantwoordOp: z.date().nullable(),
          deurwaarder: z.string().nullable(),
          herinnerdOp: z.date().nullable(),
        }),
      ),
      historie: z.array(
        z.object({
          tijdstip: z.date(),
          gebeurtenis: z.string(),
          einddatum: z.string().nullable(),
          reden: z.string().nullable(),
          door: z.string(),
        }),
      ),
    }),
  ),
});
const Rapport = z.object({
  van: z.string(),
  tot: z.string(),
  pauzes: z.object({ gestart: z.number(), actief: z.number(), beeindigd: z.number() }),
  perSoort: z.array(
    z.object({
      soort: z.string(),
      verstuurd: z.number(),
      erkend: z.number(),
      geenVordering: z.number(),
      deurwaarder: z.number(),
      onbeantwoord: z.number(),
      herinnerd: z.number(),
      mediaanUrenTotErkenning: z.number().nullable(),
      aandeelOnbeantwoord: z.number().nullable(),
    }),
  ),
});
const Vordering = z.object({
  id: z.string(),
  hulpverlener: z.string().describe('The helper organisation (as named in the VISH match)'),
  schuldeiser: z.string(),
  kenmerk: z.string().nullable(),
  hoofdsom: z.number().nullable(),
  kosten: z.number().nullable(),
  verstuurdOp: z.date(),
  status: z
    .enum(['verstuurd', 'gepauzeerd', 'beeindigd'])
    .describe('verstuurd: received, no pause yet; gepauzeerd: suspend collection until pauzeTot; beeindigd: ended'),
  pauzeTot: z.string().nullable().describe('JJJJ-MM-DD, only while paused'),
  toelichting: z.string(),
});
const RapportQuery = z.object({ van: Datum.optional(), tot: Datum.optional() });

/** Schuldenrust: creditors joining, the debt inventory, pauses and Kennisgevingen, the creditor's work list, reports. */
export const schuldenrustRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    // --- Creditor: joining the arrangement ---
    app.get(
      '/deelname',
      {
        config: DEELNAME_LEZEN,
        schema: {
          tags: TAG,
          summary: "Your organisation's agreement with the pause arrangement (404 when it never joined)",
          response: { 200: Deelname },
        },
      },
      async (req) => {
        const d = await leesDeelname(ctx, identiteit(req).organisatieId);
        if (!d) throw notFound();
        return d;
      },
    );

    app.put(
      '/deelname',
      {
        config: DEELNAME_BEHEER,
        schema: {
          tags: TAG,
          summary: 'Join the pause arrangement (or change its terms): public/private, channel, collection steps paused',
          body: z.strictObject({
            soort: z
              .enum(['publiek', 'privaat'])
              .describe(
                'publiek: a public body that knows the person by BSN (needs a legal basis); privaat: by your own reference',
              ),
            grondslag: z
              .string()
              .max(500)
              .nullable()
              .optional()
              .describe('Legal basis for using the BSN (public only)'),
            kanaal: z.enum(KANALEN).describe('portaal: the web portal; api: API with a webhook; brief: by letter'),
            stappen: z.array(z.enum(INCASSOSTAPPEN)).min(1).describe('Collection steps you pause'),
            contactEmail: z.email().max(254).nullable().optional(),
          }),
          response: { 200: Deelname },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return (await zetDeelname(ctx, id.actor, id.organisatieId, req.body))!;
      },
    );

    app.post(
      '/deelname/beeindigen',
      {
        config: DEELNAME_BEHEER,
        schema: {
          tags: TAG,
          summary: 'Leave the pause arrangement (new Kennisgevingen go by letter)',
          response: { 200: Deelname },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return (await beeindigDeelname(ctx, id.actor, id.organisatieId))!;
      },
    );

    // --- Bailiff: claims after a VISH match ---
    app.post(
      '/vorderingen',
      {
        config: DEURWAARDER,
        schema: {
          tags: TAG,
          summary: 'Send a claim you hold to the helper named in a VISH match (lands in their debt inventory)',
          description:
            'Only after a VISH match, in production: the claim goes to the open trajectory of the helper organisation the check named (`hulpverlener`, needed when it named more than one). No match or no open trajectory: 404 `geen_traject`, which tells no more than the check. The helper is notified; you see the pause state of the claim with GET /vorderingen.',
          body: z.strictObject({
            bsn: z.string().max(20),
            hulpverlener: z
              .string()
              .max(200)
              .nullable()
              .optional()
              .describe('Name of the helper organisation as given by the VISH check'),
            schuldeiser: z.string().trim().min(1).max(200).describe('The creditor of the claim'),
            kenmerk: z.string().trim().min(1).max(100).describe('Your reference of the claim'),
            hoofdsom: z.number().min(0).max(10_000_000).describe('Principal (euro)'),
            kosten: z.number().min(0).max(10_000_000).nullable().optional().describe('Costs so far (euro)'),
          }),
          response: { 201: Vordering },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        return reply.status(201).send(await stuurVordering(ctx, id.actor, id, req.body));
      },
    );

    app.get(
      '/vorderingen',
      {
        config: DEURWAARDER,
        schema: {
          tags: TAG,
          summary: 'Your sent claims, newest first, each with its pause state (nothing else of the trajectory)',
          response: { 200: z.object({ vorderingen: z.array(Vordering) }) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return mijnVorderingen(ctx, id.actor, id.organisatieId);
      },
    );

    // --- Creditor: the work list ---
    app.get(
      '/ontvangen',
      {
        config: SCHULDEISER,
        schema: {
          tags: TAG,
          summary: 'Kennisgevingen received by your organisation, newest first (only your own claims)',
          querystring: z.object({ open: z.stringbool().optional().describe('true: only unanswered, active pauses') }),
          response: { 200: z.object({ kennisgevingen: z.array(Ontvangen) }) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return werklijst(ctx, id.actor, id.organisatieId, req.query);
      },
    );

    app.get(
      '/ontvangen/:id',
      {
        config: SCHULDEISER,
        schema: { tags: TAG, summary: 'One received Kennisgeving', params: Id, response: { 200: Ontvangen } },
      },
      async (req) => {
        const id = identiteit(req);
        return leesOntvangen(ctx, id.actor, id.organisatieId, req.params.id);
      },
    );

    app.post(
      '/ontvangen/:id/antwoord',
      {
        config: SCHULDEISER,
        schema: {
          tags: TAG,
          summary:
            'Answer a Kennisgeving once: erkend (collection paused until the end date), geen-vordering (no claim under this reference), deurwaarder (already with a bailiff: name)',
          params: Id,
          body: z.strictObject({
            antwoord: z.enum(ANTWOORDEN),
            deurwaarder: z
              .string()
              .max(200)
              .nullable()
              .optional()
              .describe('Name of the bailiff (antwoord deurwaarder)'),
          }),
          response: { 200: Ontvangen },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return beantwoord(ctx, id.actor, id.organisatieId, req.params.id, req.body);
      },
    );

    // --- Counsellor ---
    app.get(
      '/schuldeisers',
      {
        config: CONSULENT,
        schema: {
          tags: TAG,
          summary: 'Creditors connected to the pause arrangement (to pick from for the debt inventory)',
          response: {
            200: z.object({
              schuldeisers: z.array(
                z.object({
                  id: z.string(),
                  naam: z.string(),
                  soort: z.enum(['publiek', 'privaat']),
                  kanaal: z.enum(KANALEN),
                }),
              ),
            }),
          },
        },
      },
      async () => ({
        schuldeisers: (await actieveSchuldeisers(ctx)).map((s) => ({
          id: s.id,
          naam: s.naam,
          soort: s.soort,
          kanaal: s.kanaal,
        })),
      }),
    );

    app.get(
      '/trajecten/:id',
      {
        config: CONSULENT,
        schema: {
          tags: TAG,
          summary: 'Debt inventory, pauses and the state of each Kennisgeving of one own trajectory',
          params: Id,
          response: { 200: Overzicht },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return overzicht(ctx, id.actor, id.organisatieId, req.params.id);
      },
    );

    app.post(
      '/trajecten/:id/schulden',
      {
        config: CONSULENT,
        schema: {
          tags: TAG,
          summary: 'Add a debt to the inventory: a connected creditor (schuldeiserId) or one by name and address',
          params: Id,
          body: z.strictObject({
            schuldeiserId: z.uuid().nullable().optional(),
            naam: z.string().max(200).nullable().optional(),
            adres: z.string().max(500).nullable().optional(),
            kenmerk: z.string().max(100).nullable().optional().describe("The creditor's own reference of the claim"),
            bedrag: z.number().min(0).max(10_000_000).nullable().optional().describe('Amount as known (euro)'),
          }),
          response: { 201: Overzicht },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        await voegSchuldToe(ctx, id.actor, id.organisatieId, req.params.id, req.body);
        return reply.status(201).send(await overzicht(ctx, id.actor, id.organisatieId, req.params.id));
      },
    );

    app.post(
      '/trajecten/:id/kennisgeving',
      {
        config: CONSULENT,
        schema: {
          tags: TAG,
          summary:
            'Send the Kennisgeving to the chosen creditors in one action: starts the 4-month pause (or uses the active one)',
          description:
            'Only on an admitted, open trajectory (toelatingsbeschikking or stabilisation phase). `bevestigd: true` is the confirmation the user gave. Connected creditors are notified (in-app, e-mail, webhook); the others get a letter you download (GET /kennisgevingen/{id}/brief).',
          params: Id,
          body: z.strictObject({
            schulden: z.array(z.uuid()).min(1).max(200),
            startdatum: Datum.optional().describe('Start of the pause (default today; not in the future)'),
            bevestigd: z.literal(true),
          }),
          response: {
            201: z.object({
              pauzeId: z.string(),
              startdatum: z.string(),
              einddatum: z.string(),
              verstuurd: z.array(z.object({ id: z.string(), kanaal: z.enum(KANALEN) })),
            }),
          },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        return reply
          .status(201)
          .send(await verstuurKennisgeving(ctx, id.actor, id.organisatieId, req.params.id, req.body));
      },
    );

    app.post(
      '/pauzes/:id/verlengen',
      {
        config: CONSULENT,
        schema: {
          tags: TAG,
          summary: 'Extend an active pause (with a reason); every creditor is told',
          params: Id,
          body: z.strictObject({ einddatum: Datum, reden: z.string().min(3).max(500) }),
          response: { 200: z.object({ id: z.string(), status: z.literal('actief'), einddatum: z.string() }) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return verlengPauze(ctx, id.actor, id.organisatieId, req.params.id, req.body);
      },
    );

    app.post(
      '/pauzes/:id/beeindigen',
      {
        config: CONSULENT,
        schema: {
          tags: TAG,
          summary: 'End an active pause early; every creditor is told',
          params: Id,
          body: z.strictObject({ reden: z.enum(EINDE_REDENEN), bevestigd: z.literal(true) }),
          response: {
            200: z.object({ id: z.string(), status: z.literal('beeindigd'), eindeReden: z.enum(EINDE_REDENEN) }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return beeindigPauze(ctx, id.actor, id.organisatieId, req.params.id, req.body.reden);
      },
    );

    app.get(
      '/kennisgevingen/:id/brief',
      {
        config: CONSULENT,
        schema: {
          tags: TAG,
          summary:
            'The Kennisgeving as a Dutch PDF letter (for a creditor that is not connected; states the current pause)',
          params: Id,
          produces: ['application/pdf'],
          response: { 200: z.unknown().describe('PDF') },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const k = await store.voorBrief(ctx.db.kysely, id.organisatieId, req.params.id);
        await ctx.audit.schrijf({
          actor: id.actor,
          actie: 'schuldenrust.brief',
          onderwerp: req.params.id,
          resultaat: k ? 'ok' : 'niet-gevonden',
        });
        if (!k) throw notFound();
        const pdf = await maakBrief({
          schuldeiser: k.schuldeiser,
          adres: k.schuldeiser_adres,
          kenmerk: k.kenmerk,
          startdatum: k.startdatum,
          einddatum: k.einddatum,
          status: k.status,
          eindeReden: k.einde_reden,
          hulpverlener: k.hulpverlener,
          consulent: k.consulent_naam,
          telefoon: k.consulent_telefoon,
          email: k.consulent_email,
          dag: vandaag(),
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="kennisgeving-schuldenrust-${k.id.slice(0, 8)}.pdf"`)
          .send(Buffer.from(pdf));
      },
    );

    // --- Reports ---
    app.get(
      '/rapportage',
      {
        config: RAPPORTAGE,
        schema: {
          tags: TAG,
          summary:
            'Pauses started/active/ended; per creditor type acknowledged, median time to acknowledgement, share unanswered',
          querystring: RapportQuery,
          response: { 200: Rapport },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return rapportage(ctx, id.actor, id.organisatieId, req.query);
      },
    );

    app.get(
      '/rapportage/csv',
      {
        config: RAPPORTAGE,
        schema: {
          tags: TAG,
          summary: 'The same report as CSV',
          querystring: RapportQuery,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV with ";"') },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const r = await rapportage(ctx, id.actor, id.organisatieId, req.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="schuldenrust-${r.van}-${r.tot}.csv"`)
          .send(rapportageCsv(r));
      },
    );
  };
