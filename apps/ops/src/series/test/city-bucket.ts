import type { CityBucket } from '../ops-series.repository';

/** A time on the fixtures' day, 22 November 2026, in UTC. */
export const at = (iso: string): Date => new Date(`2026-11-22T${iso}Z`);

/** A city bucket of a quiet, fully synced hub at 10:00, with `over` changed. */
export const bucket = (over: Partial<CityBucket>): CityBucket => ({
  at: at('10:00:00'),
  samples: 1,
  avgRate: 1,
  minRate: 1,
  total: 0,
  synced: 0,
  backlog: 0,
  dead: 0,
  outboxBacklog: 0,
  oldestUnsyncedSeconds: 0,
  portalAttempts: 0,
  portalFailed: 0,
  portalSynced: 0,
  portalWaitAvgSeconds: null,
  portalWaitMaxSeconds: null,
  ...over,
});
