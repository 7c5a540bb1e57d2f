import { Inject, Injectable } from '@nestjs/common';
import { OPS_CONFIG, type OpsConfig } from '../../config';
import { type CityBucket, OpsSeriesRepository } from '../../series/ops-series.repository';
import {
  type SeriesRange,
  type SeriesWindow,
  type ShownState,
  type StateChange,
  type StateInterval,
  seriesWindow,
  stateIntervals,
} from '../../series/series-window';
import {
  GetNationalAdaptersHandler,
  type NationalAdapterStatus,
} from '../get-national-adapters/get-national-adapters.handler';

export interface PortalActivityPoint {
  at: Date;
  attempts: number;
  failed: number;
  errorRate: number | null;
  synced: number;
  waitAvgSeconds: number | null;
  waitMaxSeconds: number | null;
}

export interface NationalHistory {
  range: SeriesRange;
  from: Date;
  to: Date;
  bucketSeconds: number;
  adapters: { adapter: string; state: ShownState; intervals: StateInterval[] }[];
  portal: PortalActivityPoint[];
}

/**
 * Each adapter known now or seen in the window, with its states over the window; the portal's
 * attempts and waits per bucket.
 */
export function toNationalHistory(
  window: SeriesWindow,
  current: NationalAdapterStatus[],
  changes: (StateChange & { adapter: string })[],
  buckets: CityBucket[],
): NationalHistory {
  const names = [...new Set([...current.map((a) => a.adapter), ...changes.map((c) => c.adapter)])];
  return {
    ...window,
    adapters: names.sort().map((adapter) => ({
      adapter,
      state: current.find((a) => a.adapter === adapter)?.state ?? 'unknown',
      intervals: stateIntervals(
        changes.filter((c) => c.adapter === adapter),
        window.from,
      ),
    })),
    portal: buckets
      .filter((b) => b.at >= window.from)
      .map((b) => ({
        at: b.at,
        attempts: b.portalAttempts,
        failed: b.portalFailed,
        errorRate: b.portalAttempts === 0 ? null : b.portalFailed / b.portalAttempts,
        synced: b.portalSynced,
        waitAvgSeconds: b.portalWaitAvgSeconds,
        waitMaxSeconds: b.portalWaitMaxSeconds,
      })),
  };
}

/** The national systems over a range: breaker states, the portal's error rate and wait. */
@Injectable()
export class GetNationalHistoryHandler {
  constructor(
    @Inject(OpsSeriesRepository) private readonly series: OpsSeriesRepository,
    @Inject(GetNationalAdaptersHandler) private readonly adapters: GetNationalAdaptersHandler,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
  ) {}

  async execute(range: SeriesRange): Promise<NationalHistory> {
    const window = seriesWindow(range, this.config.OPS_SAMPLE_MS / 1000, new Date());
    const [current, changes, buckets] = await Promise.all([
      this.adapters.execute(),
      this.series.adapterChanges(window.from),
      this.series.cityBuckets(window.from, window.bucketSeconds),
    ]);
    return toNationalHistory(window, current.items, changes, buckets);
  }
}
