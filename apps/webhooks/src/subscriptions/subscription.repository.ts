import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hub/persistence';
import { DataSource, type EntityManager } from 'typeorm';

export type ContentMode = 'structured' | 'binary';
export type SubscriptionState = 'active' | 'paused' | 'deleted';

export interface Subscription {
  id: string;
  url: string;
  eventTypes: string[];
  departments: string[];
  contentMode: ContentMode;
  description: string | null;
  state: SubscriptionState;
  pausedReason: string | null;
  pausedAt: Date | null;
  failingSince: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** Set once, when deleted: the row stays so its deliveries and audit log remain readable. */
  deletedAt: Date | null;
}

/** An admin change of a subscription's state, or why it could not be made. */
export type SubscriptionChange =
  { kind: 'changed'; subscription: Subscription } | { kind: 'not-found' } | { kind: 'deleted' };

export type SubscriptionDeletion = 'deleted' | 'already-deleted' | 'not-found';

/** Secret included: only the delivery worker reads this. */
export interface SubscriptionWithSecret extends Subscription {
  secret: string;
}

export interface NewSubscription {
  id: string;
  url: string;
  eventTypes: string[];
  departments: string[];
  contentMode: ContentMode;
  description?: string;
  secret: string;
  createdBy: string;
}

const COLUMNS = `id, target_url, event_types, departments, content_mode, description, state,
  paused_reason, paused_at, failing_since, created_by, created_at, updated_at, deleted_at`;

function toSubscription(r: Record<string, unknown>): Subscription {
  return {
    id: r['id'] as string,
    url: r['target_url'] as string,
    eventTypes: r['event_types'] as string[],
    departments: r['departments'] as string[],
    contentMode: r['content_mode'] as ContentMode,
    description: r['description'] as string | null,
    state: r['state'] as SubscriptionState,
    pausedReason: r['paused_reason'] as string | null,
    pausedAt: r['paused_at'] as Date | null,
    failingSince: r['failing_since'] as Date | null,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as Date,
    updatedAt: r['updated_at'] as Date,
    deletedAt: r['deleted_at'] as Date | null,
  };
}

/**
 * Subscriptions and the audit log of every admin action on them. Each mutation and its audit row
 * are written in one transaction: there is no change without its record, nor a record of a change
 * that did not happen.
 */
