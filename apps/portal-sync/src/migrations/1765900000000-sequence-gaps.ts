import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The held-cases view as it reads from `sync_sequence_gaps`; only its candidates changed. */
const HELD_CASES_FROM = (candidates: string): string => `
  CREATE OR REPLACE VIEW portal_sync_api.held_cases AS
    WITH candidates AS (${candidates})
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
     WHERE first_waiting > missing_sequence`;

/**
 * Held cases (a sequence the hub never received) were found by testing every waiting job's
 * predecessor: every job of a backlog waits behind its case's previous one, so the count cost one
 * index probe per waiting job — 0.4 s at 600,000 waiting on a quiet machine, and past the 10 s
 * statement timeout under the benchmark's load, where the sync summary answered 503 exactly when
 * operators need it. `sync_sequence_gaps` keeps the jobs whose previous sequence has no job, as
 * jobs are made and deleted, so the view reads only those.
 *
 * Row triggers keep it inside the writer's transaction. Two transactions making a case's
 * neighbouring jobs at once can leave a gap row whose predecessor does exist (neither saw the
 * other); the view checks each row again, and the ready sweep deletes such rows. The other way
 * round cannot happen: a job's predecessor only disappears through a delete, which the delete
 * trigger records.
 */
export class SequenceGaps1765900000000 implements MigrationInterface {
  name = 'SequenceGaps1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_sequence_gaps (
        case_code  text NOT NULL,
        sequence   int NOT NULL,
        PRIMARY KEY (case_code, sequence)
      )`);
    await q.query(`
      CREATE FUNCTION sync_sequence_gaps_job_made() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.sequence > 1 AND NOT EXISTS (SELECT 1 FROM portal_sync_jobs p
                                             WHERE p.case_code = NEW.case_code AND p.sequence = NEW.sequence - 1) THEN
          INSERT INTO sync_sequence_gaps (case_code, sequence) VALUES (NEW.case_code, NEW.sequence)
          ON CONFLICT DO NOTHING;
        END IF;
        DELETE FROM sync_sequence_gaps g WHERE g.case_code = NEW.case_code AND g.sequence = NEW.sequence + 1;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION sync_sequence_gaps_job_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM sync_sequence_gaps g WHERE g.case_code = OLD.case_code AND g.sequence = OLD.sequence;
        INSERT INTO sync_sequence_gaps (case_code, sequence)
        SELECT n.case_code, n.sequence FROM portal_sync_jobs n
         WHERE n.case_code = OLD.case_code AND n.sequence = OLD.sequence + 1
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sync_sequence_gaps_insert AFTER INSERT ON portal_sync_jobs
      FOR EACH ROW EXECUTE FUNCTION sync_sequence_gaps_job_made()`);
    await q.query(`
      CREATE TRIGGER sync_sequence_gaps_delete AFTER DELETE ON portal_sync_jobs
      FOR EACH ROW EXECUTE FUNCTION sync_sequence_gaps_job_deleted()`);
    await q.query(`
      CREATE FUNCTION sync_sequence_gaps_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM sync_sequence_gaps;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sync_sequence_gaps_truncate AFTER TRUNCATE ON portal_sync_jobs
      FOR EACH STATEMENT EXECUTE FUNCTION sync_sequence_gaps_truncated()`);
    // The triggers' locks keep writers out until this migration commits, so nothing is missed.
    await q.query(`LOCK TABLE portal_sync_jobs IN SHARE MODE`);
    await q.query(`
      INSERT INTO sync_sequence_gaps (case_code, sequence)
      SELECT j.case_code, j.sequence FROM portal_sync_jobs j
       WHERE j.sequence > 1
         AND NOT EXISTS (SELECT 1 FROM portal_sync_jobs p
                          WHERE p.case_code = j.case_code AND p.sequence = j.sequence - 1)`);
    await q.query(
      HELD_CASES_FROM(`
        SELECT DISTINCT g.case_code FROM sync_sequence_gaps g
         WHERE NOT EXISTS (SELECT 1 FROM portal_sync_jobs p
                            WHERE p.case_code = g.case_code AND p.sequence = g.sequence - 1)`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      HELD_CASES_FROM(`
        SELECT DISTINCT w.case_code FROM portal_sync_jobs w
         WHERE ((w.state IN ('pending', 'retrying') AND NOT w.predecessor_synced) OR w.state = 'dead')
           AND w.sequence > 1
           AND NOT EXISTS (SELECT 1 FROM portal_sync_jobs p
                            WHERE p.case_code = w.case_code AND p.sequence = w.sequence - 1)`),
    );
    await q.query(`DROP TRIGGER sync_sequence_gaps_truncate ON portal_sync_jobs`);
    await q.query(`DROP TRIGGER sync_sequence_gaps_delete ON portal_sync_jobs`);
    await q.query(`DROP TRIGGER sync_sequence_gaps_insert ON portal_sync_jobs`);
    await q.query(`DROP FUNCTION sync_sequence_gaps_truncated()`);
    await q.query(`DROP FUNCTION sync_sequence_gaps_job_deleted()`);
    await q.query(`DROP FUNCTION sync_sequence_gaps_job_made()`);
    await q.query(`DROP TABLE sync_sequence_gaps`);
  }
}
