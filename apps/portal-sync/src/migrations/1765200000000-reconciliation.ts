import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reconciliation runs (portal read-back): requested by ops or the schedule, run by portal-sync. */
export class Reconciliation1765200000000 implements MigrationInterface {
  name = 'Reconciliation1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reconciliations (
        id             bigserial PRIMARY KEY,
        trigger        text NOT NULL CHECK (trigger IN ('schedule','on-demand')),
        requested_by   text,
        window_from    timestamptz NOT NULL,
        window_to      timestamptz NOT NULL,
        state          text NOT NULL CHECK (state IN ('requested','running','done','failed')),
        requested_at   timestamptz NOT NULL DEFAULT now(),
        started_at     timestamptz,
        finished_at    timestamptz,
        run_by         text,
        checked        int NOT NULL DEFAULT 0,
        matching       int NOT NULL DEFAULT 0,
        repaired       int NOT NULL DEFAULT 0,
        still_failing  int NOT NULL DEFAULT 0,
        skipped        int NOT NULL DEFAULT 0,
        details        jsonb NOT NULL DEFAULT '[]',
        error          text,
        CONSTRAINT reconciliations_window CHECK (window_from < window_to)
      )`);
    await q.query(
      `CREATE INDEX reconciliations_requested ON reconciliations (id) WHERE state = 'requested'`,
    );
    // Reconciliation looks for the cases touched in a window (events accepted or synced in it).
    await q.query(
      `CREATE INDEX portal_sync_jobs_synced_at ON portal_sync_jobs (synced_at) WHERE synced_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX portal_sync_jobs_synced_at`);
    await q.query(`DROP TABLE reconciliations`);
  }
}
