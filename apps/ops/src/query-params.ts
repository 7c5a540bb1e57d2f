import { ProblemException } from '@hub/observability';

/** A query parameter given twice arrives as an array: refused, naming it, like a bad value. */
export function onceParam(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || typeof raw === 'string') return raw;
  throw new ProblemException(
    400,
    'INVALID_QUERY',
    'Invalid query parameter',
    `${name} is given more than once.`,
    [{ path: `query.${name}`, message: 'must be given once' }],
  );
}

/** A whole number from 0 to `max`, `fallback` when absent; a 400 naming it otherwise. */
export function intParam(
  name: string,
  raw: string | undefined,
  fallback: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new ProblemException(
      400,
      'INVALID_QUERY',
      'Invalid query parameter',
      `${name} is out of range.`,
      [{ path: `query.${name}`, message: `must be a whole number from 0 to ${max}` }],
    );
  }
  return n;
}
