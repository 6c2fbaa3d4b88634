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
      // Replaces Fastify's request serializer: the route pattern, never the raw URL (a caller may put a BSN in a
      // path or query string even though no route takes one there).
      serializers: { req: logVerzoek },
    },
    doel,
  );
}

interface LogbaarVerzoek {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  routeOptions?: { url?: string | undefined };
}

function logVerzoek(req: LogbaarVerzoek) {
  const patroon = req.routeOptions?.url;
  return {
    method: req.method,
    // A wildcard route (web app, docs) or no route at all: the path with its number runs removed.
    url: patroon && !patroon.includes('*') ? patroon : veiligPad(req.url ?? ''),
    host: req.host,
    remoteAddress: req.ip,
  };
}

/**
 * A URL as it may be logged: the path with every run of 8 or more digits (a BSN, also percent-encoded) replaced, and
 * the query string left out.
 */
export function veiligPad(url: string): string {
  const vraag = url.indexOf('?');
  let pad = vraag < 0 ? url : url.slice(0, vraag);
  try {
    pad = decodeURIComponent(pad);
  } catch {
    // keep the raw path; it is redacted all the same
  }
  pad = pad.replace(/\d{8,}/g, '[verwijderd]');
  return vraag < 0 ? pad : `${pad}?[verwijderd]`;
}
