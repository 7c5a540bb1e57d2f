import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quarter-hour rollups of the city and department samples, kept as the samples are written, for
 * the 7-day and 30-day charts: a 30-day read of raw samples grouped 518,000 city rows (0.44 s)
 * and, with 30 departments, 1.3 million department rows (1.3 s); the rollups hold 2,880 and
 * 86,400. A rollup keeps what the charts show of its samples: their count and sum of rates (the
 * average), the lowest rate (a dip is never averaged away), the highest counts and backlogs, and
 * the portal's activity summed.
 */
export class OpsSeriesRollups1765970000002 implements MigrationInterface {
  name = 'OpsSeriesRollups1765970000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ops_sync_rollups (
        bucket_at                timestamptz PRIMARY KEY,
        samples                  int NOT NULL,
        rate_sum                 double precision NOT NULL,
        min_rate                 double precision NOT NULL,
        total                    bigint NOT NULL,
        synced                   bigint NOT NULL,
        backlog                  bigint NOT NULL,
        dead                     bigint NOT NULL,
        outbox_backlog           bigint NOT NULL,
        oldest_unsynced_seconds  double precision NOT NULL,
        portal_attempts          bigint NOT NULL,
        portal_failed            bigint NOT NULL,
        portal_synced            bigint NOT NULL,
        portal_wait_sum          double precision NOT NULL,
        portal_wait_synced       bigint NOT NULL,
        portal_wait_max_seconds  double precision
      )`);
    await q.query(`
      CREATE TABLE ops_department_rollups (
        bucket_at   timestamptz NOT NULL,
        department  text NOT NULL,
        samples     int NOT NULL,
        rate_sum    double precision NOT NULL,
        min_rate    double precision NOT NULL,
        total       bigint NOT NULL,
        synced      bigint NOT NULL,
        backlog     bigint NOT NULL,
        PRIMARY KEY (bucket_at, department)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ops_department_rollups`);
    await q.query(`DROP TABLE ops_sync_rollups`);
  }
}
