import { Inject, Injectable } from '@nestjs/common';
import { OPS_CONFIG, type OpsConfig } from '../../config';
import {
  type AdapterCallBucket,
  type CityBucket,
  OpsSeriesRepository,
} from '../../series/ops-series.repository';
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

/** An adapter's calls in one bucket; the rate and the average are null without calls. */
export interface AdapterCallPoint {
  at: Date;
  calls: number;
  failures: number;
  errorRate: number | null;
  /** The average time of the calls that went out (not those the breaker refused). */
  avgSeconds: number | null;
}

export interface NationalHistory {
  range: SeriesRange;
  from: Date;
  to: Date;
  bucketSeconds: number;
  adapters: {
    adapter: string;
    state: ShownState;
    intervals: StateInterval[];
    calls: AdapterCallPoint[];
  }[];
  portal: PortalActivityPoint[];
}

/**
 * Each adapter known now or seen in the window, with its states over the window and its calls
 * per bucket (buckets without calls are absent); the portal's attempts and waits per bucket.
 */
export function toNationalHistory(
  window: SeriesWindow,
  current: NationalAdapterStatus[],
  changes: (StateChange & { adapter: string })[],
  buckets: CityBucket[],
  calls: AdapterCallBucket[] = [],
): NationalHistory {
  const shown = calls.filter((c) => c.at >= window.from);
  const names = [
    ...new Set([
      ...current.map((a) => a.adapter),
      ...changes.map((c) => c.adapter),
      ...shown.map((c) => c.adapter),
    ]),
  ];
  return {
    ...window,
    adapters: names.sort().map((adapter) => ({
      adapter,
      state: current.find((a) => a.adapter === adapter)?.state ?? 'unknown',
      intervals: stateIntervals(
        changes.filter((c) => c.adapter === adapter),
        window.from,
      ),
      calls: shown
        .filter((c) => c.adapter === adapter)
        .map((c) => ({
          at: c.at,
          calls: c.calls,
          failures: c.failures,
          errorRate: c.calls === 0 ? null : c.failures / c.calls,
          avgSeconds: c.sent === 0 ? null : c.sentSeconds / c.sent,
        })),
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

/**
 * The national systems over a range: breaker states and every adapter's calls, error rate and
 * latency; the portal's error rate and wait from its attempt log.
 */
@Injectable()
export class GetNationalHistoryHandler {
  constructor(
    @Inject(OpsSeriesRepository) private readonly series: OpsSeriesRepository,
    @Inject(GetNationalAdaptersHandler) private readonly adapters: GetNationalAdaptersHandler,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
  ) {}

  async execute(range: SeriesRange): Promise<NationalHistory> {
    const window = seriesWindow(range, this.config.OPS_SAMPLE_MS / 1000, new Date());
    const [current, changes, buckets, calls] = await Promise.all([
      this.adapters.execute(),
      this.series.adapterChanges(window.from),
      this.series.cityBuckets(window.from, window.bucketSeconds),
      this.series.adapterCallBuckets(window.from, window.bucketSeconds),
    ]);
    return toNationalHistory(window, current.items, changes, buckets, calls);
  }
}
