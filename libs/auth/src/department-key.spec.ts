import {
  departmentKeyState,
  generateDepartmentKey,
  hashDepartmentKey,
  keyPrefix,
  parseDepartmentKey,
  rotatedKeyExpiry,
  sameHash,
} from './department-key';

describe('department keys', () => {
  it('look like lth_<keyId>_<secret> and parse back to their key id', () => {
    const { keyId, key, secretHash } = generateDepartmentKey();
    expect(key).toMatch(/^lth_[0-9a-f]{12}_[0-9a-f]{64}$/);
    expect(key.startsWith(keyPrefix(keyId))).toBe(true);
    expect(parseDepartmentKey(key)).toEqual({ keyId });
    expect(sameHash(secretHash, hashDepartmentKey(key))).toBe(true);
  });

  it('are different every time', () => {
    const a = generateDepartmentKey();
    const b = generateDepartmentKey();
    expect(a.keyId).not.toBe(b.keyId);
    expect(a.key).not.toBe(b.key);
  });

  it('uses the random source it is given (deterministic in tests)', () => {
    const fixed = (size: number) => Buffer.alloc(size, 0xab);
    expect(generateDepartmentKey(fixed).key).toBe(`lth_${'ab'.repeat(6)}_${'ab'.repeat(32)}`);
  });

  it.each([
    undefined,
    '',
    'demo-key-stp',
    'lth_',
    `lth_${'a'.repeat(12)}`,
    `lth_${'a'.repeat(11)}_${'b'.repeat(64)}`,
    `lth_${'a'.repeat(12)}_${'b'.repeat(63)}`,
    `lth_${'A'.repeat(12)}_${'b'.repeat(64)}`,
    `lth_${'a'.repeat(12)}_${'b'.repeat(64)}x`,
    ` lth_${'a'.repeat(12)}_${'b'.repeat(64)}`,
  ])('does not parse %p', (token) => {
    expect(parseDepartmentKey(token)).toBeUndefined();
  });

  it('compares hashes: equal, different, and different lengths without throwing', () => {
    const h = hashDepartmentKey('lth_x');
    expect(sameHash(h, hashDepartmentKey('lth_x'))).toBe(true);
    expect(sameHash(h, hashDepartmentKey('lth_y'))).toBe(false);
    expect(sameHash(h, h.subarray(0, 16))).toBe(false);
  });

  it('knows when a key is active, expired or revoked', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const at = (offsetMs: number) => new Date(now + offsetMs);
    expect(departmentKeyState({ expiresAt: null, revokedAt: null }, now)).toBe('active');
    expect(departmentKeyState({ expiresAt: at(1), revokedAt: null }, now)).toBe('active');
    expect(departmentKeyState({ expiresAt: at(0), revokedAt: null }, now)).toBe('expired');
    expect(departmentKeyState({ expiresAt: at(-1), revokedAt: null }, now)).toBe('expired');
    // Revocation wins, whatever its timestamp says.
    expect(departmentKeyState({ expiresAt: null, revokedAt: at(60_000) }, now)).toBe('revoked');
  });

  it('ends a rotated key after the overlap, never later than it was due to expire anyway', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(rotatedKeyExpiry(null, now, 3600).toISOString()).toBe('2026-11-22T11:00:00.000Z');
    expect(rotatedKeyExpiry(new Date(now + 60_000), now, 3600).getTime()).toBe(now + 60_000);
    expect(rotatedKeyExpiry(new Date(now + 7_200_000), now, 3600).getTime()).toBe(now + 3_600_000);
    expect(rotatedKeyExpiry(null, now, 0).getTime()).toBe(now);
  });
});
