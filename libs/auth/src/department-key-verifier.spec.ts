import { generateDepartmentKey, rotatedKeyExpiry } from './department-key';
import {
  DepartmentKeyVerifier,
  KeyStoreUnavailableError,
  type StoredDepartmentKey,
} from './department-key-verifier';

class FakeStore {
  readonly rows = new Map<string, StoredDepartmentKey>();
  lookups = 0;
  failing = false;

  async findByKeyId(keyId: string): Promise<StoredDepartmentKey | undefined> {
    this.lookups += 1;
    // Read when the query is sent, answered later: as Postgres does for a query in flight.
    const row = this.rows.get(keyId);
    const snapshot = row && { ...row };
    await Promise.resolve();
    if (this.failing) throw new Error('connect ECONNREFUSED');
    return snapshot;
  }

  add(department = 'STP'): { keyId: string; key: string } {
    const k = generateDepartmentKey();
    this.rows.set(k.keyId, {
      keyId: k.keyId,
      department,
      secretHash: k.secretHash,
      expiresAt: null,
      revokedAt: null,
      rateLimit: null,
    });
    return k;
  }
}

describe('DepartmentKeyVerifier', () => {
  let t: number;
  let store: FakeStore;
  let verifier: DepartmentKeyVerifier;
  const TTL = 5000;

  beforeEach(() => {
    t = Date.parse('2026-11-22T10:00:00Z');
    store = new FakeStore();
    verifier = new DepartmentKeyVerifier(store, { ttlMs: TTL, now: () => t });
  });

  it('verifies a stored key and refuses a wrong secret with the same key id', async () => {
    const { keyId, key } = store.add('SXD');
    expect(await verifier.verify(key)).toEqual({ keyId, department: 'SXD', rateLimit: null });
    const forged = `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`;
    expect(await verifier.verify(forged)).toBeUndefined();
  });

  it('does not ask the store for tokens that are not department keys', async () => {
    expect(await verifier.verify('demo-key-stp')).toBeUndefined();
    expect(await verifier.verify(undefined)).toBeUndefined();
    expect(store.lookups).toBe(0);
  });

  it('asks the store once per key id per TTL, however many requests', async () => {
    const { key } = store.add();
    await Promise.all(Array.from({ length: 20 }, () => verifier.verify(key)));
    expect(store.lookups).toBe(1);
    t += TTL - 1;
    await verifier.verify(key);
    expect(store.lookups).toBe(1);
    t += 1;
    await verifier.verify(key);
    expect(store.lookups).toBe(2);
  });

  it('caches unknown key ids too (negative cache)', async () => {
    const unknown = generateDepartmentKey().key;
    for (let i = 0; i < 5; i++) expect(await verifier.verify(unknown)).toBeUndefined();
    expect(store.lookups).toBe(1);
  });

  it('sees a revocation within the TTL, not before the cached row expires', async () => {
    const { keyId, key } = store.add();
    expect(await verifier.verify(key)).toBeDefined();
    store.rows.get(keyId)!.revokedAt = new Date(t);
    t += TTL - 1;
    expect(await verifier.verify(key)).toBeDefined(); // the documented window
    t += 1;
    expect(await verifier.verify(key)).toBeUndefined();
  });

  it('keeps a rotated key working through the overlap and refuses it right after, cache or not', async () => {
    const old = store.add();
    expect(await verifier.verify(old.key)).toBeDefined();
    // Rotation with a 60 s overlap: the successor exists at once, the old key gets an expiry.
    const successor = store.add();
    const overlapEnd = rotatedKeyExpiry(null, t, 60);
    store.rows.get(old.keyId)!.expiresAt = overlapEnd;
    expect(await verifier.verify(successor.key)).toBeDefined();
    for (const offset of [TTL, 30_000, 59_999]) {
      t = overlapEnd.getTime() - 60_000 + offset;
      expect(await verifier.verify(old.key)).toBeDefined();
      expect(await verifier.verify(successor.key)).toBeDefined();
    }
    t = overlapEnd.getTime();
    expect(await verifier.verify(old.key)).toBeUndefined();
    expect(await verifier.verify(successor.key)).toBeDefined();
  });

  it('reports an unreachable store as unavailable, not as an unknown key', async () => {
    const { key } = store.add();
    store.failing = true;
    await expect(verifier.verify(key)).rejects.toBeInstanceOf(KeyStoreUnavailableError);
    store.failing = false;
    expect(await verifier.verify(key)).toBeDefined();
  });

  it('forgets a key id on invalidate', async () => {
    const { keyId, key } = store.add();
    await verifier.verify(key);
    store.rows.get(keyId)!.revokedAt = new Date(t);
    verifier.invalidate(keyId);
    expect(await verifier.verify(key)).toBeUndefined();
  });

  it('does not let a lookup that raced an invalidate fill the cache with the old row', async () => {
    const { keyId, key } = store.add();
    const racing = verifier.verify(key); // the query is on its way…
    store.rows.get(keyId)!.revokedAt = new Date(t); // …the revoke commits and this replica invalidates
    verifier.invalidate(keyId);
    await racing;
    expect(await verifier.verify(key)).toBeUndefined();
  });

  it('holds at most maxEntries key ids', async () => {
    const small = new DepartmentKeyVerifier(store, { ttlMs: TTL, maxEntries: 3, now: () => t });
    for (let i = 0; i < 10; i++) await small.verify(generateDepartmentKey().key);
    expect(small.size).toBe(3);
  });
});
