import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace an event's sync belongs to: the W3C `traceparent` of the span that made its job (the
 * Kafka record's consumer span), so the sync, hours later and in another replica, continues the
 * trace the gateway began. Null when tracing is off or the job was backfilled. Ops reads the trace
 * id (for the case timeline's link to the trace UI).
 */
export class JobTrace1765960000001 implements MigrationInterface {
  name = 'JobTrace1765960000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE portal_sync_jobs ADD COLUMN trace_parent text`);
    await q.query(`
      CREATE OR REPLACE VIEW portal_sync_api.jobs AS
        SELECT event_id, case_code, department, sequence, event_type, state, attempts, replay_count,
               next_attempt_at, (lease_until IS NOT NULL AND lease_until > now()) AS leased,
               last_error_code, last_error_message, portal_status, accepted_at, created_at,
               published_at, synced_at, dead_at, hub_sequence,
               NULLIF(split_part(trace_parent, '-', 2), '') AS trace_id
          FROM portal_sync_jobs`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW portal_sync_api.jobs`);
    await q.query(`
      CREATE VIEW portal_sync_api.jobs AS
        SELECT event_id, case_code, department, sequence, event_type, state, attempts, replay_count,
               next_attempt_at, (lease_until IS NOT NULL AND lease_until > now()) AS leased,
               last_error_code, last_error_message, portal_status, accepted_at, created_at,
               published_at, synced_at, dead_at, hub_sequence
          FROM portal_sync_jobs`);
    await q.query(`ALTER TABLE portal_sync_jobs DROP COLUMN trace_parent`);
  }
}
