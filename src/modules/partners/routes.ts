import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { LCV_SECTOREN } from '../../db/schema.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';

import { TELEFOON } from '../../shared/contact.ts';
import { parseDatum } from '../../shared/datum.ts';
import { gemeentecodeVanOrganisatie } from '../gemeenten/index.ts';
import {
  DDAS_PARTNER_TYPES,
  beeindigMandaat,
  leesAanmelding,
  lijstConvenanten,
  lijstOpdrachtgevers,
  maakGereed,
  meldAan,
  onderteken,
  zetOpdrachtgever,
} from './partners.ts';
import { meldVerhuurderAan } from './verhuurders.ts';
import * as store from './store.ts';
import { beeindig, historie, type Partij, verleng, wijzigGemeenten } from './levensloop.ts';

const TAG = ['Vroegsignalering: signaalpartners en convenanten'];
const PARTNER = ['signaalpartner'] as const;
const Email = z.email().max(254);

const AanmeldingIn = z.strictObject({
  type: z.enum(DDAS_PARTNER_TYPES).describe('DDAS-VS EnumSignaalpartner'),
  sectoren: z.array(z.enum(LCV_SECTOREN)).min(1).max(5).describe('LCV sector(s): the sub-type'),
  rol: z.enum(['eigen-beheer', 'vastgoedmanager']).default('eigen-beheer'),
  adHoc: z
    .boolean()
    .default(false)
    .describe('Light registration for a small landlord: agreements are made at the first report'),
  contactpersoon: z.strictObject({
    naam: z.string().min(1).max(200),
    email: Email,
    delen: z.boolean().describe('May name and e-mail be shared with municipalities'),
  }),
  tekenbevoegde: z.strictObject({
    naam: z.string().min(1).max(200),
    functie: z.string().min(1).max(200),
    email: Email,
    mobiel: z.string().regex(TELEFOON).optional(),
  }),
  gemeenten: z
    .array(z.string().regex(/^GM[0-9]{4}$/))
    .max(400)
    .default([]),
});
const AanmeldingUit = z.object({
  type: z.string(),
  sectoren: z.array(z.string()),
  rol: z.string(),
  adHoc: z.boolean(),
  contactpersoon: z.object({ naam: z.string(), email: z.string(), delen: z.boolean() }),
  tekenbevoegde: z.object({ naam: z.string(), functie: z.string(), email: z.string(), mobiel: z.string().nullable() }),
  aangemeldOp: z.date(),
});
const Convenant = z.object({
  id: z.string(),
  gemeentecode: z.string(),
  gemeentenaam: z.string(),
  partner: z.string(),
  partnerType: z.string(),
  sectoren: z.array(z.string()),
  soort: z.string(),
  status: z.string(),
  looptijdMaanden: z.number(),
  gereedOp: z.date().nullable(),
  ondertekendOp: z.string().nullable(),
  ondertekendDoor: z.string().nullable(),
  einddatum: z.string().nullable(),
  verlopen: z.boolean().describe('Signed, but the end date has passed: renew it'),
  verlengdOp: z.string().nullable(),
  beeindigdOp: z.string().nullable(),
  beeindigdDoor: z.enum(['partner', 'gemeente']).nullable(),
  contactpersoon: z.object({ naam: z.string(), email: z.string() }).nullable(),
});
const Gemeentecode = z.string().regex(/^GM[0-9]{4}$/);
const HistorieRegel = z.object({
  gebeurtenis: z.enum(['aangemaakt', 'gereed', 'ondertekend', 'verlengd', 'beeindigd', 'heropend']),
  op: z.date(),
  einddatum: z.string().nullable(),
  door: z.object({ organisatie: z.string(), soort: z.enum(['gemeente', 'signaalpartner', 'platform']) }),
});
const Opdrachtgever = z.object({ id: z.string(), naam: z.string(), mandaatTot: z.string().nullable() });
const Id = z.object({ id: z.uuid() });

