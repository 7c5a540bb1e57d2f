/** Latency and rate arithmetic for the bench; pure, so the numbers can be unit-tested. */

export interface Distribution {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending list (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : round(sum / sorted.length),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]),
  };
}

/** A hub figure over the raw limit of the same machine, e.g. 0.25 = a quarter of it. */
export function ratio(hub: number, raw: number): number | null {
  if (!Number.isFinite(hub) || !Number.isFinite(raw) || raw <= 0) return null;
  return Math.round((hub / raw) * 1000) / 1000;
}

export interface Sample {
  /** ms since the phase started */
  t: number;
  value: number;
}

/**
 * Events/s of a monotonically growing counter between two times, interpolating within the
 * samples. Used to read the steady part of a phase (warm-up and drain tail cut off).
 */
export function rateBetween(samples: readonly Sample[], fromMs: number, toMs: number): number {
  const at = (t: number): number => {
    if (samples.length === 0) return 0;
    if (t <= samples[0].t) return samples[0].value;
    for (let i = 1; i < samples.length; i++) {
      const a = samples[i - 1];
      const b = samples[i];
      if (t <= b.t) return a.value + ((b.value - a.value) * (t - a.t)) / Math.max(1, b.t - a.t);
    }
    return samples[samples.length - 1].value;
  };
  const seconds = (toMs - fromMs) / 1000;
  return seconds <= 0 ? 0 : (at(toMs) - at(fromMs)) / seconds;
}

/** Calendar day `offset` days after 2027-01-01 as yyMMdd: case codes unique per bench run part. */
export function benchDay(offset: number): string {
  const d = new Date(Date.UTC(2027, 0, 1) + offset * 86_400_000);
  return `${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}
