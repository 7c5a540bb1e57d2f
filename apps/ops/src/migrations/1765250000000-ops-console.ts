import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ops' samples of the sync summary (the rate over time). (This migration once also created the
 * national adapters' breaker states and portal-sync's attempt log; those moved to their owners'
 * migrations, 1765250000001 and 1765250000002, written so that on a database that ran this one
 * before the split they change nothing.)
 */
export class OpsConsole1765250000000 implements MigrationInterface {
  name = 'OpsConsole1765250000000';

  async up(q: QueryRunner): Promise<void> {
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ops_sync_samples`);
  }
}
