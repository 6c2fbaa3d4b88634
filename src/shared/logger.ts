import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Structured logs. Request bodies are never logged; these paths are redacted as a second line of defence. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.bsn', '*.naam', '*.achternaam'], censor: '[verwijderd]' },
  });
}
