import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The national adapters' calls over time, for the console's error-rate and latency charts. The
 * processes report running totals (`national_adapter_states.calls` and friends); ops keeps the
 * totals it last counted per process (`ops_adapter_call_cursors`) and writes what each adapter
 * gained since, summed over its processes, per OPS_SAMPLE_MS bucket and per quarter hour (the 7-
 * and 30-day charts). Replicas take an advisory lock and add to a bucket, so a call is counted
 * once whichever replica saw it first.
 */
export class OpsAdapterCalls1765990000001 implements MigrationInterface {
  name = 'OpsAdapterCalls1765990000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ops_adapter_call_cursors (
        adapter       text NOT NULL,
        instance      text NOT NULL,
        calls         bigint NOT NULL,
        failures      bigint NOT NULL,
        sent          bigint NOT NULL,
        sent_seconds  double precision NOT NULL,
        PRIMARY KEY (adapter, instance)
      )`);
    for (const [table, at] of [
      ['ops_adapter_call_samples', 'sampled_at'],
      ['ops_adapter_call_rollups', 'bucket_at'],
    ] as const) {
      await q.query(`
        CREATE TABLE ${table} (
          ${at}         timestamptz NOT NULL,
          adapter       text NOT NULL,
          calls         bigint NOT NULL,
          failures      bigint NOT NULL,
          sent          bigint NOT NULL,
          sent_seconds  double precision NOT NULL,
          PRIMARY KEY (${at}, adapter)
        )`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ops_adapter_call_rollups`);
    await q.query(`DROP TABLE ops_adapter_call_samples`);
    await q.query(`DROP TABLE ops_adapter_call_cursors`);
  }
}
