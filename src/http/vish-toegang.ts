import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { vishOmgeving, type VishOmgeving } from '../modules/verwijsindex/index.ts';
import { AppError } from '../shared/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** On VISH routes: the data (production or test) this caller's deliveries and checks touch. */
    vishOmgeving: VishOmgeving | null;
  }
}

/**
 * Two rules on VISH routes, after authentication:
 * - joining: VISH traffic from the joining step 'testlevering' on. In 'testlevering' (and with a test
 *   credential) deliveries and checks use test data only, in 'productie' production data: the rule is
 *   vishOmgeving() in verwijsindex/omgeving.ts. Operator organisations are not gated.
 * - rate limit on the check endpoints, per credential (certificate, API key or user): a token bucket
 *   of VISH_CONTROLE_PER_SECONDE with bursts up to VISH_CONTROLE_PIEK. A batch check is one call
 *   (its size is bounded by VISH_BATCH_MAX). Shared by every node in Redis (REDIS_URL), else per node
 *   (db/tellers.ts).
 */
export function registerVishToegang(app: FastifyInstance, ctx: Context) {
  app.decorateRequest('vishOmgeving', null);
  app.addHook('preValidation', async (req, reply) => {
    const url = req.routeOptions.url ?? '';
    const id = req.identiteit;
    if (!url.startsWith('/api/vish/') || !id || id.organisatieType === 'beheerder') return;
    const staat = await ctx.organisatieToegang.staat(id.organisatieId);
    req.vishOmgeving = vishOmgeving(staat?.aansluitfase ?? 'intake', id.testCredential === true);
    if (!req.vishOmgeving) {
      throw new AppError(
        403,
        'aansluiting_niet_afgerond',
        'Uw organisatie is nog niet aangesloten op de Verwijsindex. Rond eerst de aansluitstappen af met de beheerder.',
      );
    }
    if (url === '/api/vish/controle' || url === '/api/vish/controle/batch') {
      const wacht = await ctx.tellers.emmer(
        `vish:${id.actor.soort}:${id.actor.id ?? id.organisatieId}`,
        ctx.config.VISH_CONTROLE_PER_SECONDE,
        ctx.config.VISH_CONTROLE_PIEK,
      );
      if (wacht > 0) {
        reply.header('retry-after', String(Math.ceil(wacht / 1000)));
        throw new AppError(
          429,
          'te_veel_verzoeken',
          'U doet te veel controles in korte tijd. Wacht even en probeer het dan opnieuw.',
        );
      }
    }
  });
}
