import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each electronically issued result document, registered in the portal's national store of
 * digitised results (docs/national-systems.md) as durable work: one row per (event, document
 * number), claimed under a lease like lookups, retried while the store is down, never lost. What
 * is sent holds the owner's ID, so it is kept encrypted (`payload_enc`). Published to ops (case
 * timeline, console) as `once_only_api.result_registrations`, without it.
 */
export class NationalResultRegistrations1765940000000 implements MigrationInterface {
  name = 'NationalResultRegistrations1765940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE national_result_registrations (
        id                  bigserial PRIMARY KEY,
        event_id            text NOT NULL,
        document_no         text NOT NULL,
        case_code           text NOT NULL,
        department          text NOT NULL,
        document_code       text NOT NULL,
        payload_enc         text NOT NULL,
        state               text NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'retrying', 'registered', 'rejected')),
        attempts            int NOT NULL DEFAULT 0,
        next_attempt_at     timestamptz NOT NULL DEFAULT now(),
        lease_until         timestamptz,
        leased_by           text,
        last_error_code     text,
        last_error_message  text,
        registration_id     text,
        created_at          timestamptz NOT NULL DEFAULT now(),
        registered_at       timestamptz,
        UNIQUE (event_id, document_no)
      )`);
    await q.query(`
      CREATE INDEX national_result_registrations_waiting
        ON national_result_registrations (next_attempt_at, created_at)
        WHERE state IN ('pending', 'retrying')`);
    await q.query(`CREATE INDEX national_result_registrations_case
        ON national_result_registrations (case_code)`);
    // New rows and rows made due again wake the worker (libs/durable-work's notify_work_due).
    await q.query(`
      CREATE TRIGGER national_result_registrations_notify_inserted
        AFTER INSERT ON national_result_registrations
        FOR EACH STATEMENT EXECUTE FUNCTION notify_work_due('national_result_registrations_due')`);
    await q.query(`
      CREATE TRIGGER national_result_registrations_notify_made_due
        AFTER UPDATE ON national_result_registrations
        FOR EACH ROW WHEN (NEW.state IN ('pending', 'retrying') AND NEW.lease_until IS NULL
                           AND NEW.next_attempt_at <= now())
        EXECUTE FUNCTION notify_work_due('national_result_registrations_due')`);
    await q.query(`
      CREATE VIEW once_only_api.result_registrations AS
        SELECT case_code, event_id, document_no, document_code, state, attempts, next_attempt_at,
               last_error_code, last_error_message, registration_id, created_at, registered_at
          FROM national_result_registrations`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW once_only_api.result_registrations`);
    await q.query(`DROP TABLE national_result_registrations`);
  }
}
