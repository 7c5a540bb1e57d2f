import { deliveryRetryDelayMs } from './backoff';

describe('deliveryRetryDelayMs', () => {
  const options = { baseMs: 1000, maxMs: 60_000 };

  it('doubles per attempt between half and all of the exponential delay', () => {
    expect(deliveryRetryDelayMs(1, options, () => 0)).toBe(500);
    expect(deliveryRetryDelayMs(1, options, () => 1)).toBe(1000);
    expect(deliveryRetryDelayMs(3, options, () => 0)).toBe(2000);
    expect(deliveryRetryDelayMs(3, options, () => 1)).toBe(4000);
  });

  it('is capped, jitter included', () => {
    expect(deliveryRetryDelayMs(30, options, () => 1)).toBe(60_000);
    expect(deliveryRetryDelayMs(30, options, () => 0)).toBe(30_000);
  });

  it('spreads retries that failed together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => deliveryRetryDelayMs(4, options)));
    expect(delays.size).toBeGreaterThan(1);
  });
});
