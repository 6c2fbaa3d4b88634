import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { ORGANISATIE_TYPES } from '../../db/schema.ts';
import { identiteit, type Identiteit } from '../../http/auth.ts';
import { forbidden, invalidInput, notFound } from '../../shared/errors.ts';
import * as abonnementen from './abonnementen.ts';
import { CATALOGUS, WEBHOOK_BEHEER_ROLLEN } from './catalogus.ts';
import * as meldingen from './meldingen.ts';
import { KANALEN } from './tabellen.ts';
import { alleenPubliek, webhookKluis } from './werker.ts';

const TAG_MELDINGEN = ['Meldingen'];
const TAG_WEBHOOKS = ['Webhooks'];

/** People only: a machine has no notification list (it subscribes to webhooks). */
function persoon(id: Identiteit) {
  if (id.actor.soort !== 'gebruiker' || !id.rol || !id.actor.id) throw forbidden();
  return { gebruikerId: id.actor.id, rol: id.rol };
}

const Melding = z.object({
  id: z.string(),
  gebeurtenisId: z.string(),
  type: z.string(),
  titel: z.string(),
  tekst: z.string(),
  link: z.string().describe('Path in the web app'),
  aangemaaktOp: z.date(),
  gelezenOp: z.date().nullable(),
});
const Voorkeur = z.object({
  type: z.string(),
  omschrijving: z.string(),
  standaard: z.enum(KANALEN),
  kanaal: z.enum(KANALEN),
});

