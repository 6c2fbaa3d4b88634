import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/errors.ts';

/** U+0000 cannot be stored in PostgreSQL text; no field of this platform has a use for it. */
const NUL = '\u0000';

export const ongeldigeTekens = (veld?: string) =>
  new AppError(
    400,
    'ongeldige_tekens',
    'De invoer bevat een niet-toegestaan teken (een nul-teken). Haal dit teken weg en probeer het opnieuw.',
    veld ? { veld } : undefined,
  );

/** The path of the first string (or key) that holds a NUL character, or null. Depth-limited: bodies are small JSON. */
function zoekNul(waarde: unknown, pad: string, diepte = 0): string | null {
  if (typeof waarde === 'string') return waarde.includes(NUL) ? pad : null;
  if (waarde === null || typeof waarde !== 'object' || diepte > 32) return null;
  if (Buffer.isBuffer(waarde) || typeof (waarde as { pipe?: unknown }).pipe === 'function') return null; // uploads
  for (const [k, v] of Object.entries(waarde)) {
    const hier = pad ? `${pad}.${k}` : k;
    if (k.includes(NUL)) return pad || 'veldnaam';
    const gevonden = zoekNul(v, hier, diepte + 1);
    if (gevonden) return gevonden;
  }
  return null;
}

/**
 * Refuses a NUL character anywhere in the parsed body, query string or path parameters with a Dutch 400, for every
 * route (also those open without login), after access control and before the route's own validation. Streamed
 * uploads are checked by their readers.
 */
export function registerInvoerControle(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const veld = zoekNul(req.params, 'pad') ?? zoekNul(req.query, 'query') ?? zoekNul(req.body, 'body');
    if (veld) throw ongeldigeTekens(veld.replace(/^(pad|query|body)\./, ''));
  });
}

/** PostgreSQL's answer to text it cannot store (a NUL that reached a query some other way, e.g. a decoded header). */
export function isOngeldigeTekstFout(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '22021' || code === '22P05';
}
