import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: whoever records an outcome writes the messages to publish in the same
 * transaction; the relay publishes and deletes them. Idempotent: databases created before the
 * schema was split by owner got this table from CorePath1764000000000.
 */
export class Outbox1764000000001 implements MigrationInterface {
  name = 'Outbox1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS outbox (
        id           bigserial PRIMARY KEY,
        lane         int NOT NULL,
        topic        text NOT NULL,
        message_key  text NOT NULL,
        headers      jsonb NOT NULL,
        value        text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS outbox_lane_id ON outbox (lane, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
  }
}
