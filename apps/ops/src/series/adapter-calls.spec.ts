import { type InstanceCallCounts, callDeltas } from './adapter-calls';

const counts = (over: Partial<InstanceCallCounts>): InstanceCallCounts => ({
  adapter: 'portal',
  instance: 'portal-sync-1',
  calls: 0,
  failures: 0,
  sent: 0,
  sentSeconds: 0,
  ...over,
});

describe('callDeltas', () => {
  it('takes what each process gained since the last reading and sums an adapter’s processes', () => {
    const before = [
      counts({ calls: 10, failures: 1, sent: 9, sentSeconds: 4.5 }),
      counts({ instance: 'portal-sync-2', calls: 5, sent: 5, sentSeconds: 1 }),
      counts({
        adapter: 'population',
        instance: 'once-only-1',
        calls: 3,
        sent: 3,
        sentSeconds: 0.3,
      }),
    ];
    const now = [
      counts({ calls: 14, failures: 3, sent: 11, sentSeconds: 5.5 }),
      counts({ instance: 'portal-sync-2', calls: 6, sent: 6, sentSeconds: 1.5 }),
      counts({
        adapter: 'population',
        instance: 'once-only-1',
        calls: 3,
        sent: 3,
        sentSeconds: 0.3,
      }),
    ];
    expect(Object.fromEntries(callDeltas(before, now))).toEqual({
      portal: { calls: 5, failures: 2, sent: 3, sentSeconds: 1.5 },
      population: { calls: 0, failures: 0, sent: 0, sentSeconds: 0 },
    });
  });

  it('counts a new process from its start and a restarted one (totals went down) from 0', () => {
    const before = [counts({ calls: 100, failures: 10, sent: 90, sentSeconds: 30 })];
    const now = [
      // Restarted under the same name: more calls than before, but fewer failures.
      counts({ calls: 120, failures: 2, sent: 118, sentSeconds: 12 }),
      counts({ instance: 'portal-sync-2', calls: 4, failures: 4, sent: 0, sentSeconds: 0 }),
    ];
    expect(callDeltas(before, now).get('portal')).toEqual({
      calls: 124,
      failures: 6,
      sent: 118,
      sentSeconds: 12,
    });
  });

  it('counts nothing on the first reading ever: the totals are only the base for the next', () => {
    expect(callDeltas([], [counts({ calls: 1000, failures: 50 })]).size).toBe(0);
  });

  it('forgets a process that is gone without counting anything against its adapter', () => {
    const before = [counts({ calls: 7 }), counts({ instance: 'portal-sync-2', calls: 3 })];
    expect(callDeltas(before, [counts({ calls: 8, sent: 1 })]).get('portal')).toEqual({
      calls: 1,
      failures: 0,
      sent: 1,
      sentSeconds: 0,
    });
  });
});
