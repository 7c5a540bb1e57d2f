import { backoffMs } from './backoff';

describe('backoffMs', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('doubles per attempt from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 7, 30].map((a) => backoffMs(a, policy))).toEqual([
      1000, 2000, 4000, 8000, 60_000, 60_000,
    ]);
  });

  it('treats attempt 0 and below as the first', () => {
    expect(backoffMs(0, policy)).toBe(1000);
    expect(backoffMs(-3, policy)).toBe(1000);
  });

  it('equal jitter: between half and all of the delay, cap included', () => {
    const equal = { ...policy, jitter: 'equal' as const };
    expect(backoffMs(3, equal, () => 0)).toBe(2000);
    expect(backoffMs(3, equal, () => 1)).toBe(4000);
    expect(backoffMs(30, equal, () => 0)).toBe(30_000);
    expect(backoffMs(30, equal, () => 1)).toBe(60_000);
  });

  it('spread jitter: the delay ± the fraction, never above the cap', () => {
    const spread = { ...policy, jitter: { spread: 0.2 } };
    expect(backoffMs(1, spread, () => 0)).toBe(800);
    expect(backoffMs(1, spread, () => 1)).toBe(1200);
    expect(backoffMs(30, spread, () => 1)).toBe(60_000);
  });

  it('never goes below the floor (a Retry-After)', () => {
    expect(backoffMs(1, { ...policy, floorMs: 5000 })).toBe(5000);
    expect(backoffMs(5, { ...policy, floorMs: 5000 })).toBe(16_000);
  });

  it('spreads retries that failed together, and stays within bounds for any draw', () => {
    const equal = { ...policy, jitter: 'equal' as const };
    const delays = Array.from({ length: 200 }, () => backoffMs(4, equal));
    expect(new Set(delays).size).toBeGreaterThan(1);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });
});
