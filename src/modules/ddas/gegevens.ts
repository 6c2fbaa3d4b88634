import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import type { Actor } from '../audit/index.ts';
import { controleerToken, type Scope } from './clients.ts';
import { bouwExport, MAX_PAGE_SIZE } from './export.ts';
import { digest, onderteken, ondertekenaar } from './ondertekening.ts';
import { organisatiesVoorVerzoek, standaardPeriode } from './service.ts';
import type { DdasModel } from './validatie.ts';

const Datum = z.iso.date();
/** GegevensRequest of DDAS-VS.yaml / DDAS-SHV.yaml (additionalProperties: false). */
const GegevensRequest = z.strictObject({
  aanleverperiodeStartdatum: Datum.optional(),
  aanleverperiodeEinddatum: Datum.optional(),
  aanleverende_organisatie: z.string().min(1).max(200).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(25_000),
});
const Antwoord = z.looseObject({
  gegevens: z.looseObject({}).describe('The Uitwisselmodel (see the official JSON Schema of the model)'),
  paginering: z.object({
    pageSize: z.number(),
    currentPage: z.number(),
    totalPages: z.number(),
    totalRecords: z.number(),
  }),
});
const FscError = z.object({
  code: z.string(),
  domain: z.string(),
  title: z.string(),
  detail: z.string(),
  status: z.number(),
});

const FSC: Record<
  'ontbreekt' | 'ongeldig' | 'verlopen' | 'scope',
  { status: number; code: string; title: string; detail: string }
> = {
  ontbreekt: {
    status: 401,
    code: 'ERROR_CODE_ACCESS_TOKEN_MISSING',
    title: 'Access token ontbreekt',
    detail: 'Vraag een token aan bij /api/ddas/oauth/token en stuur het mee als "Authorization: Bearer <token>".',
  },
  ongeldig: {
    status: 401,
    code: 'ERROR_CODE_ACCESS_TOKEN_INVALID',
    title: 'Ongeldige access token',
    detail: 'De meegegeven access token is ongeldig of ingetrokken.',
  },
  verlopen: {
    status: 401,
    code: 'ERROR_CODE_ACCESS_TOKEN_EXPIRED',
    title: 'Access token verlopen',
    detail: 'De access token is verlopen. Vraag een nieuwe aan.',
  },
  scope: {
    status: 403,
    code: 'ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN',
    title: 'Geen toegang',
    detail: 'Deze access token geeft geen toegang tot deze gegevens (scope).',
  },
};

declare module 'fastify' {
  interface FastifyRequest {
    ddasClient?: string;
  }
}

/**
 * The `POST /gegevens` APIs of DDAS-VS.yaml and DDAS-SHV.yaml for the CBS client. Not session or API-key based:
 * the routes are public to the platform's auth hook, and this plugin demands an OAuth2 bearer token with the
 * model's scope on every route it holds (deny by default). Answers carry a Digest and a detached JWS.
 */
export const gegevensRoutes =
  (ctx: Context, model: DdasModel): FastifyPluginAsyncZod =>
  async (app) => {
    const scope: Scope = model === 'vs' ? 'ddas-vs' : 'ddas-shv';
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const r = await controleerToken(ctx, req.headers.authorization, scope);
      if (r.ok) {
        req.ddasClient = r.clientId;
        return;
      }
      const f = FSC[r.fout];
      const bearer =
        r.fout === 'scope'
          ? `Bearer error="insufficient_scope", scope="${scope}"`
          : r.fout === 'ontbreekt'
            ? 'Bearer'
            : 'Bearer error="invalid_token"';
      return reply
        .code(f.status)
        .header('fsc-error-code', f.code)
        .header('www-authenticate', bearer)
        .type('application/problem+json')
        .send({ code: f.code, domain: 'ERROR_DOMAIN_INWAY', title: f.title, detail: f.detail, status: f.status });
    });

    app.post(
      '/gegevens',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: ['DDAS'],
          summary: `${model === 'vs' ? 'DDAS-VS' : 'DDAS-SHV'}: request a (paged) delivery for a period (CBS client, OAuth2 bearer token)`,
          description: `Scope \`${scope}\`. aanleverende_organisatie: the organisation's name${model === 'vs' ? ' or municipality code (GM0344 or 0344)' : ''}; without it, all organisations. Period default: 1 January of this year up to today. The answer carries \`Digest\` (SHA-256 of the body) and \`nlgov-adr-payload-sig\` (detached JWS, PS256, x5c).`,
          security: [{ ddasOAuth2: [scope] }],
          body: GegevensRequest,
          response: { 200: Antwoord, 401: FscError, 403: FscError },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const periode = standaardPeriode(b.aanleverperiodeStartdatum, b.aanleverperiodeEinddatum);
        const actor: Actor = { organisatieId: null, soort: 'systeem', id: `ddas-client:${req.ddasClient}` };
        const orgs = await organisatiesVoorVerzoek(ctx, model, b.aanleverende_organisatie);
        const { gegevens, paginering } = await bouwExport(ctx, actor, model, orgs, periode, {
          page: b.page,
          pageSize: b.pageSize,
        });
        const body = Buffer.from(JSON.stringify({ gegevens, paginering }));
        const sig = await onderteken(await ondertekenaar(ctx.config.DATA_DIR), body);
        // The signed bytes go out as they are: Fastify never re-serialises a Buffer (the 200 schema is for the docs).
        return reply
          .header('digest', digest(body))
          .header('nlgov-adr-payload-sig', sig)
          .type('application/json')
          .send(body as never);
      },
    );
  };
