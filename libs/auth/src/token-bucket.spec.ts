import { RateLimitPolicy, TokenBucketLimiter } from './token-bucket';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('TokenBucketLimiter', () => {
  const limit = { perSecond: 2, burst: 3 };

  it('allows a burst, then refuses with the seconds until the next token', () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(c.now);
    const taken = [1, 2, 3].map(() => limiter.take('k', limit));
    expect(taken.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);
    const refused = limiter.take('k', limit);
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 1 });
    expect(refused.resetSeconds).toBe(2); // 3 tokens at 2/s
  });

  it('refills at the rate: half a second buys one request at 2/s', () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(c.now);
    for (let i = 0; i < 3; i++) limiter.take('k', limit);
    c.advance(499);
    expect(limiter.take('k', limit).allowed).toBe(false);
    c.advance(1);
    expect(limiter.take('k', limit).allowed).toBe(true);
    expect(limiter.take('k', limit).allowed).toBe(false);
  });

  it('never holds more than the burst, however long it idles', () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(c.now);
    limiter.take('k', limit);
    c.advance(3_600_000);
    const allowed = [1, 2, 3, 4].map(() => limiter.take('k', limit).allowed);
    expect(allowed).toEqual([true, true, true, false]);
  });

  it('rounds Retry-After up to whole seconds for slow rates', () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(c.now);
    const slow = { perSecond: 0.1, burst: 1 };
    expect(limiter.take('k', slow).allowed).toBe(true);
    expect(limiter.take('k', slow).retryAfterSeconds).toBe(10);
    c.advance(2500);
    expect(limiter.take('k', slow).retryAfterSeconds).toBe(8); // 7.5 s left
  });

  it('keeps a bucket per key', () => {
    const limiter = new TokenBucketLimiter(clock().now);
    const one = { perSecond: 1, burst: 1 };
    expect(limiter.take('a', one).allowed).toBe(true);
    expect(limiter.take('a', one).allowed).toBe(false);
    expect(limiter.take('b', one).allowed).toBe(true);
  });

  it('applies a lowered limit at once', () => {
    const limiter = new TokenBucketLimiter(clock().now);
    limiter.take('k', { perSecond: 100, burst: 100 });
    expect(limiter.take('k', { perSecond: 1, burst: 1 }).allowed).toBe(true);
    expect(limiter.take('k', { perSecond: 1, burst: 1 }).allowed).toBe(false);
  });

  it('applies a raised limit at once: the extra capacity is there to use', () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(c.now);
    const tight = { perSecond: 0.05, burst: 2 };
    expect([1, 2, 3].map(() => limiter.take('k', tight).allowed)).toEqual([true, true, false]);
    // Lifted to 100/s, burst 200, with no time passed: 198 of the 200 are free.
    const lifted = { perSecond: 100, burst: 200 };
    const first = limiter.take('k', lifted);
    expect(first).toMatchObject({ allowed: true, remaining: 197 });
    for (let i = 0; i < 197; i++) expect(limiter.take('k', lifted).allowed).toBe(true);
    expect(limiter.take('k', lifted).allowed).toBe(false);
    // The same limit again adds nothing: only time refills.
    c.advance(10);
    expect(limiter.take('k', lifted).allowed).toBe(true);
    expect(limiter.take('k', lifted).allowed).toBe(false);
  });

  it('forgets full buckets when it holds too many, but not busy ones', () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(c.now, 3);
    const one = { perSecond: 1, burst: 1 };
    limiter.take('busy', one);
    limiter.take('idle-1', one);
    limiter.take('idle-2', one);
    c.advance(900); // idle buckets are refilled only after 1 s
    limiter.take('busy', one);
    c.advance(200);
    limiter.take('busy', one); // busy spent at 900 ms: 0.2 tokens now
    expect(limiter.take('new', one).allowed).toBe(true);
    expect(limiter.size).toBe(2);
    expect(limiter.take('busy', one).allowed).toBe(false);
  });
});

describe('RateLimitPolicy', () => {
  const policy = new RateLimitPolicy(
    { perSecond: 50, burst: 100 },
    RateLimitPolicy.parseDepartments('STP:5/10, SXD:0.5/1', 'RATE_LIMIT_DEPARTMENTS'),
  );

  it('takes the key override, else the department default, else the hub default', () => {
    expect(policy.limitFor('STP', { perSecond: 1, burst: 2 })).toEqual({ perSecond: 1, burst: 2 });
    expect(policy.limitFor('STP', null)).toEqual({ perSecond: 5, burst: 10 });
    expect(policy.limitFor('SXD', undefined)).toEqual({ perSecond: 0.5, burst: 1 });
    expect(policy.limitFor('SYT', null)).toEqual({ perSecond: 50, burst: 100 });
  });

  it.each(['STP', 'STP:5', 'STP:0/10', 'STP:5/0', 'STP:5/1.5', ':5/10'])(
    'rejects the department entry %p naming the variable',
    (spec) => {
      expect(() => RateLimitPolicy.parseDepartments(spec, 'RATE_LIMIT_DEPARTMENTS')).toThrow(
        /RATE_LIMIT_DEPARTMENTS entry 1/,
      );
    },
  );
});
