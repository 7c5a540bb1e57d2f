import {
  departmentKeyState,
  hashDepartmentKey,
  parseDepartmentKey,
  sameHash,
} from './department-key';
import type { RateLimit } from './token-bucket';

/** A department key as the verifier needs it (the store never returns a key, only its hash). */
export interface StoredDepartmentKey {
  keyId: string;
  department: string;
  secretHash: Buffer;
  expiresAt: Date | null;
  revokedAt: Date | null;
  rateLimit: RateLimit | null;
}

/** Where department keys live (Postgres in the gateway). */
export interface DepartmentKeyStore {
  findByKeyId(keyId: string): Promise<StoredDepartmentKey | undefined>;
}

export const DEPARTMENT_KEY_STORE = Symbol('DEPARTMENT_KEY_STORE');

export interface VerifiedDepartmentKey {
  keyId: string;
  department: string;
  rateLimit: RateLimit | null;
}

/** The store could not be asked (Postgres down): the caller answers 503, not 401. */
export class KeyStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `department key store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'KeyStoreUnavailableError';
  }
}

export interface VerifierOptions {
  /**
   * How long a looked-up row (or its absence) is trusted. This is the bound on how late another
   * replica sees a revocation: a revoked key works at most `ttlMs` after the revoke commits.
   */
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}

interface CacheEntry {
  row: StoredDepartmentKey | undefined;
  loadedAt: number;
}

/**
 * Verifies `lth_…` keys against the store through a short-lived cache, so the hot path asks
 * Postgres at most once per key id per TTL and replica, however many requests arrive. Unknown key
 * ids are cached too (negative cache), so a flood of made-up keys cannot flood Postgres; new keys
 * are never hidden by it, because a key id is random and unseen until it is created. Expiry
 * (the end of a rotation overlap) is checked against the clock on every request, so it is exact;
 * only revocation waits for the TTL.
 */
export class DepartmentKeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<CacheEntry>>();
  /** Bumped by invalidate(): a lookup that started before it must not fill the cache. */
  private invalidations = 0;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(
    private readonly store: DepartmentKeyStore,
    private readonly options: VerifierOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** The key's identity when the token is a live department key; undefined otherwise. */
  async verify(token: string | undefined): Promise<VerifiedDepartmentKey | undefined> {
    const parsed = parseDepartmentKey(token);
    if (!parsed || !token) return undefined;
    const { row } = await this.lookup(parsed.keyId);
    if (!row || !sameHash(row.secretHash, hashDepartmentKey(token))) return undefined;
    if (departmentKeyState(row, this.now()) !== 'active') return undefined;
    return { keyId: row.keyId, department: row.department, rateLimit: row.rateLimit };
  }

  /**
   * The department of a live issued key, by its key id alone. For transports where the key id
   * names the sender and the transport itself authenticates it (Kafka intake: SASL and ACLs);
   * never a substitute for `verify` on HTTP, where the bearer proves possession of the key.
   */
  async departmentOfKeyId(keyId: string): Promise<string | undefined> {
    if (!/^[a-f0-9]{12}$/.test(keyId)) return undefined;
    const { row } = await this.lookup(keyId);
    if (!row || departmentKeyState(row, this.now()) !== 'active') return undefined;
    return row.department;
  }

  /** Forget a key id at once (this replica only): used right after this replica changed it. */
  invalidate(keyId: string): void {
    this.invalidations += 1;
    this.cache.delete(keyId);
    this.inflight.delete(keyId);
  }

  get size(): number {
    return this.cache.size;
  }

  private async lookup(keyId: string): Promise<CacheEntry> {
    const cached = this.cache.get(keyId);
    if (cached && this.now() - cached.loadedAt < this.options.ttlMs) return cached;
    // One query per key id at a time, however many requests are waiting for it.
    let pending = this.inflight.get(keyId);
    if (!pending) {
      const started = this.load(keyId).finally(() => {
        if (this.inflight.get(keyId) === started) this.inflight.delete(keyId);
      });
      pending = started;
      this.inflight.set(keyId, pending);
    }
    return pending;
  }

  private async load(keyId: string): Promise<CacheEntry> {
    // Trusted from when the query was sent, not when it answered: a row read just before a
    // revocation committed is then never trusted longer than the TTL after the commit.
    const sentAt = this.now();
    const generation = this.invalidations;
    let row: StoredDepartmentKey | undefined;
    try {
      row = await this.store.findByKeyId(keyId);
    } catch (e) {
      throw new KeyStoreUnavailableError(e);
    }
    const entry = { row, loadedAt: sentAt };
    if (generation !== this.invalidations) return entry;
    this.cache.delete(keyId);
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(keyId, entry);
    return entry;
  }
}
