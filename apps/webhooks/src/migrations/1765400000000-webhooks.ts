import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions, their durable per-event deliveries and the audit log of admin actions.
 * A delivery is unique per (subscription, event): the fan-out consumer may see an event twice,
 * the subscriber gets it once per subscription (plus retries of that one delivery).
 */
export class Webhooks1765400000000 implements MigrationInterface {
  name = 'Webhooks1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id             text PRIMARY KEY,
        target_url     text NOT NULL,
        event_types    text[] NOT NULL,
        departments    text[] NOT NULL,
        content_mode   text NOT NULL CHECK (content_mode IN ('structured', 'binary')),
        secret         text NOT NULL,
        description    text,
        state          text NOT NULL CHECK (state IN ('active', 'paused', 'deleted')),
        paused_reason  text,
        paused_at      timestamptz,
        failing_since  timestamptz,
        created_by     text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        deleted_at     timestamptz
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id               bigserial PRIMARY KEY,
        subscription_id  text NOT NULL REFERENCES webhook_subscriptions (id),
        event_id         text NOT NULL,
        event_type       text NOT NULL,
        case_code        text NOT NULL,
        sequence         int NOT NULL,
        department       text NOT NULL,
        event            jsonb NOT NULL,
        state            text NOT NULL CHECK (state IN ('pending', 'delivered', 'cancelled')),
        attempts         int NOT NULL DEFAULT 0,
        redeliveries     int NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        lease_until      timestamptz,
        leased_by        text,
        last_status      int,
        last_error       text,
        last_attempt_at  timestamptz,
        delivered_at     timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_subscription_event UNIQUE (subscription_id, event_id)
      )`);
    // "Is an earlier event of this case still undelivered?" — asked for every due candidate.
    await q.query(
      `CREATE INDEX webhook_deliveries_open_case ON webhook_deliveries (subscription_id, case_code, sequence) WHERE state = 'pending'`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending'`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, id DESC)`,
    );
    await q.query(`
      CREATE TABLE webhook_audit_log (
        id               bigserial PRIMARY KEY,
        at               timestamptz NOT NULL DEFAULT now(),
        actor            text NOT NULL,
        action           text NOT NULL,
        subscription_id  text,
        detail           jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(
      `CREATE INDEX webhook_audit_log_subscription ON webhook_audit_log (subscription_id, at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_audit_log`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
  }
}
