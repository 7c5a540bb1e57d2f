import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows, type Queryable } from '@hub/persistence';

export interface KeyRateLimit {
  perSecond: number;
  burst: number;
}

/** A department key row as the code sees it (never the key, only its hash). */
export interface DepartmentKey {
  keyId: string;
  department: string;
  label: string;
  secretHash: Buffer;
  rateLimit: KeyRateLimit | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  rotatedFrom: string | null;
  rotatedTo: string | null;
}

export interface AdminAction {
  actor: string;
  action: string;
  target: string;
  /** Never a key or any other secret. */
  details: Record<string, unknown>;
}

export interface AdminAuditEntry extends AdminAction {
  id: string;
  at: Date;
}

export type RotateResult =
  | { kind: 'rotated'; previous: DepartmentKey; current: DepartmentKey }
  | { kind: 'not-found' }
  /** Revoked or expired: there is nothing left to hand over. */
  | { kind: 'inactive'; key: DepartmentKey }
  /** Rotated before: rotate its successor instead. */
  | { kind: 'already-rotated'; key: DepartmentKey };

interface Row {
  key_id: string;
  department: string;
  label: string;
  secret_hash: Buffer;
  rate_limit_per_second: number | null;
  rate_limit_burst: number | null;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  rotated_from: string | null;
  rotated_to: string | null;
}

const toKey = (r: Row): DepartmentKey => ({
  keyId: r.key_id,
  department: r.department,
  label: r.label,
  secretHash: r.secret_hash,
  rateLimit:
    r.rate_limit_per_second !== null && r.rate_limit_burst !== null
      ? { perSecond: r.rate_limit_per_second, burst: r.rate_limit_burst }
      : null,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
  rotatedFrom: r.rotated_from,
  rotatedTo: r.rotated_to,
});

/** Writes one audit entry inside the caller's transaction: it exists iff the action commits. */
export async function recordAdminAction(db: Queryable, entry: AdminAction): Promise<void> {
  await db.query(
    `INSERT INTO admin_audit_log (actor, action, target, details) VALUES ($1, $2, $3, $4::jsonb)`,
    [entry.actor, entry.action, entry.target, JSON.stringify(entry.details)],
  );
}

/**
 * Department keys and the audit trail of every change to them. Each change and its audit entry
 * commit in one transaction, so the log never misses an action nor records one that failed.
 */
