import { backoffMs } from '@hub/retry';

/**
 * Webhook deliveries' retry policy: the hub's backoff with equal jitter, so deliveries that
 * failed together against one receiver do not all come back at the same instant.
 */
export function deliveryRetryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  return backoffMs(attempt, { ...options, jitter: 'equal' }, random);
}
