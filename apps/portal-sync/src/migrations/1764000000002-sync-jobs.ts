import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Portal-sync's durable work: one job per accepted event, delivered to the portal in per-case
 * order. Idempotent: databases created before the schema was split by owner got this table from
 * CorePath1764000000000.
 */
export class SyncJobs1764000000002 implements MigrationInterface {
  name = 'SyncJobs1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS portal_sync_jobs (
        event_id            text PRIMARY KEY,
        case_code           text NOT NULL,
        department          text NOT NULL,
        sequence            int NOT NULL,
        event_type          text NOT NULL,
        event               jsonb NOT NULL,
        state               text NOT NULL CHECK (state IN ('pending','retrying','synced','dead')),
        attempts            int NOT NULL DEFAULT 0,
        replay_count        int NOT NULL DEFAULT 0,
        next_attempt_at     timestamptz NOT NULL DEFAULT now(),
        lease_until         timestamptz,
        leased_by           text,
        last_error_code     text,
        last_error_message  text,
        portal_status       text,
        dossier_synced_at   timestamptz,
        accepted_at         timestamptz NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        synced_at           timestamptz,
        dead_at             timestamptz,
        CONSTRAINT portal_sync_jobs_case_sequence UNIQUE (case_code, sequence)
      )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS portal_sync_jobs_due ON portal_sync_jobs (next_attempt_at) WHERE state IN ('pending','retrying')`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS portal_sync_jobs_dead ON portal_sync_jobs (dead_at) WHERE state = 'dead'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE portal_sync_jobs`);
  }
}
