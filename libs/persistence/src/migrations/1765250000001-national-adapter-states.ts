import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The circuit-breaker state each national adapter process reports (`BreakerStateReporter`).
 * Idempotent: databases created before the schema was split by owner got it from
 * OpsConsole1765250000000.
 */
export class NationalAdapterStates1765250000001 implements MigrationInterface {
  name = 'NationalAdapterStates1765250000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS national_adapter_states (
        adapter       text NOT NULL,
        instance      text NOT NULL,
        service       text NOT NULL,
        state         text NOT NULL CHECK (state IN ('closed','half-open','open')),
        changed_at    timestamptz NOT NULL DEFAULT now(),
        heartbeat_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (adapter, instance)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE national_adapter_states`);
  }
}
