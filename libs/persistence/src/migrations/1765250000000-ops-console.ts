import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the operations console needs beyond the core path: the circuit-breaker state each
 * national adapter process reports, samples of the sync summary (the rate over time), one row per
 * portal attempt or replay (a case's timeline), and when Kafka delivered each job's record.
 */
export class OpsConsole1765250000000 implements MigrationInterface {
  name = 'OpsConsole1765250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE national_adapter_states (
        adapter       text NOT NULL,
        instance      text NOT NULL,
        service       text NOT NULL,
        state         text NOT NULL CHECK (state IN ('closed','half-open','open')),
        changed_at    timestamptz NOT NULL DEFAULT now(),
        heartbeat_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (adapter, instance)
      )`);
    await q.query(`
      CREATE TABLE ops_sync_samples (
        sampled_at               timestamptz PRIMARY KEY,
        total                    int NOT NULL,
        synced                   int NOT NULL,
        pending                  int NOT NULL,
        retrying                 int NOT NULL,
        dead                     int NOT NULL,
        oldest_unsynced_seconds  double precision NOT NULL,
        outbox_backlog           int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE portal_sync_attempts (
        id             bigserial PRIMARY KEY,
        event_id       text NOT NULL,
        at             timestamptz NOT NULL DEFAULT now(),
        outcome        text NOT NULL CHECK (outcome IN ('synced','retrying','dead','replayed')),
        error_code     text,
        error_message  text,
        portal_status  text,
        operator       text
      )`);
    await q.query(`CREATE INDEX portal_sync_attempts_event ON portal_sync_attempts (event_id, id)`);
    await q.query(`ALTER TABLE portal_sync_jobs ADD COLUMN published_at timestamptz`);
    // The partial index on synced_at the console's throughput queries use comes with the
    // reconciliation migration (1765200000000), which runs first.
    await q.query(`CREATE INDEX portal_sync_jobs_case ON portal_sync_jobs (case_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX portal_sync_jobs_case`);
    await q.query(`ALTER TABLE portal_sync_jobs DROP COLUMN published_at`);
    await q.query(`DROP TABLE portal_sync_attempts`);
    await q.query(`DROP TABLE ops_sync_samples`);
    await q.query(`DROP TABLE national_adapter_states`);
  }
}
