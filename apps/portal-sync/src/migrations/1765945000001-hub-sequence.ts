import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Jobs of events the hub originates (a payment the national platform confirmed): such an event
 * follows the department's event `sequence` as `hub_sequence` 1, 2, ...; a department's job has 0.
 * A case syncs in (sequence, hub_sequence) order.
 *
 * Sequence gaps (held cases) are the department's: a hub job never makes or fills one, so the
 * triggers look at department jobs only. A dead letter's "waiting behind" counts by the full order.
 */
export class HubSequence1765945000001 implements MigrationInterface {
  name = 'HubSequence1765945000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE portal_sync_jobs ADD COLUMN hub_sequence int NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE portal_sync_jobs DROP CONSTRAINT portal_sync_jobs_case_sequence`);
    await q.query(`ALTER TABLE portal_sync_jobs ADD CONSTRAINT portal_sync_jobs_case_sequence
      UNIQUE (case_code, sequence, hub_sequence)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION sync_sequence_gaps_job_made() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.hub_sequence > 0 THEN RETURN NULL; END IF;
        IF NEW.sequence > 1 AND NOT EXISTS (SELECT 1 FROM portal_sync_jobs p
                                             WHERE p.case_code = NEW.case_code AND p.sequence = NEW.sequence - 1
                                               AND p.hub_sequence = 0) THEN
          INSERT INTO sync_sequence_gaps (case_code, sequence) VALUES (NEW.case_code, NEW.sequence)
          ON CONFLICT DO NOTHING;
        END IF;
        DELETE FROM sync_sequence_gaps g WHERE g.case_code = NEW.case_code AND g.sequence = NEW.sequence + 1;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION sync_sequence_gaps_job_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.hub_sequence > 0 THEN RETURN NULL; END IF;
        DELETE FROM sync_sequence_gaps g WHERE g.case_code = OLD.case_code AND g.sequence = OLD.sequence;
        INSERT INTO sync_sequence_gaps (case_code, sequence)
        SELECT n.case_code, n.sequence FROM portal_sync_jobs n
         WHERE n.case_code = OLD.case_code AND n.sequence = OLD.sequence + 1 AND n.hub_sequence = 0
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE VIEW portal_sync_api.dead_letters AS
        SELECT j.event_id, j.case_code, j.department, j.sequence, j.event_type, j.attempts,
               j.last_error_code, j.last_error_message, j.dead_at, j.accepted_at,
               (SELECT count(*)::int FROM portal_sync_jobs w
                 WHERE w.case_code = j.case_code
                   AND (w.sequence, w.hub_sequence) > (j.sequence, j.hub_sequence)) AS waiting_behind,
               j.hub_sequence
          FROM portal_sync_jobs j WHERE j.state = 'dead'`);
    await q.query(`
      CREATE OR REPLACE VIEW portal_sync_api.jobs AS
        SELECT event_id, case_code, department, sequence, event_type, state, attempts, replay_count,
               next_attempt_at, (lease_until IS NOT NULL AND lease_until > now()) AS leased,
               last_error_code, last_error_message, portal_status, accepted_at, created_at,
               published_at, synced_at, dead_at, hub_sequence
          FROM portal_sync_jobs`);
  }

  /** Forward only: without the column, a hub job would collide with its anchor's department job. */
  down(): Promise<void> {
    return Promise.reject(new Error(`${this.name} is forward only`));
  }
}
