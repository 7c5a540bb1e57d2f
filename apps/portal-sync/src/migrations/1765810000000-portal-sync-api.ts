import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What portal-sync publishes for other apps, in a schema of its own (`portal_sync_api`): views of
 * where each event stands, the sync counts, dead letters, held cases and reconciliation runs, and
 * the two commands another app may give (replay a dead letter, request a reconciliation). Ops
 * reads and acts only through these, never on portal-sync's tables, so portal-sync may change its
 * queue while these keep their shape; a migration that changes a column named here recreates the
 * view in the same transaction. A command is a function: it runs in the caller's transaction, and
 * works while portal-sync is down (its workers pick the change up when they come back).
 */
export class PortalSyncApi1765810000000 implements MigrationInterface {
  name = 'PortalSyncApi1765810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA portal_sync_api`);
    await q.query(`
      CREATE VIEW portal_sync_api.jobs AS
        SELECT event_id, case_code, department, sequence, event_type, state, attempts, replay_count,
               next_attempt_at, (lease_until IS NOT NULL AND lease_until > now()) AS leased,
               last_error_code, last_error_message, portal_status, accepted_at, created_at,
               published_at, synced_at, dead_at
          FROM portal_sync_jobs`);
    await q.query(`
      CREATE VIEW portal_sync_api.attempts AS
        SELECT id, event_id, at, outcome, error_code, error_message, portal_status, operator
          FROM portal_sync_attempts`);
    // Counts over every accepted event (the sync-counts triggers count case_events too), so an
    // event accepted but not yet a job is pending: the rate never looks better than it is. The
    // folded counters plus the changes not yet folded, in one snapshot.
    await q.query(`
      CREATE VIEW portal_sync_api.sync_counts AS
        SELECT c.department, c.total::bigint AS total, c.synced::bigint AS synced,
               (c.total - c.synced - c.retrying - c.dead)::bigint AS pending,
               c.retrying::bigint AS retrying, c.dead::bigint AS dead,
               COALESCE(EXTRACT(EPOCH FROM now() - (
                 SELECT min(u.accepted_at) FROM unsynced_events u WHERE u.department = c.department)), 0)::float
                 AS oldest_unsynced_seconds
          FROM (SELECT department, sum(accepted) AS total, sum(synced) AS synced,
                       sum(retrying) AS retrying, sum(dead) AS dead
                  FROM (SELECT department, accepted, synced, retrying, dead FROM sync_counts
                        UNION ALL
                        SELECT department, accepted, synced, retrying, dead FROM sync_count_deltas) t
                 GROUP BY department HAVING sum(accepted) > 0) c`);
    await q.query(`
      CREATE VIEW portal_sync_api.dead_letters AS
        SELECT j.event_id, j.case_code, j.department, j.sequence, j.event_type, j.attempts,
               j.last_error_code, j.last_error_message, j.dead_at, j.accepted_at,
               (SELECT count(*)::int FROM portal_sync_jobs w
                 WHERE w.case_code = j.case_code AND w.sequence > j.sequence) AS waiting_behind
          FROM portal_sync_jobs j WHERE j.state = 'dead'`);
    // A case waiting for a sequence the hub never received: its lowest unsynced job is not the one
    // after the last synced (synced jobs are always 1..n, only the next one is ever due). The
    // candidates come from the partial indexes of waiting-not-ready and dead jobs, and only their
    // cases are grouped, instead of every job ever made.
    await q.query(`
      CREATE VIEW portal_sync_api.held_cases AS
        WITH candidates AS (
          SELECT DISTINCT w.case_code FROM portal_sync_jobs w
           WHERE ((w.state IN ('pending', 'retrying') AND NOT w.predecessor_synced) OR w.state = 'dead')
             AND w.sequence > 1
             AND NOT EXISTS (SELECT 1 FROM portal_sync_jobs p
                              WHERE p.case_code = w.case_code AND p.sequence = w.sequence - 1))
        SELECT case_code, department, missing_sequence, waiting, oldest_waiting_seconds, waiting_since
          FROM (SELECT case_code, department,
                       COALESCE(max(sequence) FILTER (WHERE state = 'synced'), 0) + 1 AS missing_sequence,
                       min(sequence) FILTER (WHERE state <> 'synced') AS first_waiting,
                       count(*) FILTER (WHERE state <> 'synced')::int AS waiting,
                       min(accepted_at) FILTER (WHERE state <> 'synced') AS waiting_since,
                       EXTRACT(EPOCH FROM now() - min(accepted_at) FILTER (WHERE state <> 'synced'))::float
                         AS oldest_waiting_seconds
                  FROM portal_sync_jobs WHERE case_code IN (SELECT case_code FROM candidates)
                 GROUP BY case_code, department) c
         WHERE first_waiting > missing_sequence`);
    await q.query(`
      CREATE VIEW portal_sync_api.reconciliations AS
        SELECT id::text AS id, trigger, requested_by, window_from, window_to, state, requested_at,
               started_at, finished_at, run_by, checked, matching, repaired, still_failing, skipped,
               error, details
          FROM reconciliations`);
    // A dead job back to pending: it, and the case's later events behind it, are sent again.
    await q.query(`
      CREATE FUNCTION portal_sync_api.replay(p_event_id text, p_department text, p_operator text)
      RETURNS text LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM portal_sync_jobs
          WHERE event_id = p_event_id AND (p_department IS NULL OR department = p_department);
        IF NOT FOUND THEN RETURN 'not-found'; END IF;
        UPDATE portal_sync_jobs
           SET state = 'pending', next_attempt_at = now(), dead_at = NULL, replay_count = replay_count + 1
         WHERE event_id = p_event_id AND state = 'dead';
        IF NOT FOUND THEN RETURN 'not-dead'; END IF;
        INSERT INTO portal_sync_attempts (event_id, outcome, operator)
          VALUES (p_event_id, 'replayed', p_operator);
        RETURN 'replayed';
      END $$`);
    // Portal-sync claims requested runs and works them one at a time.
    await q.query(`
      CREATE FUNCTION portal_sync_api.request_reconciliation(
        p_trigger text, p_requested_by text, p_window_from timestamptz, p_window_to timestamptz)
      RETURNS SETOF portal_sync_api.reconciliations LANGUAGE sql AS $$
        INSERT INTO reconciliations (trigger, requested_by, window_from, window_to, state)
        VALUES (p_trigger, p_requested_by, p_window_from, p_window_to, 'requested')
        RETURNING id::text, trigger, requested_by, window_from, window_to, state, requested_at,
                  started_at, finished_at, run_by, checked, matching, repaired, still_failing,
                  skipped, error, details
      $$`);
    await q.query(`COMMENT ON SCHEMA portal_sync_api IS
      'Published by portal-sync for other apps: read its state and give its commands only here'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA portal_sync_api CASCADE`);
  }
}
