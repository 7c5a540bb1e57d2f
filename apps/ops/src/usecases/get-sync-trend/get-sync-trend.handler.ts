import { Inject, Injectable } from '@nestjs/common';
import { OPS_CONFIG, type OpsConfig } from '../../config';
import { type DepartmentBucket, OpsSeriesRepository } from '../../series/ops-series.repository';
import { type SeriesRange, type SeriesWindow, seriesWindow } from '../../series/series-window';

export interface TrendPoint {
  at: Date;
  syncRate: number;
  minSyncRate: number;
  backlog: number;
  total: number;
  synced: number;
}

export interface SyncTrend {
  range: SeriesRange;
  from: Date;
  to: Date;
  bucketSeconds: number;
  city: TrendPoint[];
  departments: { department: string; points: TrendPoint[] }[];
}

const point = (b: DepartmentBucket): TrendPoint => ({
  at: b.at,
  syncRate: b.avgRate,
  minSyncRate: b.minRate,
  backlog: b.backlog,
  total: b.total,
  synced: b.synced,
});

/** Buckets grouped per department (in code order), the city's apart. */
export function toSyncTrend(window: SeriesWindow, buckets: DepartmentBucket[]): SyncTrend {
  const inWindow = buckets.filter((b) => b.at >= window.from);
  const departments = new Map<string, TrendPoint[]>();
  for (const b of inWindow) {
    if (b.department === null) continue;
    const points = departments.get(b.department) ?? [];
    points.push(point(b));
    departments.set(b.department, points);
  }
  return {
    ...window,
    city: inWindow.filter((b) => b.department === null).map(point),
    departments: [...departments.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([department, points]) => ({ department, points })),
  };
}

/** Sync rate per department over a range, and the city-wide total. */
@Injectable()
export class GetSyncTrendHandler {
  constructor(
    @Inject(OpsSeriesRepository) private readonly series: OpsSeriesRepository,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
  ) {}

  async execute(range: SeriesRange): Promise<SyncTrend> {
    const sampleSeconds = this.config.OPS_DEPARTMENT_SAMPLE_MS / 1000;
    const window = seriesWindow(range, sampleSeconds, new Date());
    return toSyncTrend(
      window,
      await this.series.departmentBuckets(window.from, window.bucketSeconds),
    );
  }
}
