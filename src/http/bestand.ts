import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';

/**
 * The raw upload of a file route (text/csv, text/plain, application/octet-stream are passed through
 * as a stream by app.ts). Any other content type was parsed into an object: refuse it with 415.
 */
export function bestandsstroom(req: FastifyRequest): Readable {
  const b = req.body as { [Symbol.asyncIterator]?: unknown } | null | undefined;
  if (b && typeof b === 'object' && typeof b[Symbol.asyncIterator] === 'function') return b as unknown as Readable;
  throw new AppError(
    415,
    'geen_bestand',
    'Stuur het bestand zelf mee, met Content-Type text/csv of application/octet-stream.',
  );
}
