import { Inject, Injectable } from '@nestjs/common';
import { CLEAR_LEASE, LeaseQueue } from '@hub/durable-work';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { audit } from './subscription.repository';

export type DeliveryState = 'pending' | 'delivered' | 'cancelled';

export interface NewDelivery {
  subscriptionId: string;
  eventId: string;
  eventType: string;
  caseCode: string;
  sequence: number;
  /** 1, 2, ... for an event the hub originates after the department's `sequence`; 0 (default) else. */
  hubSequence?: number;
  department: string;
  event: Record<string, unknown>;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  caseCode: string;
  sequence: number;
  department: string;
  state: DeliveryState;
  attempts: number;
  redeliveries: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface ClaimedDelivery extends Delivery {
  event: Record<string, unknown>;
}

export type AttemptResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; nextAttemptAt: Date };

function toDelivery(r: Record<string, unknown>): Delivery {
  return {
    id: String(r['id']),
    subscriptionId: r['subscription_id'] as string,
    eventId: r['event_id'] as string,
    eventType: r['event_type'] as string,
    caseCode: r['case_code'] as string,
    sequence: r['sequence'] as number,
    department: r['department'] as string,
    state: r['state'] as DeliveryState,
    attempts: r['attempts'] as number,
    redeliveries: r['redeliveries'] as number,
    nextAttemptAt: r['next_attempt_at'] as Date,
    lastStatus: r['last_status'] as number | null,
    lastError: r['last_error'] as string | null,
    lastAttemptAt: r['last_attempt_at'] as Date | null,
    deliveredAt: r['delivered_at'] as Date | null,
    createdAt: r['created_at'] as Date,
  };
}

/**
 * Durable webhook deliveries. A delivery is due when it is pending, its time has come, no live
 * lease holds it, its subscription is active, and no earlier event (by sequence, then hub sequence) of the same
 * case is still pending for that subscription: one case waits for its previous event, every other
 * case flows.
 */
const DELIVERIES = new LeaseQueue({
  table: 'webhook_deliveries',
  key: 'id',
  join: `JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.state = 'active'`,
  waiting: `d.state = 'pending'
            AND NOT EXISTS (
                  SELECT 1 FROM webhook_deliveries p
                   WHERE p.subscription_id = d.subscription_id AND p.case_code = d.case_code
                     AND p.state = 'pending'
                     AND (p.sequence, p.hub_sequence) < (d.sequence, d.hub_sequence))`,
  order: 'd.next_attempt_at, d.id',
});