/** A signed-in person's notifications (in-app list, unread count) and channel preferences per event type. */
export const notificatieRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.db.kysely;
    const IEDEREEN = { toegang: ORGANISATIE_TYPES };
    // Before validation (as the platform's access check): a machine learns nothing about these routes' input.
    app.addHook('preValidation', async (req) => {
      persoon(identiteit(req));
    });

    app.get(
      '/',
      {
        config: IEDEREEN,
        schema: {
          tags: TAG_MELDINGEN,
          summary: 'Own notifications, newest first (people only)',
          querystring: z.object({
            ongelezen: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ ongelezen: z.number(), notificaties: z.array(Melding) }) },
        },
      },
      async (req) => {
        const p = persoon(identiteit(req));
        const [ongelezen, notificaties] = await Promise.all([
          meldingen.aantalOngelezen(db, p.gebruikerId),
          meldingen.lijst(db, p.gebruikerId, {
            ongelezen: req.query.ongelezen === 'true',
            limit: req.query.limit,
            offset: req.query.offset,
          }),
        ]);
        return { ongelezen, notificaties };
      },
    );

    app.get(
      '/aantal',
      {
        config: IEDEREEN,
        schema: {
          tags: TAG_MELDINGEN,
          summary: 'Number of unread notifications (the bell in the header)',
          response: { 200: z.object({ ongelezen: z.number() }) },
        },
      },
      async (req) => ({ ongelezen: await meldingen.aantalOngelezen(db, persoon(identiteit(req)).gebruikerId) }),
    );

    app.post(
      '/:id/gelezen',
      {
        config: IEDEREEN,
        schema: {
          tags: TAG_MELDINGEN,
          summary: 'Mark one own notification read (another person\'s is "not found")',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        if (!(await meldingen.markeerGelezen(db, persoon(identiteit(req)).gebruikerId, req.params.id)))
          throw notFound();
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/gelezen',
      {
        config: IEDEREEN,
        schema: {
          tags: TAG_MELDINGEN,
          summary: 'Mark all own notifications read',
          response: { 200: z.object({ gemarkeerd: z.number() }) },
        },
      },
      async (req) => ({ gemarkeerd: await meldingen.markeerAllesGelezen(db, persoon(identiteit(req)).gebruikerId) }),
    );

    app.get(
      '/voorkeuren',
      {
        config: IEDEREEN,
        schema: {
          tags: TAG_MELDINGEN,
          summary: "Per event type the caller's role receives: e-mail, app, both or none",
          response: { 200: z.array(Voorkeur) },
        },
      },
      async (req) => {
        const p = persoon(identiteit(req));
        return meldingen.voorkeuren(db, p.gebruikerId, p.rol);
      },
    );

    app.put(
      '/voorkeuren',
      {
        config: IEDEREEN,
        schema: {
          tags: TAG_MELDINGEN,
          summary: 'Set channels per event type (types not given keep their setting)',
          body: z.strictObject({
            voorkeuren: z.array(z.strictObject({ type: z.string().max(100), kanaal: z.enum(KANALEN) })).max(100),
          }),
          response: { 200: z.array(Voorkeur) },
        },
      },
      async (req) => {
        const p = persoon(identiteit(req));
        const fout = await meldingen.zetVoorkeuren(db, p.gebruikerId, p.rol, req.body.voorkeuren);
        if (fout) throw invalidInput(`U ontvangt geen meldingen van het type '${fout}'.`);
        return meldingen.voorkeuren(db, p.gebruikerId, p.rol);
      },
    );
  };

const Abonnement = z.object({
  id: z.string(),
  url: z.string(),
  gebeurtenissen: z.array(z.string()),
  omschrijving: z.string(),
  actief: z.boolean(),
  aangemaaktOp: z.date(),
  vorigGeheimGeldigTot: z.date().nullable().describe('During a rotation: until when the previous secret also signs'),
  mislukt: z.number().describe('Calls given up after 24 hours of retries'),
});
const Aflevering = z.object({
  id: z.string(),
  gebeurtenisId: z.string().describe('The event id: dedupe on it'),
  type: z.string(),
  status: z.enum(['wachtend', 'bezig', 'afgeleverd', 'mislukt']),
  pogingen: z.number(),
  laatsteFout: z.string().nullable(),
  laatsteStatus: z.number().nullable(),
  volgendePogingOp: z.date().nullable(),
  afgeleverdOp: z.date().nullable(),
  aangemaaktOp: z.date(),
});
const Id = z.object({ id: z.uuid() });
const Url = z.string().min(1).max(2000);
const Typen = z.array(z.string().max(100)).max(50);

/** In a municipality only its coordinator manages webhooks (the role `schuldhulpverlener` exists there too). */
function beheerder(id: Identiteit) {
  if (id.actor.soort === 'gebruiker' && id.organisatieType === 'gemeente' && id.rol !== 'gemeente-coordinator')
    throw forbidden();
  return id;
}

/** Webhooks for machine clients: an organisation registers URLs and the events it wants; signed calls, replay. */
export const webhookRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.db.kysely;
    const BEHEER = { toegang: abonnementen.WEBHOOK_ORGANISATIETYPEN, rollen: WEBHOOK_BEHEER_ROLLEN };
    app.addHook('preValidation', async (req) => {
      beheerder(identiteit(req));
    });
    const audit = (id: Identiteit, actie: string, onderwerp: string) =>
      ctx.audit.schrijf({ actor: id.actor, actie: `webhook.${actie}`, onderwerp, resultaat: 'ok' });

    app.get(
      '/gebeurtenissen',
      {
        config: BEHEER,
        schema: {
          tags: TAG_WEBHOOKS,
          summary: 'The event types your organisation can subscribe to',
          response: { 200: z.array(z.object({ type: z.string(), omschrijving: z.string() })) },
        },
      },
      async (req) =>
        abonnementen
          .webhookTypenVoor(beheerder(identiteit(req)).organisatieType)
          .map((t) => ({ type: t, omschrijving: CATALOGUS[t].omschrijving })),
    );

    app.get(
      '/',
      {
        config: BEHEER,
        schema: {
          tags: TAG_WEBHOOKS,
          summary: "Own organisation's subscriptions",
          response: { 200: z.array(Abonnement) },
        },
      },
      async (req) => abonnementen.lijst(db, beheerder(identiteit(req)).organisatieId),
    );

    app.post(
      '/',
      {
        config: BEHEER,
        schema: {
          tags: TAG_WEBHOOKS,
          summary: 'Register a webhook: URL and event types; the signing secret is in this answer only',
          description:
            'Each call is a POST with JSON `{ id, type, aangemaaktOp, data }` and header `Schuldenrust-Signature: t=<unix>,v1=<hex>`: HMAC-SHA-256 with the secret over `<t>.<body>`. Answer 2xx; otherwise it is retried with back-off for 24 hours, then marked failed. Dedupe on `id`. `data` holds ids only: fetch details over the API with your own credential.',
          body: z.strictObject({ url: Url, gebeurtenissen: Typen, omschrijving: z.string().max(200).optional() }),
          response: { 201: Abonnement.extend({ geheim: z.string().describe('Shown once') }) },
        },
      },
      async (req, reply) => {
        const id = beheerder(identiteit(req));
        const a = await abonnementen.maak(
          db,
          webhookKluis(ctx),
          { id: id.organisatieId, type: id.organisatieType },
          req.body,
          alleenPubliek(ctx),
        );
        await audit(id, 'aanmaken', a.id);
        return reply.status(201).send(a);
      },
    );

    app.patch(
      '/:id',
      {
        config: BEHEER,
        schema: {
          tags: TAG_WEBHOOKS,
          summary: 'Change URL, event types, description, or switch a subscription off/on',
          params: Id,
          body: z.strictObject({
            url: Url.optional(),
            gebeurtenissen: Typen.optional(),
            omschrijving: z.string().max(200).optional(),
            actief: z.boolean().optional(),
          }),
          response: { 200: Abonnement },
        },
      },
      async (req) => {
        const id = beheerder(identiteit(req));
        const a = await abonnementen.wijzig(
          db,
          { id: id.organisatieId, type: id.organisatieType },
          req.params.id,
          req.body,
          alleenPubliek(ctx),
        );
        await audit(id, 'wijzigen', a.id);
        return a;
      },
    );

    app.delete(
      '/:id',
      {
        config: BEHEER,
        schema: { tags: TAG_WEBHOOKS, summary: 'Remove a subscription', params: Id, response: { 204: z.null() } },
      },
      async (req, reply) => {
        const id = beheerder(identiteit(req));
        await abonnementen.verwijder(db, id.organisatieId, req.params.id);
        await audit(id, 'verwijderen', req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/:id/geheim',
      {
        config: BEHEER,
        schema: {
          tags: TAG_WEBHOOKS,
          summary: 'Rotate the signing secret: the new one is in this answer only; the old one signs too for 24 hours',
          params: Id,
          response: { 200: z.object({ id: z.string(), geheim: z.string(), vorigGeheimGeldigTot: z.date() }) },
        },
      },
      async (req) => {
        const id = beheerder(identiteit(req));
        const r = await abonnementen.roteer(db, webhookKluis(ctx), id.organisatieId, req.params.id);
        await audit(id, 'geheim-roteren', req.params.id);
        return r;
      },
    );

    app.get(
      '/:id/afleveringen',
      {
        config: BEHEER,
        schema: {
          tags: TAG_WEBHOOKS,
          summary: 'Calls of a subscription, newest first (status=mislukt: given up after 24 hours)',
          params: Id,
          querystring: z.object({
            status: z.enum(['wachtend', 'bezig', 'afgeleverd', 'mislukt']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.array(Aflevering) },
        },
      },
      async (req) => abonnementen.afleveringen(db, beheerder(identiteit(req)).organisatieId, req.params.id, req.query),
    );

    app.post(
      '/:id/afleveringen/:afleveringId/opnieuw',
      {
        config: BEHEER,
        schema: {
          tags: TAG_WEBHOOKS,
          summary: 'Replay a failed (or delivered) call: same event id, retried for another 24 hours',
          params: z.object({ id: z.uuid(), afleveringId: z.uuid() }),
          response: { 202: z.object({ id: z.string(), status: z.literal('wachtend') }) },
        },
      },
      async (req, reply) => {
        const id = beheerder(identiteit(req));
        const r = await abonnementen.opnieuw(db, id.organisatieId, req.params.id, req.params.afleveringId);
        await audit(id, 'opnieuw', req.params.afleveringId);
        return reply.status(202).send(r);
      },
    );
  };
