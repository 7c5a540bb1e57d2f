import { Inject, Injectable } from '@nestjs/common';
import { OPS_CONFIG, type OpsConfig } from '../../config';
import { type CityBucket, OpsSeriesRepository } from '../../series/ops-series.repository';
import {
  type SeriesRange,
  type SeriesWindow,
  seriesWindow,
  throughputBars,
} from '../../series/series-window';

export interface SyncSeriesPoint {
  at: Date;
  samples: number;
  syncRate: number;
  minSyncRate: number;
  total: number;
  synced: number;
  backlog: number;
  dead: number;
  outboxBacklog: number;
  oldestUnsyncedSeconds: number;
}

export interface SyncSeries {
  range: SeriesRange;
  from: Date;
  to: Date;
  bucketSeconds: number;
  sampleSeconds: number;
  points: SyncSeriesPoint[];
  throughputBucketSeconds: number;
  throughput: { at: Date; accepted: number; synced: number }[];
}

/** The city's buckets as chart points, and throughput bars at least a minute wide. */
export function toSyncSeries(
  window: SeriesWindow,
  sampleSeconds: number,
  buckets: CityBucket[],
): SyncSeries {
  const throughputBucketSeconds = Math.max(60, window.bucketSeconds);
  return {
    ...window,
    sampleSeconds,
    points: buckets
      .filter((b) => b.at >= window.from)
      .map((b) => ({
        at: b.at,
        samples: b.samples,
        syncRate: b.avgRate,
        minSyncRate: b.minRate,
        total: b.total,
        synced: b.synced,
        backlog: b.backlog,
        dead: b.dead,
        outboxBacklog: b.outboxBacklog,
        oldestUnsyncedSeconds: b.oldestUnsyncedSeconds,
      })),
    throughputBucketSeconds,
    throughput: throughputBars(buckets, window.from, throughputBucketSeconds),
  };
}

/** Sync rate, backlog and throughput over a range, city-wide. */
@Injectable()
export class GetSyncSeriesHandler {
  constructor(
    @Inject(OpsSeriesRepository) private readonly series: OpsSeriesRepository,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
  ) {}

  async execute(range: SeriesRange): Promise<SyncSeries> {
    const sampleSeconds = this.config.OPS_SAMPLE_MS / 1000;
    const window = seriesWindow(range, sampleSeconds, new Date());
    const buckets = await this.series.cityBuckets(window.from, window.bucketSeconds);
    return toSyncSeries(window, sampleSeconds, buckets);
  }
}