@Injectable()
export class SubscriptionRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async create(s: NewSubscription, actor: string): Promise<Subscription> {
    return this.ds.transaction(async (tx) => {
      const [row] = await queryRows<Record<string, unknown>>(
        tx,
        `INSERT INTO webhook_subscriptions (id, target_url, event_types, departments, content_mode, description, secret, state, created_by)
         VALUES ($1, $2, $3::text[], $4::text[], $5, $6, $7, 'active', $8) RETURNING ${COLUMNS}`,
        [
          s.id,
          s.url,
          s.eventTypes,
          s.departments,
          s.contentMode,
          s.description ?? null,
          s.secret,
          s.createdBy,
        ],
      );
      const created = toSubscription(row);
      await audit(tx, actor, 'subscription.created', created.id, {
        url: created.url,
        eventTypes: created.eventTypes,
        departments: created.departments,
        contentMode: created.contentMode,
      });
      return created;
    });
  }

  /** Deleted subscriptions too (`state: 'deleted'`): their history stays readable. */
  async find(id: string): Promise<Subscription | undefined> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1`,
      [id],
    );
    return row ? toSubscription(row) : undefined;
  }

  async findWithSecret(id: string): Promise<SubscriptionWithSecret | undefined> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT ${COLUMNS}, secret FROM webhook_subscriptions WHERE id = $1`,
      [id],
    );
    return row ? { ...toSubscription(row), secret: row['secret'] as string } : undefined;
  }

  /** Oldest first; without a state, every subscription that is not deleted. */
  async list(filter: { state?: SubscriptionState } = {}): Promise<Subscription[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT ${COLUMNS} FROM webhook_subscriptions
        WHERE CASE WHEN $1::text IS NULL THEN state <> 'deleted' ELSE state = $1 END
        ORDER BY created_at, id`,
      [filter.state ?? null],
    );
    return rows.map(toSubscription);
  }

  /** Subscriptions that receive new events (paused ones too: their deliveries wait for resume). */
  async receiving(): Promise<Subscription[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE state IN ('active', 'paused')`,
    );
    return rows.map(toSubscription);
  }

  /**
   * Delete is a state, not a removal: the row, its deliveries and its audit log stay readable;
   * open deliveries are cancelled and no new one is created (DeliveryRepository.insert and
   * redeliver lock the row against this update, so neither slips in beside it). Deleting again
   * changes nothing and writes no second audit entry.
   */
  async delete(id: string, actor: string): Promise<SubscriptionDeletion> {
    return this.ds.transaction(async (tx) => {
      const rows = await queryRows(
        tx,
        `UPDATE webhook_subscriptions SET state = 'deleted', deleted_at = now(), updated_at = now()
          WHERE id = $1 AND state <> 'deleted' RETURNING id`,
        [id],
      );
      if (rows.length === 0) return (await this.stateOf(tx, id)) ? 'already-deleted' : 'not-found';
      const cancelled = await queryRows(
        tx,
        `UPDATE webhook_deliveries SET state = 'cancelled', lease_until = NULL, leased_by = NULL
          WHERE subscription_id = $1 AND state = 'pending' RETURNING id`,
        [id],
      );
      await audit(tx, actor, 'subscription.deleted', id, { cancelledDeliveries: cancelled.length });
      return 'deleted';
    });
  }

  /** Paused → active; waiting deliveries become due at once. */
  async resume(id: string, actor: string): Promise<SubscriptionChange> {
    return this.ds.transaction(async (tx) => {
      const [row] = await queryRows<Record<string, unknown>>(
        tx,
        `UPDATE webhook_subscriptions
            SET state = 'active', paused_reason = NULL, paused_at = NULL, failing_since = NULL, updated_at = now()
          WHERE id = $1 AND state <> 'deleted' RETURNING ${COLUMNS}`,
        [id],
      );
      if (!row) return this.unchanged(tx, id);
      await tx.query(
        `UPDATE webhook_deliveries SET next_attempt_at = now() WHERE subscription_id = $1 AND state = 'pending'`,
        [id],
      );
      await audit(tx, actor, 'subscription.resumed', id, {});
      return { kind: 'changed', subscription: toSubscription(row) };
    });
  }

  async pause(id: string, actor: string): Promise<SubscriptionChange> {
    return this.ds.transaction(async (tx) => {
      const [row] = await queryRows<Record<string, unknown>>(
        tx,
        `UPDATE webhook_subscriptions
            SET state = 'paused', paused_reason = 'paused by ' || $2, paused_at = now(), updated_at = now()
          WHERE id = $1 AND state <> 'deleted' RETURNING ${COLUMNS}`,
        [id, actor],
      );
      if (!row) return this.unchanged(tx, id);
      await audit(tx, actor, 'subscription.paused', id, {});
      return { kind: 'changed', subscription: toSubscription(row) };
    });
  }

  private async unchanged(tx: EntityManager, id: string): Promise<SubscriptionChange> {
    return (await this.stateOf(tx, id)) === 'deleted' ? { kind: 'deleted' } : { kind: 'not-found' };
  }

  private async stateOf(tx: EntityManager, id: string): Promise<SubscriptionState | undefined> {
    const [row] = await queryRows<{ state: SubscriptionState }>(
      tx,
      `SELECT state FROM webhook_subscriptions WHERE id = $1`,
      [id],
    );
    return row?.state;
  }

  async auditLog(
    subscriptionId: string,
  ): Promise<{ at: Date; actor: string; action: string; detail: unknown }[]> {
    return queryRows(
      this.ds,
      `SELECT at, actor, action, detail FROM webhook_audit_log WHERE subscription_id = $1 ORDER BY id`,
      [subscriptionId],
    );
  }
}

export async function audit(
  tx: EntityManager | DataSource,
  actor: string,
  action: string,
  subscriptionId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `INSERT INTO webhook_audit_log (actor, action, subscription_id, detail) VALUES ($1, $2, $3, $4::jsonb)`,
    [actor, action, subscriptionId, JSON.stringify(detail)],
  );
}
