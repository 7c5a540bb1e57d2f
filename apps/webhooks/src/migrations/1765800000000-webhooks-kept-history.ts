import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deleted webhook subscription is a state the API shows (`state: deleted`, with its deliveries
 * and audit log), not a row it hides. This makes the state and its time agree, and repairs what
 * the old delete could leave behind: a delivery created or redelivered while the subscription was
 * being deleted stayed pending for ever, shown as open in a history nobody can act on.
 *
 * Secrets are not rewritten: the hub reads the old base64url form and the new base64 form alike
 * (apps/webhooks/src/delivery/signature.ts), and the stored text stays what the subscriber holds.
 */
export class WebhooksKeptHistory1765800000000 implements MigrationInterface {
  name = 'WebhooksKeptHistory1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE webhook_subscriptions SET deleted_at = updated_at
        WHERE state = 'deleted' AND deleted_at IS NULL`,
    );
    await q.query(`UPDATE webhook_subscriptions SET deleted_at = NULL WHERE state <> 'deleted'`);
    await q.query(`
      ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_deleted_at
        CHECK ((state = 'deleted') = (deleted_at IS NOT NULL))`);
    await q.query(`
      UPDATE webhook_deliveries d SET state = 'cancelled', lease_until = NULL, leased_by = NULL
        FROM webhook_subscriptions s
       WHERE s.id = d.subscription_id AND s.state = 'deleted' AND d.state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE webhook_subscriptions DROP CONSTRAINT IF EXISTS webhook_subscriptions_deleted_at`,
    );
  }
}
