import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Department keys issued by the hub look like `lth_<keyId>_<secret>`: the key id (12 hex
 * characters) names the row to look up, the secret (64 hex characters, 256 random bits) is what
 * proves possession. Only SHA-256 of the whole key is stored. A slow password hash (bcrypt,
 * argon2) would add nothing for 256 random bits — nobody can guess them — and would cost
 * milliseconds of CPU on every request the cache misses.
 */
export const DEPARTMENT_KEY_PREFIX = 'lth_';

const KEY_PATTERN = /^lth_([0-9a-f]{12})_([0-9a-f]{64})$/;

export interface NewDepartmentKey {
  keyId: string;
  /** The full key: shown once, to the admin who created it, never stored. */
  key: string;
  secretHash: Buffer;
}

export function generateDepartmentKey(
  random: (size: number) => Buffer = randomBytes,
): NewDepartmentKey {
  const keyId = random(6).toString('hex');
  const key = `${DEPARTMENT_KEY_PREFIX}${keyId}_${random(32).toString('hex')}`;
  return { keyId, key, secretHash: hashDepartmentKey(key) };
}

/** The key id of a well-formed department key; undefined for anything else (e.g. an env key). */
export function parseDepartmentKey(token: string | undefined): { keyId: string } | undefined {
  if (!token) return undefined;
  const m = KEY_PATTERN.exec(token);
  return m ? { keyId: m[1] } : undefined;
}

export function hashDepartmentKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Constant-time comparison of two hashes (false, not an exception, when lengths differ). */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What the public listing shows instead of the key: enough to recognise it, useless to use it. */
export function keyPrefix(keyId: string): string {
  return `${DEPARTMENT_KEY_PREFIX}${keyId}_`;
}

export type DepartmentKeyState = 'active' | 'expired' | 'revoked';

/** A revoked key is dead at once; an expiring one (e.g. rotated) works until `expiresAt`. */
export function departmentKeyState(
  key: { expiresAt: Date | null; revokedAt: Date | null },
  nowMs: number,
): DepartmentKeyState {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= nowMs) return 'expired';
  return 'active';
}

/**
 * When a rotated key stops working: after the overlap, or earlier when it was already due to
 * expire — a rotation never extends a key's life.
 */
export function rotatedKeyExpiry(
  currentExpiresAt: Date | null,
  nowMs: number,
  overlapSeconds: number,
): Date {
  const end = nowMs + overlapSeconds * 1000;
  return new Date(currentExpiresAt ? Math.min(currentExpiresAt.getTime(), end) : end);
}
