import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Context } from '../context.ts';
import { AppError } from '../shared/errors.ts';
import { isValidatieFout, nlValidatorCompiler } from './validatie.ts';
import { isVerbindingsfout } from '../db/fouten.ts';
import { registerAuth } from './auth.ts';
import { registerVishToegang } from './vish-toegang.ts';
import { isOngeldigeTekstFout, ongeldigeTekens, registerInvoerControle } from './invoer.ts';
import { auditRoutes } from '../modules/audit/routes.ts';
import { inzageRoutes } from '../modules/inzage/routes.ts';
import { retentieRoutes } from '../modules/retentie/routes.ts';
import cookie from '@fastify/cookie';
import { sessieRoutes } from '../modules/accounts/routes.ts';
import { gebruikerBeheerRoutes } from '../modules/accounts/beheer-routes.ts';
import { organisatieGebruikerRoutes } from '../modules/accounts/organisatie-routes.ts';
import { vishRoutes } from '../modules/verwijsindex/routes.ts';
import { beheerRoutes } from '../modules/organisaties/routes.ts';
import { gemeentenRoutes } from '../modules/gemeenten/routes.ts';
import { partnerRoutes } from '../modules/partners/routes.ts';
import { vroegsignaalRoutes } from '../modules/vroegsignalen/routes.ts';
import { bezwaarRoutes } from '../modules/bezwaren/routes.ts';
import { sftpRoutes } from '../modules/sftp/routes.ts';
import { DDAS_OAUTH2, ddasRoutes } from '../modules/ddas/routes.ts';
import { trajectRoutes } from '../modules/trajecten/routes.ts';
import { schuldenrustRoutes } from '../modules/schuldenrust/routes.ts';
import { schuldenrustIndex } from '../modules/schuldenrust/index.ts';
import { signaalzaakRoutes } from '../modules/signaalzaken/routes.ts';
import { notificatieRoutes, webhookRoutes } from '../modules/notificaties/index.ts';
import { pauzeknopRoutes } from '../modules/pauzeknop/routes.ts';
import { registerWeb } from './web.ts';
import { registerGezondheid } from './gezondheid.ts';
import type { Metriek } from './metriek.ts';
import { registerKoppen } from './koppen.ts';
import { registerWeigeringen } from './weigeringen.ts';
import { JOBS } from '../jobs/scheduler.ts';

export interface TlsOpties {
  key: string;
  cert: string;
  ca: string;
}

