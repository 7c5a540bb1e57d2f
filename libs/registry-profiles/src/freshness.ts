/** A profile is fresh while younger than the window; the window is where "one lookup per subject" holds. */
export function isFresh(fetchedAt: Date, now: Date, windowMs: number): boolean {
  return now.getTime() - fetchedAt.getTime() < windowMs;
}

export function ageSeconds(fetchedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - fetchedAt.getTime()) / 1000));
}

/** Capped exponential backoff with ±20% jitter, so a fleet of retries does not hit the registry in step. */
export function retryDelayMs(
  attempts: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
