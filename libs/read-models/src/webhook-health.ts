import { queryRows, type Queryable } from '@hub/persistence';

export type WebhookSubscriptionState = 'active' | 'paused' | 'deleted';

/** One webhook subscription and how its deliveries stand, as webhooks publishes it. */
export interface WebhookSubscriptionHealth {
  id: string;
  /** The admin's description of the subscription; null when none was given. */
  description: string | null;
  state: WebhookSubscriptionState;
  /** Only the host of the target: its path or query may carry a token. */
  targetHost: string | null;
  eventTypes: string[];
  departments: string[];
  pausedReason: string | null;
  pausedAt: Date | null;
  /** Since when every attempt failed (cleared by a success); null while deliveries succeed. */
  failingSince: Date | null;
  createdAt: Date;
  /** Deliveries not delivered yet. */
  pending: number;
  /** Of the pending deliveries, those whose last attempt failed. */
  failing: number;
  /** Age of the oldest pending delivery; null with none pending. */
  oldestPendingSeconds: number | null;
  deliveredLast24h: number;
  lastDeliveredAt: Date | null;
  lastError: string | null;
  lastStatus: number | null;
  lastAttemptAt: Date | null;
}

/**
 * Webhooks' published subscription health (schema `webhooks_api`, its migration
 * 1765970000001), typed for ops. Read only through the view: webhooks may change its queue.
 */
export class WebhookHealthReader {
  constructor(private readonly db: Queryable) {}

  /** Every subscription not deleted, the ones in trouble first (most failing, then most pending). */
  async subscriptions(): Promise<WebhookSubscriptionHealth[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT id, description, state, target_host, event_types, departments, paused_reason,
              paused_at, failing_since, created_at, pending, failing,
              EXTRACT(EPOCH FROM now() - oldest_pending_at)::float AS oldest_pending_seconds,
              delivered_24h, last_delivered_at, last_error, last_status, last_attempt_at
         FROM webhooks_api.subscription_health
        WHERE state <> 'deleted'
        ORDER BY failing DESC, pending DESC, created_at, id`,
    );
    return rows.map((r) => ({
      id: r['id'] as string,
      description: r['description'] as string | null,
      state: r['state'] as WebhookSubscriptionState,
      targetHost: r['target_host'] as string | null,
      eventTypes: r['event_types'] as string[],
      departments: r['departments'] as string[],
      pausedReason: r['paused_reason'] as string | null,
      pausedAt: r['paused_at'] as Date | null,
      failingSince: r['failing_since'] as Date | null,
      createdAt: r['created_at'] as Date,
      pending: r['pending'] as number,
      failing: r['failing'] as number,
      oldestPendingSeconds:
        r['oldest_pending_seconds'] === null
          ? null
          : Math.max(0, r['oldest_pending_seconds'] as number),
      deliveredLast24h: r['delivered_24h'] as number,
      lastDeliveredAt: r['last_delivered_at'] as Date | null,
      lastError: r['last_error'] as string | null,
      lastStatus: r['last_status'] as number | null,
      lastAttemptAt: r['last_attempt_at'] as Date | null,
    }));
  }
}
