import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { AppError, notFound } from '../shared/errors.ts';
import { CSP } from './koppen.ts';

/** The built web application (web/dist, made by `npm run build:web`; `npm start` builds it when stale). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * Serves the single-page app at `/`: existing files from web/dist, index.html for any other
 * non-API path (client-side routes). Static files carry no data, so the route is public;
 * every /api route keeps its own access rules, and an unknown /api path is "not found".
 */
export async function registerWeb(app: FastifyInstance, root = WEB_DIST) {
  await app.register(fastifyStatic, {
    root,
    serve: false,
    index: false,
    dotfiles: 'deny',
    cacheControl: false,
    suppressWarning: true,
  });
  const basis = resolve(root);

  app.get('/*', { config: { toegang: 'publiek' }, schema: { hide: true } }, async (req, reply) => {
    const pad = (req.params as { '*': string })['*'] ?? '';
    if (pad === 'api' || pad.startsWith('api/')) throw notFound();
    if (!existsSync(join(basis, 'index.html'))) {
      throw new AppError(
        503,
        'web_niet_gebouwd',
        'De webapplicatie is nog niet gebouwd. Voer `npm run build:web` uit en start opnieuw.',
      );
    }
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    const bestand = resolve(basis, pad);
    if (
      pad &&
      !pad.includes('\0') &&
      bestand.startsWith(basis + sep) &&
      existsSync(bestand) &&
      statSync(bestand).isFile()
    ) {
      // Vite puts a content hash in every asset name, so assets never change under the same URL.
      const cache = pad.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return reply.header('cache-control', cache).sendFile(pad);
    }
    if (/\.[a-z0-9]{1,8}$/i.test(pad)) throw notFound(); // a missing file, not a client-side route
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-frame-options', 'DENY')
      .sendFile('index.html');
  });
}