/** The HTTP API. Built once per listener (plain HTTP with API keys; HTTPS with client certificates). */
export async function buildApp(
  ctx: Context,
  tls?: TlsOpties,
  opties: { metriek?: Metriek } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: 10 * 1024 * 1024,
    ...(tls ? { https: { ...tls, requestCert: true, rejectUnauthorized: false } } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(nlValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  opties.metriek?.registreer(app);
  registerKoppen(app, { tls: !!tls }); // before the route plugins, so their answers get the headers too
  registerWeigeringen(app, ctx.audit, ctx.log); // 401/403 into the audit trail, rate-limited

  // Uploads are streamed to the handler untouched; each handler enforces its own size limit.
  app.addContentTypeParser(['text/csv', 'text/plain', 'application/octet-stream'], (_req, payload, done) =>
    done(null, payload),
  );
  // A route with a JSON body schema that got such an upload stream instead was sent the wrong content type: say so
  // (415) before validation, which would otherwise strip the stream to an empty object or list its internals.
  app.addHook('preValidation', async (req, reply) => {
    if (req.routeOptions.schema?.body && typeof (req.body as { pipe?: unknown } | null)?.pipe === 'function') {
      return reply.status(415).type('application/problem+json').send({
        type: 'about:blank',
        status: 415,
        code: 'verkeerd_inhoudstype',
        title: 'Dit inhoudstype wordt hier niet ondersteund. Stuur JSON (Content-Type: application/json).',
      });
    }
  });

  app.setErrorHandler((err, req, reply) => {
    if (isValidatieFout(err)) {
      return reply
        .status(400)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          status: 400,
          code: 'ongeldige_invoer',
          // The first problems in the title too: clients (the web app) show the title.
          title: ['De invoer is niet geldig.', ...err.validation.slice(0, 3).map((v) => v.message)].join(' '),
          fouten: err.validation.map((v) => ({ veld: v.params.veld, melding: v.message })),
        });
    }
    if (isOngeldigeTekstFout(err)) {
      req.log.info({ code: (err as { code?: string }).code }, 'text the database cannot store was refused');
      err = ongeldigeTekens();
    }
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'request failed');
      return reply
        .status(err.status)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          status: err.status,
          code: err.code,
          title: err.publicMessage,
          ...(err.details !== undefined ? { details: err.details } : {}),
        });
    }
    // A deadlock or serialisation failure rolled the whole transaction back (e.g. two uploads for the same households in
    // a different order): nothing was stored, and the same request will succeed a moment later.
    const pg = (err as { code?: string }).code;
    if (pg === '40P01' || pg === '40001') {
      req.log.warn({ code: pg }, 'transaction rolled back by a concurrent one');
      return reply.status(503).header('retry-after', '30').type('application/problem+json').send({
        type: 'about:blank',
        status: 503,
        code: 'gelijktijdige_verwerking',
        title:
          'Een andere verwerking liep tegelijk. Er is niets opgeslagen; probeer het over een halve minuut opnieuw.',
      });
    }
    // The database connection broke (server restart, terminated backend) or could not be made.
    if (isVerbindingsfout(err)) {
      req.log.error({ err }, 'request failed: database connection lost');
      return reply.status(503).header('retry-after', '60').type('application/problem+json').send({
        type: 'about:blank',
        status: 503,
        code: 'database_onbereikbaar',
        title: 'De verbinding met de database viel weg. Probeer het over een minuut opnieuw.',
      });
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const title =
      status === 413
        ? 'Het verzoek is te groot.'
        : status === 415
          ? 'Dit bestandstype wordt niet ondersteund.'
          : status < 500
            ? 'Het verzoek is niet geldig.'
            : 'Er ging iets mis aan onze kant. Probeer het later opnieuw.';
    return reply
      .status(status)
      .type('application/problem+json')
      .send({ type: 'about:blank', status, code: status < 500 ? 'ongeldig_verzoek' : 'interne_fout', title });
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Schuldenrust API',
        version: '0.1.0',
        description:
          'Verwijsindex Schuldhulpverlening (VISH) and the debt-help chain. Machines authenticate with a client certificate issued by the platform CA on the mutual-TLS port, or with an API key (header X-Api-Key) where TLS terminates elsewhere.',
      },
      components: {
        securitySchemes: {
          apiSleutel: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
          ddasOAuth2: DDAS_OAUTH2,
        },
      },
      security: [{ apiSleutel: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The docs UI serves its own static routes; they carry no data.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), toegang: 'publiek' };
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(cookie); // parses cookies before the auth hook reads the session cookie
  registerAuth(app, ctx);
  registerVishToegang(app, ctx); // joining phase + rate limit on VISH routes, after authentication
  registerInvoerControle(app); // NUL characters: a Dutch 400, after access control

  app.get('/api/openapi.json', { config: { toegang: 'publiek' }, schema: { hide: true } }, async () => app.swagger());
  registerGezondheid(app, ctx);

  await app.register(vishRoutes(ctx, { rust: schuldenrustIndex(ctx) }), { prefix: '/api/vish' });
  await app.register(sessieRoutes(ctx), { prefix: '/api/sessie' });
  await app.register(beheerRoutes(ctx), { prefix: '/api/beheer' });
  await app.register(gebruikerBeheerRoutes(ctx), { prefix: '/api/beheer/gebruikers' });
  await app.register(organisatieGebruikerRoutes(ctx), { prefix: '/api/organisatie/gebruikers' });
  await app.register(auditRoutes(ctx), { prefix: '/api/audit' });
  await app.register(inzageRoutes(ctx), { prefix: '/api/audit' });
  await app.register(
    retentieRoutes(ctx, () => JOBS.bewaartermijnen(ctx)),
    { prefix: '/api/beheer/bewaartermijnen' },
  );
  await app.register(gemeentenRoutes(ctx), { prefix: '/api/gemeenten' });
  await app.register(partnerRoutes(ctx), { prefix: '/api/partners' });
  await app.register(vroegsignaalRoutes(ctx), { prefix: '/api/vroegsignalen' });
  await app.register(bezwaarRoutes(ctx), { prefix: '/api/vroegsignalen' });
  await app.register(sftpRoutes(ctx), { prefix: '/api/sftp' });
  await app.register(ddasRoutes(ctx), { prefix: '/api/ddas' });
  await app.register(trajectRoutes(ctx), { prefix: '/api/trajecten' });
  await app.register(signaalzaakRoutes(ctx), { prefix: '/api/signaalzaken' });
  await app.register(schuldenrustRoutes(ctx), { prefix: '/api/schuldenrust' });
  await app.register(notificatieRoutes(ctx), { prefix: '/api/notificaties' });
  await app.register(webhookRoutes(ctx), { prefix: '/api/webhooks' });
  await app.register(pauzeknopRoutes(ctx, { rust: schuldenrustIndex(ctx) }), { prefix: '/api/pauzeknop' });
  // The web application (static files and client-side routes) at `/`; registered last, so every /api route wins.
  await registerWeb(app);
  return app;
}
