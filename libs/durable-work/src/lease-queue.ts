import { queryRows, type Queryable } from '@hub/persistence';

/**
 * A durable-work table: one row per item, with the engine's columns `next_attempt_at timestamptz`
 * (when the item is due), `lease_until timestamptz` and `leased_by text` (who works it, until
 * when). The plug-in says which rows wait and in what order; the engine owns the lease.
 */
export interface LeaseQueueSpec {
  /** The plug-in's table, e.g. `portal_sync_jobs`. */
  table: string;
  /** Its key column, e.g. `event_id`. */
  key: string;
  /**
   * SQL over the row aliased `d` (and anything `join` brings in): the item waits for work, by the
   * plug-in's states and its ordering rule (e.g. "the case's previous item is done"). Parameters
   * from `$4` on are the plug-in's own, passed to `claim`.
   */
  waiting: string;
  /** ORDER BY over `d`: which due items go first, e.g. `d.next_attempt_at, d.accepted_at`. */
  order: string;
  /** Optional JOIN clause over `d` that `waiting` reads, e.g. the item's subscription. */
  join?: string;
}

/** SET clause that ends a lease: every outcome write and release uses it. */
export const CLEAR_LEASE = 'lease_until = NULL, leased_by = NULL';

/**
 * Claim and release for one durable-work table, written once. A claim leases up to `limit` due,
 * waiting, unleased (or lease-expired) items, in the plug-in's order, skipping rows another
 * replica is claiming (`FOR UPDATE SKIP LOCKED`): replicas share the work and a replica killed
 * mid-item loses only its lease. The outcome writes stay the plug-in's, guarded by
 * `leased_by = <worker>` so that a worker whose lease ran out cannot record over the next one.
 */
export class LeaseQueue {
  /**
   * The claim statement: `$1` limit, `$2` worker, `$3` lease in ms, `$4…` the plug-in's own;
   * returns the leased rows (`q.*`). Exposed for plug-ins that read more in the same statement
   * (`WITH claimed AS (…) SELECT …`).
   */
  readonly claimStatement: string;
  private readonly releaseOneStatement: string;

  constructor(private readonly spec: LeaseQueueSpec) {
    const { table, key } = spec;
    this.claimStatement = `UPDATE ${table} q
          SET lease_until = now() + ($3::int * interval '1 millisecond'), leased_by = $2
        WHERE q.${key} IN (
          SELECT d.${key} FROM ${table} d ${spec.join ?? ''}
           WHERE ${spec.waiting}
             AND d.next_attempt_at <= now()
             AND (d.lease_until IS NULL OR d.lease_until < now())
           ORDER BY ${spec.order}
           LIMIT $1
           FOR UPDATE OF d SKIP LOCKED)
      RETURNING q.*`;
    this.releaseOneStatement = `UPDATE ${table} SET ${CLEAR_LEASE} WHERE ${key} = $1 AND leased_by = $2`;
  }

  /** Leases up to `limit` due items to `worker` for `leaseMs`; `params` fill `$4…` of `waiting`. */
  claim<R>(
    db: Queryable,
    limit: number,
    worker: string,
    leaseMs: number,
    params: unknown[] = [],
  ): Promise<R[]> {
    if (limit <= 0) return Promise.resolve([]);
    return queryRows<R>(db, this.claimStatement, [limit, worker, leaseMs, ...params]);
  }

  /**
   * Gives back every lease `worker` holds (a clean shutdown), so another replica takes the items
   * at once instead of when the leases run out. `narrowing` is SQL over the table's columns that
   * lets the planner use a partial index (e.g. the waiting states).
   */
  async releaseAll(db: Queryable, worker: string, narrowing?: string): Promise<void> {
    await db.query(this.releaseAllStatement(narrowing), [worker]);
  }

  /** The statement `releaseAll` runs (`$1` the worker), for a plan check. */
  releaseAllStatement(narrowing?: string): string {
    const all = `UPDATE ${this.spec.table} SET ${CLEAR_LEASE} WHERE leased_by = $1`;
    return narrowing ? `${all} AND ${narrowing}` : all;
  }

  /** Gives back one item's lease, if `worker` still holds it. */
  async release(db: Queryable, key: string, worker: string): Promise<void> {
    await db.query(this.releaseOneStatement, [key, worker]);
  }
}
