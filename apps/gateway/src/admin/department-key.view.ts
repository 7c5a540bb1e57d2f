import { Inject, Injectable } from '@nestjs/common';
import { type DepartmentKeyState, departmentKeyState, keyPrefix, RateLimiting } from '@hub/auth';
import type { DepartmentKey } from '../department-keys/department-key.repository';

/** A key as admins see it: everything but the key (and its hash). */
export interface DepartmentKeyView {
  keyId: string;
  /** The start of the key, to recognise it in a department's configuration. */
  prefix: string;
  department: string;
  label: string;
  state: DepartmentKeyState;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  rotatedFrom: string | null;
  rotatedTo: string | null;
  /** The limit in force and where it comes from. */
  rateLimit: { perSecond: number; burst: number; source: 'key' | 'department' | 'default' };
}

@Injectable()
export class DepartmentKeyViews {
  constructor(@Inject(RateLimiting) private readonly rateLimiting: RateLimiting) {}

  of(key: DepartmentKey, nowMs = Date.now()): DepartmentKeyView {
    const { policy } = this.rateLimiting;
    const limit = policy.limitFor(key.department, key.rateLimit);
    const source = key.rateLimit
      ? 'key'
      : policy.departments.has(key.department)
        ? 'department'
        : 'default';
    return {
      keyId: key.keyId,
      prefix: keyPrefix(key.keyId),
      department: key.department,
      label: key.label,
      state: departmentKeyState(key, nowMs),
      createdAt: key.createdAt.toISOString(),
      createdBy: key.createdBy,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
      revokedBy: key.revokedBy,
      rotatedFrom: key.rotatedFrom,
      rotatedTo: key.rotatedTo,
      rateLimit: { perSecond: limit.perSecond, burst: limit.burst, source },
    };
  }
}
