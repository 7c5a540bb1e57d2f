export interface BackoffPolicy {
  /** The delay before the first retry (attempt 1); each later attempt doubles it. */
  baseMs: number;
  /** No delay exceeds this, jitter included. */
  maxMs: number;
  /**
   * - `none`: exactly the exponential delay (a process's own reconnect or restart loop);
   * - `equal`: half of it fixed, half random, so work that failed together does not come back
   *   together (durable retries against a shared remote);
   * - `{ spread }`: the delay ± that fraction of it.
   */
  jitter?: 'none' | 'equal' | { spread: number };
  /** A floor, such as the Retry-After a remote asked for. */
  floorMs?: number;
}

/**
 * The hub's one retry/backoff policy: capped exponential backoff with a choice of jitter. A pure
 * function of the attempt number, because durable work keeps that number in Postgres and computes
 * the next attempt's time when it records a failure (not in an in-memory retry loop, which is
 * what retry libraries such as cockatiel model).
 */
export function backoffMs(attempt: number, policy: BackoffPolicy, random = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = policy.jitter ?? 'none';
  let delay: number;
  if (jitter === 'none') delay = exponential;
  else if (jitter === 'equal') delay = exponential / 2 + random() * (exponential / 2);
  else
    delay = Math.min(
      policy.maxMs,
      exponential * (1 - jitter.spread + 2 * jitter.spread * random()),
    );
  return Math.round(Math.max(delay, policy.floorMs ?? 0));
}
