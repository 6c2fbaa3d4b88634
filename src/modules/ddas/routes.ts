import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';
import { notFound } from '../../shared/errors.ts';
import { geefToken, lijstClients, registreerClient, SCOPES, trekClientIn } from './clients.ts';
import { gegevensRoutes } from './gegevens.ts';
import { exportBestand, leesAanleverinstellingen, standaardPeriode, zetAanleverinstellingen } from './service.ts';

const TAG = ['DDAS'];
const GEMEENTE = ['gemeente'] as const;
const SHV = ['schuldhulpverlener', 'wijkteam', 'gemeente'] as const;
const Periode = z.object({
  startdatum: z.iso.date().optional().describe('JJJJ-MM-DD; default 1 January of this year'),
  einddatum: z.iso.date().optional().describe('JJJJ-MM-DD; default today'),
});
const Bestand = z.looseObject({}).describe('DDAS Uitwisselmodel (JSON), as a download');
const Tekst = (max: number) => z.string().max(max).nullable().optional();
const Instellingen = z.object({
  kvkNummer: z
    .string()
    .regex(/^\d{8}$/, 'Een KvK-nummer heeft 8 cijfers.')
    .nullable()
    .optional(),
  postcode: Tekst(10),
  contactpersoon: z
    .object({
      naam: Tekst(200),
      telefoonnummer: Tekst(30),
      email: z.email().max(254).nullable().optional(),
      functietitel: Tekst(200),
    })
    .nullable()
    .optional(),
});
const Client = z.object({
  id: z.string(),
  naam: z.string(),
  scopes: z.array(z.string()),
  aangemaaktOp: z.date(),
  ingetrokkenOp: z.date().nullable(),
});

/** OpenAPI security scheme of the /gegevens APIs (registered in app.ts). */
export const DDAS_OAUTH2 = {
  type: 'oauth2' as const,
  flows: {
    clientCredentials: {
      tokenUrl: '/api/ddas/oauth/token',
      scopes: {
        read: 'DDAS-gegevens ophalen (de scope van DDAS-VS.yaml / DDAS-SHV.yaml): elk model waarvoor de client is geregistreerd',
        'ddas-vs': 'DDAS Vroegsignalering ophalen',
        'ddas-shv': 'DDAS Schuldhulpverlening ophalen',
      },
    },
  },
};

