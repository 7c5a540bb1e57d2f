/** A per-key request budget: `burst` requests at once, refilled at `perSecond`. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** The bucket's capacity (for `RateLimit-Limit`). */
  limit: number;
  /** Whole requests left right now. */
  remaining: number;
  /** Seconds until one request is possible again (0 when allowed). */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** The capacity the tokens were counted against, to see a limit an admin changed. */
  burst: number;
}

/**
 * Token buckets in this process's memory, one per key. Deliberately not shared between
 * replicas: a shared bucket would put a Postgres round trip (and a hot row lock) on every request;
 * so each replica enforces the limit on its own and the hub-wide ceiling is `replicas × limit`.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxBuckets = 100_000,
  ) {}

  take(bucketId: string, limit: RateLimit): RateLimitDecision {
    const now = this.now();
    let bucket = this.buckets.get(bucketId);
    if (!bucket) {
      if (this.buckets.size >= this.maxBuckets) this.dropFullBuckets(now, limit);
      bucket = { tokens: limit.burst, updatedAt: now, burst: limit.burst };
      this.buckets.set(bucketId, bucket);
    }
    // A limit changed by an admin takes effect at once, both ways: a lowered one leaves no more
    // tokens than the new capacity, a raised one adds the extra capacity to what is left, so a key
    // whose override was just lifted is not refused at the old limit's refill rate.
    const raisedBy = Math.max(0, limit.burst - bucket.burst);
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + raisedBy + elapsed * limit.perSecond);
    bucket.updatedAt = now;
    bucket.burst = limit.burst;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return {
      allowed,
      limit: limit.burst,
      remaining: Math.floor(bucket.tokens),
      retryAfterSeconds: allowed
        ? 0
        : Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)),
      resetSeconds: Math.ceil((limit.burst - bucket.tokens) / limit.perSecond),
    };
  }

  get size(): number {
    return this.buckets.size;
  }

  /** A full bucket holds no information: forgetting it changes no decision. */
  private dropFullBuckets(now: number, limit: RateLimit): void {
    for (const [id, b] of this.buckets) {
      if (b.tokens + ((now - b.updatedAt) / 1000) * limit.perSecond >= limit.burst) {
        this.buckets.delete(id);
      }
    }
    // Still full of busy keys: forget the oldest rather than grow without bound.
    for (const id of this.buckets.keys()) {
      if (this.buckets.size < this.maxBuckets) break;
      this.buckets.delete(id);
    }
  }
}

/**
 * Where a key's limit comes from: its own override (admin API), else its department's default
 * (`RATE_LIMIT_DEPARTMENTS`), else the hub default (`RATE_LIMIT_PER_SECOND`/`RATE_LIMIT_BURST`).
 */
export class RateLimitPolicy {
  constructor(
    readonly fallback: RateLimit,
    readonly departments: ReadonlyMap<string, RateLimit> = new Map(),
  ) {}

  limitFor(department: string, override: RateLimit | null | undefined): RateLimit {
    return override ?? this.departments.get(department) ?? this.fallback;
  }

  /** `DEPT:perSecond/burst,DEPT:perSecond/burst` (e.g. `STP:20/40`); throws naming the entry. */
  static parseDepartments(spec: string, variable: string): Map<string, RateLimit> {
    const out = new Map<string, RateLimit>();
    for (const [i, raw] of spec.split(',').entries()) {
      const part = raw.trim();
      if (part === '') continue;
      const m = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63}):(\d+(?:\.\d+)?)\/(\d+)$/.exec(part);
      const perSecond = m ? Number(m[2]) : 0;
      const burst = m ? Number(m[3]) : 0;
      if (!m || perSecond <= 0 || burst < 1) {
        throw new Error(
          `${variable} entry ${i + 1} must be DEPT:perSecond/burst with perSecond > 0 and burst ≥ 1 (e.g. STP:20/40)`,
        );
      }
      out.set(m[1], { perSecond, burst });
    }
    return out;
  }
}
