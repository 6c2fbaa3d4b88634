import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The web app and the API docs load only their own scripts and styles and talk only to this server. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/**
 * The API docs: the same, plus the hashes of the inline <style> elements Swagger UI renders (its logo SVG), read from
 * the installed bundle so an upgrade keeps working; no 'unsafe-inline'.
 */
function docsCsp(): string {
  let hashes: string[] = [];
  try {
    const map = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static');
    const bron = readFileSync(join(map, 'swagger-ui-standalone-preset.js'), 'utf8');
    hashes = [...bron.matchAll(/createElement\("style",null,"([^"\\]*)"\)/g)].map(
      (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
    );
  } catch {
    // Without the hashes the logo is drawn without its colours; the policy stays strict.
  }
  return CSP.replace("style-src 'self'", ["style-src 'self'", ...hashes].join(' '));
}
/** API answers are data, never a page: nothing may load or frame them. */
const CSP_API = "default-src 'none'; frame-ancestors 'none'";
/** One year, subdomains included: this host speaks only TLS on this listener. */
export const HSTS = 'max-age=31536000; includeSubDomains';

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?');

/**
 * Security headers on every answer, errors and "not found" included (register before any route plugin):
 * - every /api answer: `Cache-Control: no-store` unless the route set its own (its opt-out), `nosniff`,
 *   `X-Frame-Options: DENY` and a Content-Security-Policy (the strict page policy for the API docs);
 * - on the TLS listener: `Strict-Transport-Security`.
 */
export function registerKoppen(app: FastifyInstance, opties: { tls: boolean }) {
  const cspDocs = docsCsp();
  app.addHook('onSend', async (req, reply, payload) => {
    if (opties.tls) reply.header('strict-transport-security', HSTS);
    if (!isApi(req.url)) return payload;
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', isDocs(req.url) ? cspDocs : CSP_API);
    return payload;
  });
}
