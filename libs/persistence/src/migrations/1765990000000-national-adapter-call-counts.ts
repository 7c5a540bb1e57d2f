import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each process's national calls since it started, written with its breaker heartbeat
 * (`BreakerStateReporter`): ops turns them into per-sample deltas for the console's error-rate and
 * latency charts. Cumulative, so a missed heartbeat loses nothing; a restart starts again at 0.
 */
export class NationalAdapterCallCounts1765990000000 implements MigrationInterface {
  name = 'NationalAdapterCallCounts1765990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE national_adapter_states
        ADD COLUMN calls         bigint NOT NULL DEFAULT 0,
        ADD COLUMN failures      bigint NOT NULL DEFAULT 0,
        ADD COLUMN sent          bigint NOT NULL DEFAULT 0,
        ADD COLUMN sent_seconds  double precision NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE national_adapter_states
        DROP COLUMN calls, DROP COLUMN failures, DROP COLUMN sent, DROP COLUMN sent_seconds`);
  }
}
