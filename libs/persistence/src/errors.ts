/**
 * SQLSTATE classes and socket codes that mean "Postgres cannot be reached or is refusing work
 * right now" — as opposed to a bug or a constraint violation. Callers answer these with 503 and
 * Retry-After, because nothing was stored and the same request will work later.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout ran out (a stalled or locked database)
  '55P03', // lock_not_available
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08')))
    return true;
  // pg-pool reports an exhausted or unreachable pool, and pg a query the server never answered
  // within `query_timeout`, only through these messages (no code).
  return /timeout exceeded when trying to connect|Connection terminated|Query read timeout/.test(
    error.message,
  );
}
