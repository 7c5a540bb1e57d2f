import { backoffMs } from '@hub/retry';

/** A profile is fresh while younger than the window; the window is where "one lookup per subject" holds. */
export function isFresh(fetchedAt: Date, now: Date, windowMs: number): boolean {
  return now.getTime() - fetchedAt.getTime() < windowMs;
}

export function ageSeconds(fetchedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - fetchedAt.getTime()) / 1000));
}

/** Registry lookups' retry policy: the hub's backoff ±20%, so a fleet of retries is not in step. */
export function retryDelayMs(
  attempts: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  return backoffMs(attempts, { baseMs, maxMs, jitter: { spread: 0.2 } }, random);
}