@Injectable()
export class DeliveryRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Idempotent by (subscription, event id): a redelivered Kafka record inserts nothing. Nothing is
   * created for a deleted subscription, even one deleted after the caller listed it: the share
   * lock makes a concurrent delete wait for this insert (whose rows it then cancels), or this
   * insert wait for the delete (and then skip the subscription).
   */
  async insert(deliveries: NewDelivery[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    const rows = await queryRows(
      this.ds,
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, case_code, sequence, hub_sequence, department, event, state)
       SELECT u.s, u.e, u.t, u.c, u.q, u.h, u.d, u.v::jsonb, 'pending'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::int[])
           WITH ORDINALITY AS u(s, e, t, c, q, d, v, h, n)
         JOIN webhook_subscriptions w ON w.id = u.s AND w.state <> 'deleted'
        ORDER BY u.n
          FOR SHARE OF w
       ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id`,
      [
        deliveries.map((d) => d.subscriptionId),
        deliveries.map((d) => d.eventId),
        deliveries.map((d) => d.eventType),
        deliveries.map((d) => d.caseCode),
        deliveries.map((d) => d.sequence),
        deliveries.map((d) => d.department),
        deliveries.map((d) => JSON.stringify(d.event)),
        deliveries.map((d) => d.hubSequence ?? 0),
      ],
    );
    return rows.length;
  }

  async claimDue(limit: number, worker: string, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = await DELIVERIES.claim<Record<string, unknown>>(this.ds, limit, worker, leaseMs);
    return rows.map((r) => ({ ...toDelivery(r), event: r['event'] as Record<string, unknown> }));
  }

  /**
   * Records one attempt. Only the lease holder may record. A success clears the subscription's
   * failing clock; a failure starts it (if not running) and pauses the subscription once it has
   * run for `pauseAfterMs` without a success. Returns whether the subscription got paused.
   */
  async recordAttempt(
    deliveryId: string,
    worker: string,
    result: AttemptResult,
    pauseAfterMs: number,
  ): Promise<{ recorded: boolean; paused: boolean }> {
    return this.ds.transaction(async (tx) => {
      const rows = result.ok
        ? await queryRows<{ subscription_id: string }>(
            tx,
            `UPDATE webhook_deliveries
                SET state = 'delivered', attempts = attempts + 1, last_status = $3, last_error = NULL,
                    last_attempt_at = now(), delivered_at = now(), ${CLEAR_LEASE}
              WHERE id = $1 AND leased_by = $2 AND state = 'pending' RETURNING subscription_id`,
            [deliveryId, worker, result.status],
          )
        : await queryRows<{ subscription_id: string }>(
            tx,
            `UPDATE webhook_deliveries
                SET attempts = attempts + 1, last_status = $3, last_error = $4, last_attempt_at = now(),
                    next_attempt_at = $5, ${CLEAR_LEASE}
              WHERE id = $1 AND leased_by = $2 AND state = 'pending' RETURNING subscription_id`,
            [deliveryId, worker, result.status, result.error.slice(0, 500), result.nextAttemptAt],
          );
      const [row] = rows;
      if (!row) return { recorded: false, paused: false };
      if (result.ok) {
        await tx.query(
          `UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
          [row.subscription_id],
        );
        return { recorded: true, paused: false };
      }
      const paused = await queryRows(
        tx,
        `UPDATE webhook_subscriptions
            SET failing_since = COALESCE(failing_since, now()),
                state = CASE WHEN state = 'active' AND failing_since IS NOT NULL
                              AND failing_since < now() - ($2::int * interval '1 millisecond')
                             THEN 'paused' ELSE state END,
                paused_reason = CASE WHEN state = 'active' AND failing_since IS NOT NULL
                              AND failing_since < now() - ($2::int * interval '1 millisecond')
                             THEN 'failing since ' || failing_since::text ELSE paused_reason END,
                paused_at = CASE WHEN state = 'active' AND failing_since IS NOT NULL
                              AND failing_since < now() - ($2::int * interval '1 millisecond')
                             THEN now() ELSE paused_at END
          WHERE id = $1
          RETURNING (state = 'paused' AND paused_at = now()) AS paused_now`,
        [row.subscription_id, pauseAfterMs],
      );
      const pausedNow = (paused[0] as { paused_now?: boolean } | undefined)?.paused_now === true;
      if (pausedNow) {
        await audit(tx, 'system', 'subscription.auto-paused', row.subscription_id, {
          afterMs: pauseAfterMs,
          lastError: result.error.slice(0, 500),
        });
      }
      return { recorded: true, paused: pausedNow };
    });
  }

  async release(deliveryId: string, worker: string): Promise<void> {
    await DELIVERIES.release(this.ds, deliveryId, worker);
  }

  async releaseLeases(worker: string): Promise<void> {
    await DELIVERIES.releaseAll(this.ds, worker);
  }

  async list(
    subscriptionId: string,
    filter: { state?: DeliveryState; limit: number; offset: number },
  ): Promise<Delivery[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT * FROM webhook_deliveries
        WHERE subscription_id = $1 AND ($2::text IS NULL OR state = $2)
        ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [subscriptionId, filter.state ?? null, filter.limit, filter.offset],
    );
    return rows.map(toDelivery);
  }

  /**
   * Sends a delivery again (even a delivered one), now; audited. Not for a deleted subscription:
   * its row is share-locked first, so a delete cannot commit in between and leave this delivery
   * pending for a subscription that no longer receives.
   */
  async redeliver(
    subscriptionId: string,
    deliveryId: string,
    actor: string,
  ): Promise<Delivery | undefined> {
    if (!/^\d{1,18}$/.test(deliveryId)) return undefined;
    return this.ds.transaction(async (tx) => {
      const receiving = await queryRows(
        tx,
        `SELECT 1 FROM webhook_subscriptions WHERE id = $1 AND state <> 'deleted' FOR SHARE`,
        [subscriptionId],
      );
      if (receiving.length === 0) return undefined;
      const [row] = await queryRows<Record<string, unknown>>(
        tx,
        `UPDATE webhook_deliveries
            SET state = 'pending', next_attempt_at = now(), redeliveries = redeliveries + 1
          WHERE id = $1 AND subscription_id = $2 AND state <> 'cancelled' RETURNING *`,
        [deliveryId, subscriptionId],
      );
      if (!row) return undefined;
      await audit(tx, actor, 'delivery.redelivered', subscriptionId, {
        deliveryId,
        eventId: row['event_id'],
      });
      return toDelivery(row);
    });
  }
}
