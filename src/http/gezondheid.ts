import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';

/**
 * Health for load balancers and orchestrators:
 * - `/api/gezondheid/leeft` (liveness): the process answers; restart it when this fails;
 * - `/api/gezondheid/gereed` (readiness): the database answers and the node is not shutting down; send it
 *   traffic only while this is 200 (503 once SIGTERM arrived, so the balancer drains it before it closes);
 * - `/api/gezondheid`: kept for existing checks (the process answers, which database).
 */
export function registerGezondheid(app: FastifyInstance, ctx: Context) {
  const publiek = { config: { toegang: 'publiek' as const }, schema: { hide: true } };
  app.get('/api/gezondheid', publiek, async () => ({ status: 'ok', database: ctx.db.kind }));
  app.get('/api/gezondheid/leeft', publiek, async () => ({ status: 'ok' }));
  app.get('/api/gezondheid/gereed', publiek, async (_req, reply) => {
    if (ctx.levensloop.stopt) return reply.code(503).send({ status: 'stopt' });
    try {
      await sql`SELECT 1`.execute(ctx.db.kysely);
    } catch {
      return reply.code(503).send({ status: 'database-onbereikbaar' });
    }
    return { status: 'gereed' };
  });
}
