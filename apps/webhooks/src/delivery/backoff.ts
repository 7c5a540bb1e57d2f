/**
 * Capped exponential backoff with "equal jitter" (the portal sync worker's policy): half the delay
 * is fixed, half random, so deliveries that failed together against one receiver do not all come
 * back at the same instant.
 */
export function deliveryRetryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
