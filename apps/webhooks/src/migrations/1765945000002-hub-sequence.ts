import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliveries of events the hub originates (a payment the national platform confirmed) keep their
 * place in the case's order: after the department's event `sequence`, as `hub_sequence` 1, 2, ...
 * (0 for a department's event). A case is delivered in (sequence, hub_sequence) order.
 */
export class WebhooksHubSequence1765945000002 implements MigrationInterface {
  name = 'WebhooksHubSequence1765945000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_deliveries ADD COLUMN hub_sequence int NOT NULL DEFAULT 0`);
    await q.query(`DROP INDEX webhook_deliveries_open_case`);
    await q.query(
      `CREATE INDEX webhook_deliveries_open_case ON webhook_deliveries (subscription_id, case_code, sequence, hub_sequence) WHERE state = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_deliveries_open_case`);
    await q.query(
      `CREATE INDEX webhook_deliveries_open_case ON webhook_deliveries (subscription_id, case_code, sequence) WHERE state = 'pending'`,
    );
    await q.query(`ALTER TABLE webhook_deliveries DROP COLUMN hub_sequence`);
  }
}
