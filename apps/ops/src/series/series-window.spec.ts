import { seriesWindow, stateIntervals, throughputBars } from './series-window';

const at = (iso: string): Date => new Date(`2026-11-22T${iso}Z`);

describe('seriesWindow', () => {
  const now = at('10:07:33');

  it('takes every sample for an hour, from the sample bucket an hour ago', () => {
    expect(seriesWindow('1h', 5, now)).toEqual({
      range: '1h',
      from: at('09:07:30'),
      to: now,
      bucketSeconds: 5,
    });
  });

  it('uses wider buckets for the longer ranges, never narrower than a sample', () => {
    expect(seriesWindow('24h', 5, now).bucketSeconds).toBe(120);
    expect(seriesWindow('7d', 5, now).bucketSeconds).toBe(900);
    expect(seriesWindow('30d', 5, now)).toMatchObject({
      bucketSeconds: 3600,
      from: new Date('2026-10-23T10:00:00Z'),
    });
    expect(seriesWindow('24h', 300, now).bucketSeconds).toBe(300);
  });
});

describe('throughputBars', () => {
  it('counts what the totals grew by since the bucket before, per bar, and never below 0', () => {
    const buckets = [
      { at: at('09:59:55'), total: 100, synced: 90 }, // the base, before the window
      { at: at('10:00:00'), total: 110, synced: 95 },
      { at: at('10:00:30'), total: 130, synced: 100 },
      { at: at('10:01:00'), total: 131, synced: 40 }, // a recount lowered synced
      { at: at('10:01:05'), total: 131, synced: 45 },
    ];
    expect(throughputBars(buckets, at('10:00:00'), 60)).toEqual([
      { at: at('10:00:00'), accepted: 30, synced: 10 },
      { at: at('10:01:00'), accepted: 1, synced: 5 },
    ]);
  });

  it('has nothing to measure from a single bucket', () => {
    expect(
      throughputBars([{ at: at('10:00:00'), total: 5, synced: 5 }], at('09:00:00'), 60),
    ).toEqual([]);
  });
});

describe('stateIntervals', () => {
  const from = at('10:00:00');

  it('starts the window in the state of the last change before it', () => {
    expect(
      stateIntervals(
        [
          { state: 'open', at: at('09:00:00') },
          { state: 'closed', at: at('09:30:00') },
          { state: 'open', at: at('10:05:00') },
          { state: 'closed', at: at('10:05:20') },
        ],
        from,
      ),
    ).toEqual([
      { state: 'closed', from, to: at('10:05:00') },
      { state: 'open', from: at('10:05:00'), to: at('10:05:20') },
      { state: 'closed', from: at('10:05:20'), to: null },
    ]);
  });

  it('folds repeated reports of one state (two replicas recording the same change)', () => {
    expect(
      stateIntervals(
        [
          { state: 'open', at: at('10:01:00') },
          { state: 'open', at: at('10:01:00') },
          { state: 'half-open', at: at('10:02:00') },
        ],
        from,
      ),
    ).toEqual([
      { state: 'open', from: at('10:01:00'), to: at('10:02:00') },
      { state: 'half-open', from: at('10:02:00'), to: null },
    ]);
  });

  it('is empty when nothing was ever recorded', () => {
    expect(stateIntervals([], from)).toEqual([]);
  });
});
