import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { TokenEmmers } from '../../shared/token-emmers.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import { controleerToken, type Scope } from './clients.ts';
import { bouwExport, MAX_PAGE_SIZE } from './export.ts';
import { digest, onderteken } from './handtekening.ts';
import { ondertekenaar, verzoekAnkers, verzoekOndertekening } from './ondertekening.ts';
import { PROBLEMEN, type Probleem, stuurProbleem } from './problemen.ts';
import { organisatiesVoorVerzoek, standaardPeriode } from './service.ts';
import { snapshotVoor } from './snapshot.ts';
import type { DdasModel } from './validatie.ts';
import { controleerVerzoek, HANDTEKENING_HEADER } from './verzoek.ts';
import * as docs from './gegevens-docs.ts';

const Datum = z.iso.date();
/** GegevensRequest of DDAS-VS.yaml / DDAS-SHV.yaml (additionalProperties: false). */
const GegevensRequest = z.strictObject({
  aanleverperiodeStartdatum: Datum.optional(),
  aanleverperiodeEinddatum: Datum.optional(),
  aanleverende_organisatie: z.string().min(1).max(200).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(25_000),
});

declare module 'fastify' {
  interface FastifyRequest {
    ddasClient?: string;
    /** The exact request body bytes (the Digest and signature are over them). */
    ddasRuw?: Buffer;
  }
}

const FOUT_VAN_TOKEN: Record<'ontbreekt' | 'ongeldig' | 'verlopen', Probleem> = {
  ontbreekt: PROBLEMEN.tokenOntbreekt,
  ongeldig: PROBLEMEN.tokenOngeldig,
  verlopen: PROBLEMEN.tokenVerlopen,
};

/**
 * The `POST /gegevens` APIs of DDAS-VS.yaml and DDAS-SHV.yaml for the CBS client. Not session or API-key based:
 * the routes are public to the platform's auth hook, and this plugin, in order, answers any other method with
 * 405, demands an OAuth2 bearer token with the model's scope (or `read`), limits the rate per client (429),
 * accepts JSON only (415), checks the request's Digest and signature (400), then validates the body (400/422).
 * Every answer carries a Digest; a 200 also the signature (nlgov-adr-payload-sig) and its snapshot id.
 */