const partij = (id: { organisatieType: string; organisatieId: string }): Partij =>
  id.organisatieType === 'signaalpartner'
    ? { soort: 'partner', partnerId: id.organisatieId }
    : { soort: 'gemeente', organisatieId: id.organisatieId };

/** Registration of signal partners, agreements per municipality, and property managers' mandates. */
export const partnerRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/aanmelding',
      {
        config: beheerhandeling('signaalpartner'),
        schema: {
          tags: TAG,
          summary: 'Register as signal partner; creates one agreement (te-ondertekenen) per municipality',
          body: AanmeldingIn,
          response: { 201: z.object({ aanmelding: AanmeldingUit, convenanten: z.array(Convenant) }) },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        return reply.status(201).send(await meldAan(ctx, id.actor, id.organisatieId, req.body));
      },
    );

    app.post(
      '/verhuurders',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: TAG,
          summary:
            'Small landlord: sign up without an account (organisation, contact, signatory, municipalities, password); agreements are accepted online at once',
          description:
            'Creates the organisation (type signaalpartner), a light registration (type Huur, sector huur, ad hoc), an ad-hoc agreement (12 months) per municipality and the first administrator (the contact person). The TOTP secret and recovery codes are shown once in the answer. At most 5 sign-ups per hour per address (429).',
          body: z.strictObject({
            organisatie: z.string().trim().min(2).max(200),
            contactpersoon: AanmeldingIn.shape.contactpersoon,
            tekenbevoegde: AanmeldingIn.shape.tekenbevoegde,
            gemeenten: z
              .array(z.string().regex(/^GM[0-9]{4}$/))
              .min(1)
              .max(50),
            wachtwoord: z.string().min(12).max(200),
            akkoord: z.literal(true).describe('The landlord accepts the agreement (and its MVI duty) online'),
          }),
          response: {
            201: z.object({
              organisatieId: z.string(),
              gebruiker: z.object({
                email: z.string(),
                totpGeheim: z.string(),
                totpUri: z.string(),
                herstelcodes: z.array(z.string()),
              }),
              convenanten: z.array(Convenant),
            }),
          },
        },
      },
      async (req, reply) => reply.status(201).send(await meldVerhuurderAan(ctx, req.body, req.ip)),
    );

    app.get(
      '/verhuurders/gemeenten',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: TAG,
          summary: 'Municipalities that take part in early signalling (for the small landlord sign-up form)',
          response: { 200: z.array(z.object({ gemeentecode: z.string(), naam: z.string() })) },
        },
      },
      async () => store.deelnemendeGemeenten(ctx.db.kysely),
    );

    app.get(
      '/aanmelding',
      {
        config: { toegang: PARTNER },
        schema: { tags: TAG, summary: 'Own registration', response: { 200: AanmeldingUit } },
      },
      async (req) => leesAanmelding(ctx, identiteit(req).actor, identiteit(req).organisatieId),
    );

    app.get(
      '/convenanten',
      {
        config: { toegang: ['signaalpartner', 'gemeente'] },
        schema: {
          tags: TAG,
          summary: 'Agreements: a partner sees its own, a municipality those with it',
          response: { 200: z.array(Convenant) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        if (id.organisatieType === 'signaalpartner')
          return lijstConvenanten(ctx, id.actor, { partnerId: id.organisatieId });
        const code = await gemeentecodeVanOrganisatie(ctx.db.kysely, id.organisatieId);
        return code ? lijstConvenanten(ctx, id.actor, { gemeentecode: code }) : [];
      },
    );

    app.post(
      '/convenanten/:id/gereed',
      {
        config: beheerhandeling('gemeente'),
        schema: {
          tags: TAG,
          summary: 'Municipality: set an agreement ready for signing',
          params: Id,
          body: z.strictObject({ looptijdMaanden: z.number().int().min(1).max(120).optional() }).default({}),
          response: { 200: z.object({ id: z.string(), status: z.literal('gereed') }) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return maakGereed(ctx, id.actor, id.organisatieId, req.params.id, req.body.looptijdMaanden);
      },
    );

    app.post(
      '/convenanten/:id/ondertekenen',
      {
        config: beheerhandeling('signaalpartner'),
        schema: {
          tags: TAG,
          summary: 'Partner: sign an agreement online (by the registered signatory)',
          params: Id,
          body: z.strictObject({ akkoord: z.literal(true) }),
          response: {
            200: z.object({
              id: z.string(),
              status: z.literal('ondertekend'),
              ondertekendOp: z.string(),
              einddatum: z.string(),
            }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return onderteken(ctx, id.actor, id.organisatieId, req.params.id);
      },
    );

    app.post(
      '/aanmelding/gemeenten',
      {
        config: beheerhandeling('signaalpartner'),
        schema: {
          tags: TAG,
          summary:
            'Add or remove municipalities after registering: an added one gets an agreement (te-ondertekenen) for that municipality to make ready; a removed one is terminated',
          body: z.strictObject({
            toevoegen: z.array(Gemeentecode).max(400).default([]),
            verwijderen: z.array(Gemeentecode).max(400).default([]),
          }),
          response: { 200: z.array(Convenant) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return wijzigGemeenten(ctx, id.actor, id.organisatieId, req.body);
      },
    );

    app.post(
      '/convenanten/:id/verlengen',
      {
        config: beheerhandeling('signaalpartner'),
        schema: {
          tags: TAG,
          summary: 'Partner: renew a signed agreement for another term (from 60 days before its end date, or after it)',
          params: Id,
          body: z.strictObject({ akkoord: z.literal(true) }),
          response: {
            200: z.object({ id: z.string(), status: z.literal('ondertekend'), einddatum: z.string() }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return verleng(ctx, id.actor, id.organisatieId, req.params.id);
      },
    );

    app.post(
      '/convenanten/:id/beeindigen',
      {
        config: beheerhandeling('signaalpartner', 'gemeente'),
        schema: {
          tags: TAG,
          summary: 'Partner or municipality: terminate an agreement from today (signals under it are refused)',
          params: Id,
          body: z.strictObject({ akkoord: z.literal(true) }),
          response: {
            200: z.object({ id: z.string(), status: z.literal('beeindigd'), beeindigdOp: z.string() }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return beeindig(ctx, id.actor, partij(id), req.params.id);
      },
    );

    app.get(
      '/convenanten/:id/historie',
      {
        config: { toegang: ['signaalpartner', 'gemeente'] },
        schema: {
          tags: TAG,
          summary: 'History of one agreement: made ready, signed, renewed, terminated; when and by which organisation',
          params: Id,
          response: { 200: z.array(HistorieRegel) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return historie(ctx, id.actor, partij(id), req.params.id);
      },
    );

    app.get(
      '/opdrachtgevers',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'Property manager: investors with a mandate',
          response: { 200: z.array(Opdrachtgever) },
        },
      },
      async (req) => lijstOpdrachtgevers(ctx, identiteit(req).actor, identiteit(req).organisatieId),
    );

    app.post(
      '/opdrachtgevers',
      {
        config: beheerhandeling('signaalpartner'),
        schema: {
          tags: TAG,
          summary: 'Property manager: record (or renew) an investor mandate',
          body: z.strictObject({
            naam: z.string().min(1).max(200),
            mandaatTot: z
              .string()
              .refine((s) => parseDatum(s) === s, 'Datum als JJJJ-MM-DD')
              .optional(),
          }),
          response: { 201: Opdrachtgever },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await zetOpdrachtgever(ctx, identiteit(req).actor, identiteit(req).organisatieId, req.body)),
    );

    app.delete(
      '/opdrachtgevers/:id',
      {
        config: beheerhandeling('signaalpartner'),
        schema: {
          tags: TAG,
          summary: 'Property manager: end an investor mandate (from today)',
          params: Id,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await beeindigMandaat(ctx, identiteit(req).actor, identiteit(req).organisatieId, req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
