/** Error codes of a lost or refused database connection (socket errors and PostgreSQL SQLSTATEs). */
const VERBINDING = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01', // admin_shutdown: pg_terminate_backend, fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: server starting or in recovery
]);

/** Messages node-postgres uses, without a code, for a connection that ended or broke earlier. */
const MELDING =
  /Connection terminated|Connection ended|not queryable|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * True when the error means the database connection was lost or could not be made, not that the
 * statement was wrong: the request may be retried later, and the caller answers 503.
 */
export function isVerbindingsfout(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (VERBINDING.has(code) || code.startsWith('08'))) return true;
  const melding = (err as { message?: unknown }).message;
  return typeof melding === 'string' && MELDING.test(melding);
}
