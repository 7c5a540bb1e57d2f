import { at, bucket } from '../../series/test/city-bucket';
import { seriesWindow } from '../../series/series-window';
import { toNationalHistory } from './get-national-history.handler';


describe('toNationalHistory', () => {
  const window = seriesWindow('1h', 5, at('10:30:00'));

  it("shows every adapter known now or seen in the window, with the portal's error rate", () => {
    const history = toNationalHistory(
      window,
      [{ adapter: 'portal', state: 'closed', since: '2026-11-22T10:20:00.000Z', instances: [] }],
      [
        { adapter: 'portal', state: 'open', at: at('10:10:00') },
        { adapter: 'portal', state: 'closed', at: at('10:20:00') },
        { adapter: 'population', state: 'closed', at: at('08:00:00') },
      ],
      [
        bucket({ at: at('09:29:55') }), // the base bucket before the window
        bucket({ at: at('10:10:00'), portalAttempts: 4, portalFailed: 4 }),
        bucket({
          at: at('10:20:05'),
          portalAttempts: 10,
          portalFailed: 1,
          portalSynced: 9,
          portalWaitAvgSeconds: 40,
          portalWaitMaxSeconds: 600,
        }),
      ],
    );
    expect(history.adapters).toEqual([
      {
        adapter: 'population',
        state: 'unknown',
        intervals: [{ state: 'closed', from: window.from, to: null }],
        calls: [],
      },
      {
        adapter: 'portal',
        state: 'closed',
        intervals: [
          { state: 'open', from: at('10:10:00'), to: at('10:20:00') },
          { state: 'closed', from: at('10:20:00'), to: null },
        ],
        calls: [],
      },
    ]);
    expect(history.portal).toEqual([
      {
        at: at('10:10:00'),
        attempts: 4,
        failed: 4,
        errorRate: 1,
        synced: 0,
        waitAvgSeconds: null,
        waitMaxSeconds: null,
      },
      {
        at: at('10:20:05'),
        attempts: 10,
        failed: 1,
        errorRate: 0.1,
        synced: 9,
        waitAvgSeconds: 40,
        waitMaxSeconds: 600,
      },
    ]);
  });

  it('has no error rate for a bucket without attempts', () => {
    const history = toNationalHistory(window, [], [], [bucket({ at: at('10:00:00') })]);
    expect(history.portal[0]?.errorRate).toBeNull();
  });

  it("gives each adapter its calls, error rate and sent calls' average time per bucket", () => {
    const calls = (over: { at: Date; adapter: string; calls: number; failures: number }) => ({
      sent: over.calls - over.failures,
      sentSeconds: (over.calls - over.failures) * 0.2,
      ...over,
    });
    const history = toNationalHistory(
      window,
      [],
      [],
      [],
      [
        calls({ at: at('09:29:55'), adapter: 'portal', calls: 3, failures: 0 }), // base bucket
        calls({ at: at('10:10:00'), adapter: 'portal', calls: 4, failures: 4 }),
        calls({ at: at('10:20:00'), adapter: 'portal', calls: 10, failures: 1 }),
        calls({ at: at('10:20:00'), adapter: 'population', calls: 2, failures: 0 }),
      ],
    );
    expect(history.adapters.map((a) => a.adapter)).toEqual(['population', 'portal']);
    expect(history.adapters[1]?.calls).toEqual([
      { at: at('10:10:00'), calls: 4, failures: 4, errorRate: 1, avgSeconds: null },
      { at: at('10:20:00'), calls: 10, failures: 1, errorRate: 0.1, avgSeconds: 0.2 },
    ]);
  });
});