export const gegevensRoutes =
  (ctx: Context, model: DdasModel): FastifyPluginAsyncZod =>
  async (app) => {
    const scope: Scope = model === 'vs' ? 'ddas-vs' : 'ddas-shv';
    const per = ctx.config.DDAS_VERZOEKEN_PER_MINUUT;
    const emmers = new TokenEmmers(per / 60, per);

    // JSON only, parsed here: the Digest and the signature are checked against the exact bytes.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (req, body, done) => {
      req.ddasRuw = body as Buffer;
      try {
        done(null, JSON.parse((body as Buffer).toString('utf8')));
      } catch {
        done(Object.assign(new Error('invalid JSON'), { statusCode: 400, ddasGeenJson: true }), undefined);
      }
    });

    app.setErrorHandler((err, req, reply) => {
      if (hasZodFastifySchemaValidationErrors(err)) {
        const velden = err.validation.map((v) => {
          const veld = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || v.params?.issue?.path?.join('.') || '';
          return veld ? `${veld}: ${v.message}` : v.message;
        });
        return stuurProbleem(reply, PROBLEMEN.ongeldig(`Het verzoek is niet geldig. ${velden.join('; ')}`));
      }
      if (err instanceof AppError)
        return stuurProbleem(
          reply,
          err.status === 422
            ? PROBLEMEN.onverwerkbaar(err.code, err.publicMessage)
            : PROBLEMEN.ongeldig(err.publicMessage),
        );
      const e = err as { statusCode?: number; code?: string; ddasGeenJson?: boolean };
      if (e.ddasGeenJson) return stuurProbleem(reply, PROBLEMEN.geenJson);
      if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return stuurProbleem(reply, PROBLEMEN.mediatype);
      if (e.statusCode === 413) return stuurProbleem(reply, PROBLEMEN.teGroot);
      if (e.statusCode && e.statusCode < 500)
        return stuurProbleem(reply, PROBLEMEN.ongeldig('Het verzoek is niet geldig.'));
      req.log.error({ err }, 'DDAS /gegevens request failed');
      return stuurProbleem(reply, PROBLEMEN.intern);
    });

    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.method !== 'POST') return stuurProbleem(reply, PROBLEMEN.methode);
      const r = await controleerToken(ctx, req.headers.authorization, scope);
      if (!r.ok) return stuurProbleem(reply, r.fout === 'scope' ? PROBLEMEN.scope(scope) : FOUT_VAN_TOKEN[r.fout]);
      req.ddasClient = r.clientId;
      const wacht = emmers.neem(r.clientId);
      if (wacht > 0) return stuurProbleem(reply, PROBLEMEN.teVeel(Math.max(1, Math.ceil(wacht / 1000))));
      const soort = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (soort !== 'application/json') return stuurProbleem(reply, PROBLEMEN.mediatype);
    });

    app.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
      const fout = await controleerVerzoek(
        { rawHeaders: req.raw.rawHeaders, body: req.ddasRuw ?? Buffer.alloc(0) },
        { verplicht: verzoekOndertekening(ctx.config) === 'verplicht', vertrouwd: await verzoekAnkers(ctx.config) },
      );
      if (fout) {
        req.log.warn({ client: req.ddasClient, soort: fout.soort }, 'DDAS request refused: integrity');
        return stuurProbleem(reply, fout);
      }
    });

    app.post(
      '/gegevens',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: ['DDAS'],
          summary: `${model === 'vs' ? 'DDAS-VS' : 'DDAS-SHV'}: request a (paged) delivery for a period (CBS client, OAuth2 bearer token)`,
          description: docs.beschrijving(model, scope),
          security: [{ ddasOAuth2: [scope] }, { ddasOAuth2: ['read'] }],
          headers: docs.VerzoekHeaders,
          body: GegevensRequest,
          response: docs.antwoorden(model),
        },
      },
      async (req, reply) => {
        const b = req.body;
        const periode = standaardPeriode(b.aanleverperiodeStartdatum, b.aanleverperiodeEinddatum);
        const actor: Actor = { organisatieId: null, soort: 'systeem', id: `ddas-client:${req.ddasClient}` };
        const orgs = await organisatiesVoorVerzoek(ctx, model, b.aanleverende_organisatie);
        const snapshot = await snapshotVoor(ctx, {
          clientId: req.ddasClient!,
          model,
          organisatieIds: orgs,
          periode,
          verzoek: { periode, organisatie: b.aanleverende_organisatie?.trim().toLowerCase() ?? null },
          page: b.page,
          gevraagd: req.headers['ddas-snapshot'] as string | undefined,
        });
        const { gegevens, paginering } = await bouwExport(ctx, actor, model, snapshot, periode, {
          page: b.page,
          pageSize: b.pageSize,
        });
        const body = Buffer.from(JSON.stringify({ gegevens, paginering }));
        const sig = await onderteken(await ondertekenaar(ctx.config), body, ctx.config.DDAS_HANDTEKENING_VORM);
        // The signed bytes go out as they are: Fastify never re-serialises a Buffer (the 200 schema is for the docs).
        return reply
          .header('digest', digest(body))
          .header(HANDTEKENING_HEADER, sig)
          .header('ddas-snapshot', snapshot.id)
          .header('ddas-snapshot-verloopt', snapshot.verlooptOp.toISOString())
          .header('cache-control', 'no-store')
          .type('application/json')
          .send(body as never);
      },
    );

    // Only POST is part of the API: every other method answers 405 (FSC ERROR_CODE_METHOD_UNSUPPORTED).
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: '/gegevens',
      config: { toegang: 'publiek' },
      schema: { hide: true },
      handler: async (_req, reply) => stuurProbleem(reply, PROBLEMEN.methode),
    });
  };
