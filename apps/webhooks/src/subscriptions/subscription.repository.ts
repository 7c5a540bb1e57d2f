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
}

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
  paused_reason, paused_at, failing_since, created_by, created_at, updated_at`;

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

  async find(id: string): Promise<Subscription | undefined> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1 AND state <> 'deleted'`,
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

  async list(): Promise<Subscription[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE state <> 'deleted' ORDER BY created_at, id`,
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

  /** Soft delete: the row stays for the delivery log and audit; open deliveries are cancelled. */
  async delete(id: string, actor: string): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      const rows = await queryRows(
        tx,
        `UPDATE webhook_subscriptions SET state = 'deleted', deleted_at = now(), updated_at = now()
          WHERE id = $1 AND state <> 'deleted' RETURNING id`,
        [id],
      );
      if (rows.length === 0) return false;
      const cancelled = await queryRows(
        tx,
        `UPDATE webhook_deliveries SET state = 'cancelled', lease_until = NULL, leased_by = NULL
          WHERE subscription_id = $1 AND state = 'pending' RETURNING id`,
        [id],
      );
      await audit(tx, actor, 'subscription.deleted', id, { cancelledDeliveries: cancelled.length });
      return true;
    });
  }

  /** Paused → active; waiting deliveries become due at once. */
  async resume(id: string, actor: string): Promise<Subscription | undefined> {
    return this.ds.transaction(async (tx) => {
      const [row] = await queryRows<Record<string, unknown>>(
        tx,
        `UPDATE webhook_subscriptions
            SET state = 'active', paused_reason = NULL, paused_at = NULL, failing_since = NULL, updated_at = now()
          WHERE id = $1 AND state <> 'deleted' RETURNING ${COLUMNS}`,
        [id],
      );
      if (!row) return undefined;
      await tx.query(
        `UPDATE webhook_deliveries SET next_attempt_at = now() WHERE subscription_id = $1 AND state = 'pending'`,
        [id],
      );
      await audit(tx, actor, 'subscription.resumed', id, {});
      return toSubscription(row);
    });
  }

  async pause(id: string, actor: string): Promise<Subscription | undefined> {
    return this.ds.transaction(async (tx) => {
      const [row] = await queryRows<Record<string, unknown>>(
        tx,
        `UPDATE webhook_subscriptions
            SET state = 'paused', paused_reason = 'paused by ' || $2, paused_at = now(), updated_at = now()
          WHERE id = $1 AND state <> 'deleted' RETURNING ${COLUMNS}`,
        [id, actor],
      );
      if (!row) return undefined;
      await audit(tx, actor, 'subscription.paused', id, {});
      return toSubscription(row);
    });
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
