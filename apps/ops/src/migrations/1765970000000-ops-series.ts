import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the console's range charts read (1 h to 30 days): the city sample gains the portal's
 * activity since the sample before (attempts, failures, how long synced events waited), the
 * departments get samples of their own, and the national adapters' breakers a log of state
 * changes. Samples are written every OPS_SAMPLE_MS (5 s), so a 20-second outage shows; a range
 * read is one index range scan on `sampled_at` (the primary keys), grouped into buckets.
 *
 * `portal_attempt_cursor` is the highest portal attempt id the sample counted: the next sample
 * counts from there, so two ops replicas sampling at once count each attempt once (the second
 * write of a bucket is dropped, and both computed it from the same previous row).
 */
export class OpsSeries1765970000000 implements MigrationInterface {
  name = 'OpsSeries1765970000000';

  async up(q: QueryRunner): Promise<void> {
    // Appended with defaults: the old positional inserts (8 values) keep working.
    await q.query(`
      ALTER TABLE ops_sync_samples
        ADD COLUMN taken_at                 timestamptz,
        ADD COLUMN portal_attempt_cursor    bigint,
        ADD COLUMN portal_attempts          int NOT NULL DEFAULT 0,
        ADD COLUMN portal_failed            int NOT NULL DEFAULT 0,
        ADD COLUMN portal_synced            int NOT NULL DEFAULT 0,
        ADD COLUMN portal_wait_avg_seconds  double precision,
        ADD COLUMN portal_wait_max_seconds  double precision`);
    await q.query(`
      CREATE TABLE ops_department_samples (
        sampled_at  timestamptz NOT NULL,
        department  text NOT NULL,
        total       bigint NOT NULL,
        synced      bigint NOT NULL,
        dead        bigint NOT NULL,
        PRIMARY KEY (sampled_at, department)
      )`);
    await q.query(`
      CREATE TABLE ops_adapter_state_changes (
        id       bigserial PRIMARY KEY,
        adapter  text NOT NULL,
        state    text NOT NULL CHECK (state IN ('closed', 'half-open', 'open', 'unknown')),
        at       timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX ops_adapter_state_changes_adapter_at ON ops_adapter_state_changes (adapter, at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ops_adapter_state_changes`);
    await q.query(`DROP TABLE ops_department_samples`);
    await q.query(`
      ALTER TABLE ops_sync_samples
        DROP COLUMN taken_at, DROP COLUMN portal_attempt_cursor, DROP COLUMN portal_attempts,
        DROP COLUMN portal_failed, DROP COLUMN portal_synced, DROP COLUMN portal_wait_avg_seconds,
        DROP COLUMN portal_wait_max_seconds`);
  }
}