/** DDAS: the two export files, the organisation's delivery settings, the CBS clients and the OAuth2 token endpoint. */
export const ddasRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/vroegsignalering',
      {
        config: { toegang: GEMEENTE, rollen: ['gemeente-coordinator'] },
        schema: {
          tags: TAG,
          summary: 'Municipality: download the DDAS Vroegsignalering file (Uitwisselmodel v0.9) for a period',
          description:
            'Signal cases that were open at some time in the period, with their signals and contact attempts. BSN and names only when the operator set DDAS_VS_PERSOONSGEGEVENS=aan.',
          querystring: Periode,
          response: { 200: Bestand },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const r = await exportBestand(
          ctx,
          id.actor,
          'vs',
          id.organisatieId,
          standaardPeriode(req.query.startdatum, req.query.einddatum),
        );
        return reply.header('content-disposition', `attachment; filename="${r.bestandsnaam}"`).send(r.gegevens);
      },
    );

    app.get(
      '/schuldhulpverlening',
      {
        config: { toegang: SHV, rollen: ['gemeente-coordinator', 'schuldhulpverlener', 'wijkteam'] },
        schema: {
          tags: TAG,
          summary:
            'Debt-help organisation: download the DDAS Schuldhulpverlening file (Uitwisselmodel v1.0) for a period',
          description: 'Own trajectories that ran at some time in the period, with all their parts.',
          querystring: Periode,
          response: { 200: Bestand },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const r = await exportBestand(
          ctx,
          id.actor,
          'shv',
          id.organisatieId,
          standaardPeriode(req.query.startdatum, req.query.einddatum),
        );
        return reply.header('content-disposition', `attachment; filename="${r.bestandsnaam}"`).send(r.gegevens);
      },
    );

    app.get(
      '/aanleverinstellingen',
      {
        config: {
          toegang: SHV,
          rollen: ['gemeente-coordinator', 'schuldhulpverlener', 'wijkteam', 'organisatie-beheerder'],
        },
        schema: {
          tags: TAG,
          summary: 'Own KvK number, postcode and DDAS contact person (for aanleverende_organisatie)',
          response: { 200: Instellingen },
        },
      },
      async (req) => leesAanleverinstellingen(ctx, identiteit(req).organisatieId),
    );

    app.put(
      '/aanleverinstellingen',
      {
        config: beheerhandeling(...SHV),
        schema: {
          tags: TAG,
          summary: 'Set own KvK number, postcode and DDAS contact person',
          body: Instellingen,
          response: { 200: Instellingen },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return zetAanleverinstellingen(ctx, id.actor, id.organisatieId, req.body);
      },
    );

    app.post(
      '/clients',
      {
        config: { toegang: ['beheerder'], rollen: ['beheerder'] },
        schema: {
          tags: TAG,
          summary: 'Operator: register an OAuth2 client (e.g. CBS) for the /gegevens APIs; the secret is shown once',
          body: z.strictObject({
            naam: z.string().min(1).max(200),
            scopes: z
              .array(z.enum(SCOPES))
              .min(1)
              .default([...SCOPES]),
          }),
          response: {
            201: z.object({
              clientId: z.string(),
              clientSecret: z.string(),
              naam: z.string(),
              scopes: z.array(z.string()),
            }),
          },
        },
      },
      async (req, reply) => reply.status(201).send(await registreerClient(ctx, identiteit(req).actor, req.body)),
    );

    app.get(
      '/clients',
      {
        config: { toegang: ['beheerder'], rollen: ['beheerder'] },
        schema: { tags: TAG, summary: 'Operator: registered OAuth2 clients', response: { 200: z.array(Client) } },
      },
      async () =>
        (await lijstClients(ctx)).map((c) => ({
          id: c.id,
          naam: c.naam,
          scopes: c.scopes,
          aangemaaktOp: c.aangemaakt_op,
          ingetrokkenOp: c.ingetrokken_op,
        })),
    );

    app.delete(
      '/clients/:id',
      {
        config: { toegang: ['beheerder'], rollen: ['beheerder'] },
        schema: {
          tags: TAG,
          summary: 'Operator: revoke a client (its tokens stop working at once)',
          params: z.object({ id: z.string().max(100) }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        if (!(await trekClientIn(ctx, identiteit(req).actor, req.params.id))) throw notFound();
        return reply.status(204).send(null);
      },
    );

    await app.register(tokenRoute(ctx), { prefix: '/oauth' });
    await app.register(gegevensRoutes(ctx, 'vs'), { prefix: '/vs' });
    await app.register(gegevensRoutes(ctx, 'shv'), { prefix: '/shv' });
  };

/** An OAuth2 error (RFC 6749 5.2), or problem details when the form itself is malformed. */
const OAuthFout = z.union([
  z.object({ error: z.string(), error_description: z.string() }),
  z.looseObject({ type: z.string(), status: z.number(), title: z.string() }),
]);

/** OAuth2 token endpoint, client-credentials grant only (RFC 6749 4.4); client_secret_basic or client_secret_post. */
const tokenRoute =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    app.post(
      '/token',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: TAG,
          summary: 'OAuth2 token endpoint (client credentials) for the DDAS /gegevens APIs',
          description:
            "Client authentication with HTTP Basic (client_secret_basic) or client_id + client_secret in the form (client_secret_post). Optional `scope`: `read` (the spec's scope), ddas-vs and/or ddas-shv (default: all of the client's).",
          security: [],
          consumes: ['application/x-www-form-urlencoded'],
          body: z.object({
            grant_type: z.string().max(100),
            scope: z.string().max(200).optional(),
            client_id: z.string().max(100).optional(),
            client_secret: z.string().max(200).optional(),
          }),
          response: {
            200: z.object({
              access_token: z.string(),
              token_type: z.literal('Bearer'),
              expires_in: z.number(),
              scope: z.string(),
            }),
            400: OAuthFout,
            401: OAuthFout,
          },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        if (req.body.grant_type !== 'client_credentials') {
          return reply.status(400).send({
            error: 'unsupported_grant_type',
            error_description: 'Alleen grant_type=client_credentials wordt ondersteund.',
          });
        }
        const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
        let id = req.body.client_id;
        let geheim = req.body.client_secret;
        if (basic) {
          // RFC 6749 2.3.1: id and secret are form-encoded before base64.
          const [u, ...p] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
          try {
            id = decodeURIComponent(u ?? '');
            geheim = decodeURIComponent(p.join(':'));
          } catch {
            id = undefined;
          }
        }
        const r =
          id && geheim
            ? await geefToken(ctx, id, geheim, req.body.scope)
            : ({ ok: false, error: 'invalid_client' } as const);
        if (!r.ok) {
          if (r.error === 'invalid_scope')
            return reply.status(400).send({
              error: 'invalid_scope',
              error_description: 'Deze client heeft geen toegang tot de gevraagde scope.',
            });
          return reply
            .status(401)
            .header('www-authenticate', 'Basic realm="ddas"')
            .send({ error: 'invalid_client', error_description: 'Onbekende client of onjuist geheim.' });
        }
        return { access_token: r.accessToken, token_type: 'Bearer' as const, expires_in: r.expiresIn, scope: r.scope };
      },
    );
  };
