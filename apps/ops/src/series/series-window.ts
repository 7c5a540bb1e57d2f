import type { seriesRanges } from '@hub/contracts';

export type SeriesRange = (typeof seriesRanges)[number];

const SPAN_SECONDS: Record<SeriesRange, number> = {
  '1h': 3_600,
  '24h': 86_400,
  '7d': 7 * 86_400,
  '30d': 30 * 86_400,
};

/**
 * Bucket widths: every sample for an hour (a 20-second outage is four 5-second samples), then
 * about 720 points per range — as many as a chart has pixels, no more to send.
 */
const BUCKET_SECONDS: Record<SeriesRange, number> = {
  '1h': 0,
  '24h': 120,
  '7d': 900,
  '30d': 3_600,
};

export interface SeriesWindow {
  range: SeriesRange;
  /** Start of the first bucket. */
  from: Date;
  to: Date;
  bucketSeconds: number;
}

/**
 * The window of `range` ending `now`, in buckets of at least `sampleSeconds` (a bucket narrower
 * than the samples would hold none). Buckets are aligned to the epoch, as samples are.
 */
export function seriesWindow(range: SeriesRange, sampleSeconds: number, now: Date): SeriesWindow {
  const bucketSeconds = Math.max(BUCKET_SECONDS[range], sampleSeconds);
  const startMs = now.getTime() - SPAN_SECONDS[range] * 1000;
  const bucketMs = bucketSeconds * 1000;
  return {
    range,
    from: new Date(Math.floor(startMs / bucketMs) * bucketMs),
    to: now,
    bucketSeconds,
  };
}

/** A bucket of samples: the highest counts it saw (counts only grow, so the last). */
export interface CountedBucket {
  at: Date;
  total: number;
  synced: number;
}

/**
 * Events accepted and synced per bar of `barSeconds`, from the growth of the counts between
 * buckets. `buckets` start with one before the window (the base of the first difference); a
 * recount that lowers a count gives 0 for that bar, not a negative one.
 */
export function throughputBars(
  buckets: CountedBucket[],
  from: Date,
  barSeconds: number,
): { at: Date; accepted: number; synced: number }[] {
  const bars = new Map<number, { at: Date; accepted: number; synced: number }>();
  const barMs = barSeconds * 1000;
  for (let i = 1; i < buckets.length; i++) {
    const [prev, cur] = [buckets[i - 1], buckets[i]];
    if (!prev || !cur || cur.at < from) continue;
    const key = Math.floor(cur.at.getTime() / barMs) * barMs;
    const bar = bars.get(key) ?? { at: new Date(key), accepted: 0, synced: 0 };
    bar.accepted += Math.max(0, cur.total - prev.total);
    bar.synced += Math.max(0, cur.synced - prev.synced);
    bars.set(key, bar);
  }
  return [...bars.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

export type ShownState = 'closed' | 'half-open' | 'open' | 'unknown';

export interface StateChange {
  state: ShownState;
  at: Date;
}

export interface StateInterval {
  state: ShownState;
  from: Date;
  /** null: the state holds now. */
  to: Date | null;
}

/**
 * A breaker's states over [from, now] from its recorded changes, oldest first: the last change
 * before the window gives the state at its start; repeated reports of one state (two ops replicas
 * sampling at once) are one interval.
 */
export function stateIntervals(changes: StateChange[], from: Date): StateInterval[] {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const out: StateInterval[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && last.state === c.state) continue;
    const start = c.at < from ? from : c.at;
    if (last) {
      last.to = start;
      // A change before the window only sets the state the window starts in.
      if (last.to <= from) out.pop();
    }
    out.push({ state: c.state, from: start, to: null });
  }
  return out;
}
