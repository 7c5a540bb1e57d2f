import { backoffMs } from '@hub/retry';

/**
 * Portal sync's retry policy: the hub's backoff with equal jitter, so replicas that failed
 * together do not retry together. A `Retry-After` from the portal is a floor.
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; retryAfterMs?: number },
  random: () => number = Math.random,
): number {
  const { baseMs, maxMs, retryAfterMs } = options;
  return backoffMs(attempt, { baseMs, maxMs, jitter: 'equal', floorMs: retryAfterMs }, random);
}
