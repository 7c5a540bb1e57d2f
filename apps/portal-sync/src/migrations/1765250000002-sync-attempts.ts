import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per portal attempt or replay (a case's timeline), and when Kafka delivered each job's
 * record. Idempotent: databases created before the schema was split by owner got these from
 * OpsConsole1765250000000.
 */
export class SyncAttempts1765250000002 implements MigrationInterface {
  name = 'SyncAttempts1765250000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS portal_sync_attempts (
        id             bigserial PRIMARY KEY,
        event_id       text NOT NULL,
        at             timestamptz NOT NULL DEFAULT now(),
        outcome        text NOT NULL CHECK (outcome IN ('synced','retrying','dead','replayed')),
        error_code     text,
        error_message  text,
        portal_status  text,
        operator       text
      )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS portal_sync_attempts_event ON portal_sync_attempts (event_id, id)`,
    );
    await q.query(`ALTER TABLE portal_sync_jobs ADD COLUMN IF NOT EXISTS published_at timestamptz`);
    // The partial index on synced_at the console's throughput queries use comes with the
    // reconciliation migration (1765200000000), which runs first.
    await q.query(
      `CREATE INDEX IF NOT EXISTS portal_sync_jobs_case ON portal_sync_jobs (case_code)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX portal_sync_jobs_case`);
    await q.query(`ALTER TABLE portal_sync_jobs DROP COLUMN published_at`);
    await q.query(`DROP TABLE portal_sync_attempts`);
  }
}
