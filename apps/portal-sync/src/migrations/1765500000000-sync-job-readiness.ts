import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `predecessor_synced` marks the jobs whose case's previous sequence is synced, so the dispatcher
 * finds due jobs through a small index instead of testing every waiting job of a backlog on each
 * claim (which made a claim cost O(backlog)). The flag only narrows the search: the claim still
 * checks the predecessor itself, so a wrong flag can delay a job but never reorder a case.
 */
export class SyncJobReadiness1765500000000 implements MigrationInterface {
  name = 'SyncJobReadiness1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE portal_sync_jobs ADD COLUMN predecessor_synced boolean NOT NULL DEFAULT false`,
    );
    // A job that was ever synced or dead had been due, so its predecessor was synced then.
    await q.query(`
      UPDATE portal_sync_jobs d SET predecessor_synced = true
       WHERE d.sequence = 1 OR d.state IN ('synced', 'dead')
          OR EXISTS (SELECT 1 FROM portal_sync_jobs p
                      WHERE p.case_code = d.case_code AND p.sequence = d.sequence - 1 AND p.state = 'synced')`);
    await q.query(
      `CREATE INDEX portal_sync_jobs_ready ON portal_sync_jobs (next_attempt_at, accepted_at)
        WHERE state IN ('pending', 'retrying') AND predecessor_synced`,
    );
    await q.query(
      `CREATE INDEX portal_sync_jobs_blocked ON portal_sync_jobs (case_code, sequence)
        WHERE state IN ('pending', 'retrying') AND NOT predecessor_synced`,
    );
    // Every due job is in the ready index now; the old one would only cost writes.
    await q.query(`DROP INDEX portal_sync_jobs_due`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX portal_sync_jobs_due ON portal_sync_jobs (next_attempt_at) WHERE state IN ('pending','retrying')`,
    );
    await q.query(`DROP INDEX portal_sync_jobs_blocked`);
    await q.query(`DROP INDEX portal_sync_jobs_ready`);
    await q.query(`ALTER TABLE portal_sync_jobs DROP COLUMN predecessor_synced`);
  }
}
