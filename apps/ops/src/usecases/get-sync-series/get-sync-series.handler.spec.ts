import { at, bucket } from '../../series/test/city-bucket';
import { seriesWindow } from '../../series/series-window';
import { toSyncSeries } from './get-sync-series.handler';


describe('toSyncSeries', () => {
  it('keeps the lowest sample of a bucket next to the average, and the throughput per minute at least', () => {
    const window = seriesWindow('24h', 5, at('12:00:00'));
    const series = toSyncSeries(window, 5, [
      bucket({ at: new Date(window.from.getTime() - 120_000), total: 1000, synced: 1000 }),
      bucket({
        at: window.from,
        samples: 24,
        avgRate: 0.999,
        minRate: 0.95, // one 5-second sample during an outage
        total: 1200,
        synced: 1150,
        backlog: 60,
      }),
    ]);
    expect(series).toMatchObject({
      range: '24h',
      bucketSeconds: 120,
      sampleSeconds: 5,
      throughputBucketSeconds: 120,
      points: [{ at: window.from, samples: 24, syncRate: 0.999, minSyncRate: 0.95, backlog: 60 }],
      throughput: [{ at: window.from, accepted: 200, synced: 150 }],
    });
  });

  it('shows every sample for an hour, with bars a minute wide', () => {
    const window = seriesWindow('1h', 5, at('12:00:00'));
    const series = toSyncSeries(window, 5, [
      bucket({ at: at('11:59:50'), total: 10, synced: 10 }),
      bucket({ at: at('11:59:55'), total: 12, synced: 10, minRate: 10 / 12, avgRate: 10 / 12 }),
    ]);
    expect(series.bucketSeconds).toBe(5);
    expect(series.throughputBucketSeconds).toBe(60);
    expect(series.points).toHaveLength(2);
    expect(series.throughput).toEqual([{ at: at('11:59:00'), accepted: 2, synced: 0 }]);
  });
});
