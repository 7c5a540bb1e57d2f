import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sync summary (the 100% target, its gauges and alerts, the console's headline) counted every
 * accepted event joined to its job on each call: 0.35 s at a million events, and it is asked every
 * few seconds. These tables keep the same numbers as they change, so reading them costs the same
 * at any size:
 * - `sync_count_deltas`: every statement that inserts or deletes events, or changes a job's state,
 *   appends its per-department change here (append-only, so writers never wait on each other);
 * - `sync_counts`: the deltas folded in now and then (`PortalSyncJobRepository.compactSyncCounts`);
 *   a reader sums both, in one snapshot, so the figures are exact at any moment;
 * - `unsynced_events`: the accepted events whose job is not synced (or not made yet), for the age
 *   of the oldest one per department through an index instead of a scan.
 *
 * Statement-level triggers with transition tables keep them, inside the writer's transaction, for
 * every code path that writes events or jobs. They count what the old query counted:
 * `case_events LEFT JOIN portal_sync_jobs` by the event's department, pending being the rest.
 */
export class SyncCounts1765600000000 implements MigrationInterface {
  name = 'SyncCounts1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_counts (
        department  text PRIMARY KEY,
        accepted    bigint NOT NULL DEFAULT 0,
        synced      bigint NOT NULL DEFAULT 0,
        retrying    bigint NOT NULL DEFAULT 0,
        dead        bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE sync_count_deltas (
        department  text NOT NULL,
        accepted    int NOT NULL DEFAULT 0,
        synced      int NOT NULL DEFAULT 0,
        retrying    int NOT NULL DEFAULT 0,
        dead        int NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE unsynced_events (
        event_id     text PRIMARY KEY,
        department   text NOT NULL,
        accepted_at  timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX unsynced_events_oldest ON unsynced_events (department, accepted_at)`,
    );
    await q.query(
      `CREATE TYPE sync_counted_event AS (id text, department text, accepted_at timestamptz)`,
    );
    await q.query(`CREATE TYPE sync_state_change AS (event_id text, before text, after text)`);

    // Events inserted (+1) or deleted (-1): the accepted count, and the states of any jobs they
    // already have (none in practice: jobs are made from the published event).
    await q.query(`
      CREATE FUNCTION sync_counts_events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sign int := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
        changed sync_counted_event[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(ROW(id, department, accepted_at)::sync_counted_event) INTO changed FROM new_events;
        ELSE
          SELECT array_agg(ROW(id, department, accepted_at)::sync_counted_event) INTO changed FROM old_events;
        END IF;
        IF changed IS NULL THEN RETURN NULL; END IF;
        WITH c AS (
          SELECT e.id, e.department, e.accepted_at, j.state
            FROM unnest(changed) e LEFT JOIN portal_sync_jobs j ON j.event_id = e.id),
        counted AS (
          INSERT INTO sync_count_deltas (department, accepted, synced, retrying, dead)
          SELECT department, sign * count(*), sign * count(*) FILTER (WHERE state = 'synced'),
                 sign * count(*) FILTER (WHERE state = 'retrying'), sign * count(*) FILTER (WHERE state = 'dead')
            FROM c GROUP BY department),
        gone AS (
          DELETE FROM unsynced_events u USING c WHERE sign < 0 AND u.event_id = c.id)
        INSERT INTO unsynced_events (event_id, department, accepted_at)
        SELECT id, department, accepted_at FROM c
         WHERE sign > 0 AND state IS DISTINCT FROM 'synced'
        ON CONFLICT (event_id) DO NOTHING;
        RETURN NULL;
      END $$`);

    // Jobs inserted, updated or deleted: only a change of state between pending (or no job),
    // retrying, dead and synced counts, and only for jobs whose event is stored. A claim, which
    // changes no state, costs one join of the transition tables and nothing else.
    await q.query(`
      CREATE FUNCTION sync_counts_jobs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed sync_state_change[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(ROW(event_id, NULL, state)::sync_state_change) INTO changed
            FROM new_jobs WHERE state <> 'pending';
        ELSIF TG_OP = 'UPDATE' THEN
          SELECT array_agg(ROW(n.event_id, o.state, n.state)::sync_state_change) INTO changed
            FROM old_jobs o JOIN new_jobs n USING (event_id) WHERE o.state <> n.state;
        ELSE
          SELECT array_agg(ROW(event_id, state, NULL)::sync_state_change) INTO changed
            FROM old_jobs WHERE state <> 'pending';
        END IF;
        IF changed IS NULL THEN RETURN NULL; END IF;
        WITH c AS (
          SELECT e.id, e.department, e.accepted_at, x.before, x.after
            FROM unnest(changed) x JOIN case_events e ON e.id = x.event_id),
        counted AS (
          INSERT INTO sync_count_deltas (department, synced, retrying, dead)
          SELECT department,
                 count(*) FILTER (WHERE after = 'synced') - count(*) FILTER (WHERE before = 'synced'),
                 count(*) FILTER (WHERE after = 'retrying') - count(*) FILTER (WHERE before = 'retrying'),
                 count(*) FILTER (WHERE after = 'dead') - count(*) FILTER (WHERE before = 'dead')
            FROM c GROUP BY department),
        gone AS (
          DELETE FROM unsynced_events u USING c
           WHERE c.after = 'synced' AND c.before IS DISTINCT FROM 'synced' AND u.event_id = c.id)
        INSERT INTO unsynced_events (event_id, department, accepted_at)
        SELECT id, department, accepted_at FROM c
         WHERE c.before = 'synced' AND c.after IS DISTINCT FROM 'synced'
        ON CONFLICT (event_id) DO NOTHING;
        RETURN NULL;
      END $$`);

    // Everything again from the tables themselves: at this migration, after a TRUNCATE, and by
    // hand (SELECT sync_counts_recount()) should they ever be doubted. It blocks writes of events
    // and jobs while it runs, so that no change falls between its reads and its writes.
    await q.query(`
      CREATE FUNCTION sync_counts_recount() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE case_events, portal_sync_jobs IN SHARE MODE;
        DELETE FROM sync_count_deltas;
        DELETE FROM sync_counts;
        DELETE FROM unsynced_events;
        INSERT INTO sync_counts (department, accepted, synced, retrying, dead)
        SELECT e.department, count(*), count(*) FILTER (WHERE j.state = 'synced'),
               count(*) FILTER (WHERE j.state = 'retrying'), count(*) FILTER (WHERE j.state = 'dead')
          FROM case_events e LEFT JOIN portal_sync_jobs j ON j.event_id = e.id
         GROUP BY e.department;
        INSERT INTO unsynced_events (event_id, department, accepted_at)
        SELECT e.id, e.department, e.accepted_at
          FROM case_events e LEFT JOIN portal_sync_jobs j ON j.event_id = e.id
         WHERE j.state IS DISTINCT FROM 'synced';
      END $$`);
    await q.query(`
      CREATE FUNCTION sync_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM sync_counts_recount();
        RETURN NULL;
      END $$`);

    for (const op of ['INSERT', 'DELETE'] as const) {
      const table = op === 'INSERT' ? 'NEW TABLE AS new_events' : 'OLD TABLE AS old_events';
      await q.query(`
        CREATE TRIGGER sync_counts_events_${op.toLowerCase()} AFTER ${op} ON case_events
        REFERENCING ${table} FOR EACH STATEMENT EXECUTE FUNCTION sync_counts_events_changed()`);
    }
    for (const op of ['INSERT', 'UPDATE', 'DELETE'] as const) {
      const tables = {
        INSERT: 'NEW TABLE AS new_jobs',
        UPDATE: 'OLD TABLE AS old_jobs NEW TABLE AS new_jobs',
        DELETE: 'OLD TABLE AS old_jobs',
      }[op];
      await q.query(`
        CREATE TRIGGER sync_counts_jobs_${op.toLowerCase()} AFTER ${op} ON portal_sync_jobs
        REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION sync_counts_jobs_changed()`);
    }
    for (const table of ['case_events', 'portal_sync_jobs']) {
      await q.query(`
        CREATE TRIGGER sync_counts_${table}_truncate AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION sync_counts_truncated()`);
    }
    // The triggers' locks keep writers out until this migration commits, so nothing is missed.
    await q.query(`SELECT sync_counts_recount()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['insert', 'delete']) {
      await q.query(`DROP TRIGGER sync_counts_events_${t} ON case_events`);
    }
    for (const t of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER sync_counts_jobs_${t} ON portal_sync_jobs`);
    }
    for (const table of ['case_events', 'portal_sync_jobs']) {
      await q.query(`DROP TRIGGER sync_counts_${table}_truncate ON ${table}`);
    }
    await q.query(`DROP FUNCTION sync_counts_truncated()`);
    await q.query(`DROP FUNCTION sync_counts_recount()`);
    await q.query(`DROP FUNCTION sync_counts_jobs_changed()`);
    await q.query(`DROP FUNCTION sync_counts_events_changed()`);
    await q.query(`DROP TYPE sync_state_change`);
    await q.query(`DROP TYPE sync_counted_event`);
    await q.query(`DROP TABLE unsynced_events`);
    await q.query(`DROP TABLE sync_count_deltas`);
    await q.query(`DROP TABLE sync_counts`);
  }
}
