import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Structured logs. Request bodies are never logged; these paths are redacted as a second line of defence.
 * `doel`: another destination than stdout (tests write to a file that the privacy scan reads). */
export function createLogger(level: string, doel?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          'bsn',
          'naam',
          'achternaam',
          '*.bsn',
          '*.naam',
          '*.achternaam',
        ],
        censor: '[verwijderd]',
      },
      // Replaces Fastify's request serializer: no query string (routes take a BSN only in a body, but a
      // caller may still put one in a URL).
      serializers: { req: logVerzoek },
    },
    doel,
  );
}

function logVerzoek(req: { method?: string; url?: string; host?: string; ip?: string }) {
  const url = req.url ?? '';
  const vraag = url.indexOf('?');
  return {
    method: req.method,
    url: vraag < 0 ? url : `${url.slice(0, vraag)}?[verwijderd]`,
    host: req.host,
    remoteAddress: req.ip,
  };
}