@Injectable()
export class DepartmentKeyRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The gateway's hot-path lookup (behind a short cache): by primary key, nothing else. */
  async findByKeyId(keyId: string): Promise<DepartmentKey | undefined> {
    const [row] = await queryRows<Row>(this.ds, `SELECT * FROM department_keys WHERE key_id = $1`, [
      keyId,
    ]);
    return row && toKey(row);
  }

  async list(filter: { department?: string } = {}): Promise<DepartmentKey[]> {
    const rows = await queryRows<Row>(
      this.ds,
      `SELECT * FROM department_keys WHERE ($1::text IS NULL OR department = $1)
        ORDER BY department, created_at, key_id`,
      [filter.department ?? null],
    );
    return rows.map(toKey);
  }

  async create(
    key: {
      keyId: string;
      department: string;
      label: string;
      secretHash: Buffer;
      rateLimit: KeyRateLimit | null;
      expiresAt: Date | null;
    },
    actor: string,
  ): Promise<DepartmentKey> {
    return this.ds.transaction(async (tx) => {
      const created = await insertKey(tx, { ...key, createdBy: actor, rotatedFrom: null });
      await recordAdminAction(tx, {
        actor,
        action: 'key.created',
        target: created.keyId,
        details: {
          department: created.department,
          label: created.label,
          expiresAt: created.expiresAt,
          rateLimit: created.rateLimit,
        },
      });
      return created;
    });
  }

  /**
   * Issues a successor with the same department, label, limit and end date (if any); the old key keeps working
   * until `expiryOf(its current expiry)`, then stops. The old row is locked, so two concurrent
   * rotations cannot both hand the key over.
   */
  async rotate(input: {
    keyId: string;
    successor: { keyId: string; secretHash: Buffer };
    expiryOf: (currentExpiresAt: Date | null) => Date;
    isActive: (key: DepartmentKey) => boolean;
    actor: string;
    overlapSeconds: number;
  }): Promise<RotateResult> {
    return this.ds.transaction(async (tx) => {
      const [row] = await queryRows<Row>(
        tx,
        `SELECT * FROM department_keys WHERE key_id = $1 FOR UPDATE`,
        [input.keyId],
      );
      if (!row) return { kind: 'not-found' };
      const old = toKey(row);
      if (!input.isActive(old)) return { kind: 'inactive', key: old };
      if (old.rotatedTo) return { kind: 'already-rotated', key: old };
      const current = await insertKey(tx, {
        keyId: input.successor.keyId,
        department: old.department,
        label: old.label,
        secretHash: input.successor.secretHash,
        rateLimit: old.rateLimit,
        // A key made to end on a date (a contractor's, say) does not outlive it by being rotated.
        expiresAt: old.expiresAt,
        createdBy: input.actor,
        rotatedFrom: old.keyId,
      });
      const [updated] = await queryRows<Row>(
        tx,
        `UPDATE department_keys SET expires_at = $2, rotated_to = $3 WHERE key_id = $1 RETURNING *`,
        [old.keyId, input.expiryOf(old.expiresAt), current.keyId],
      );
      const previous = toKey(updated);
      await recordAdminAction(tx, {
        actor: input.actor,
        action: 'key.rotated',
        target: old.keyId,
        details: {
          department: old.department,
          successorKeyId: current.keyId,
          overlapSeconds: input.overlapSeconds,
          previousExpiresAt: previous.expiresAt,
        },
      });
      return { kind: 'rotated', previous, current };
    });
  }

  /** Revokes at once; revoking a revoked key changes nothing (and says so in the audit). */
  async revoke(
    keyId: string,
    actor: string,
    reason: string | null,
  ): Promise<{ key: DepartmentKey; alreadyRevoked: boolean } | undefined> {
    return this.ds.transaction(async (tx) => {
      const [before] = await queryRows<Row>(
        tx,
        `SELECT * FROM department_keys WHERE key_id = $1 FOR UPDATE`,
        [keyId],
      );
      if (!before) return undefined;
      const alreadyRevoked = before.revoked_at !== null;
      const [row] = alreadyRevoked
        ? [before]
        : await queryRows<Row>(
            tx,
            `UPDATE department_keys SET revoked_at = now(), revoked_by = $2 WHERE key_id = $1 RETURNING *`,
            [keyId, actor],
          );
      const key = toKey(row);
      await recordAdminAction(tx, {
        actor,
        action: 'key.revoked',
        target: keyId,
        details: { department: key.department, reason, alreadyRevoked },
      });
      return { key, alreadyRevoked };
    });
  }

  /** Changes the label and/or the rate limit override (`null` clears it: department default). */
  async update(
    keyId: string,
    changes: { label?: string; rateLimit?: KeyRateLimit | null },
    actor: string,
  ): Promise<DepartmentKey | undefined> {
    return this.ds.transaction(async (tx) => {
      const [before] = await queryRows<Row>(
        tx,
        `SELECT * FROM department_keys WHERE key_id = $1 FOR UPDATE`,
        [keyId],
      );
      if (!before) return undefined;
      const setLimit = changes.rateLimit !== undefined;
      const [row] = await queryRows<Row>(
        tx,
        `UPDATE department_keys
            SET label = COALESCE($2, label),
                rate_limit_per_second = CASE WHEN $3 THEN $4::double precision ELSE rate_limit_per_second END,
                rate_limit_burst = CASE WHEN $3 THEN $5::int ELSE rate_limit_burst END
          WHERE key_id = $1 RETURNING *`,
        [
          keyId,
          changes.label ?? null,
          setLimit,
          changes.rateLimit?.perSecond ?? null,
          changes.rateLimit?.burst ?? null,
        ],
      );
      const after = toKey(row);
      const was = toKey(before);
      await recordAdminAction(tx, {
        actor,
        action: 'key.updated',
        target: keyId,
        details: {
          department: after.department,
          ...(changes.label !== undefined ? { label: { from: was.label, to: after.label } } : {}),
          ...(changes.rateLimit !== undefined
            ? { rateLimit: { from: was.rateLimit, to: after.rateLimit } }
            : {}),
        },
      });
      return after;
    });
  }
}

async function insertKey(
  tx: EntityManager,
  k: {
    keyId: string;
    department: string;
    label: string;
    secretHash: Buffer;
    rateLimit: KeyRateLimit | null;
    expiresAt: Date | null;
    createdBy: string;
    rotatedFrom: string | null;
  },
): Promise<DepartmentKey> {
  const [row] = await queryRows<Row>(
    tx,
    `INSERT INTO department_keys
       (key_id, department, label, secret_hash, rate_limit_per_second, rate_limit_burst, expires_at, created_by, rotated_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      k.keyId,
      k.department,
      k.label,
      k.secretHash,
      k.rateLimit?.perSecond ?? null,
      k.rateLimit?.burst ?? null,
      k.expiresAt,
      k.createdBy,
      k.rotatedFrom,
    ],
  );
  return toKey(row);
}

/** The admin audit trail, newest first. */
@Injectable()
export class AdminAuditRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async list(filter: {
    actor?: string;
    action?: string;
    target?: string;
    limit: number;
    offset: number;
  }): Promise<AdminAuditEntry[]> {
    const rows = await queryRows<{
      id: string;
      at: Date;
      actor: string;
      action: string;
      target: string;
      details: Record<string, unknown>;
    }>(
      this.ds,
      `SELECT id, at, actor, action, target, details FROM admin_audit_log
        WHERE ($1::text IS NULL OR actor = $1)
          AND ($2::text IS NULL OR action = $2)
          AND ($3::text IS NULL OR target = $3)
        ORDER BY id DESC LIMIT $4 OFFSET $5`,
      [
        filter.actor ?? null,
        filter.action ?? null,
        filter.target ?? null,
        filter.limit,
        filter.offset,
      ],
    );
    return rows.map((r) => ({ ...r, id: String(r.id) }));
  }
}
