import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's cases and their events. (This migration once also created the outbox and the
 * sync jobs; those moved to their owners' migrations, 1764000000001 and 1764000000002, which are
 * written so that on a database that ran the old one they change nothing.)
 */
export class CorePath1764000000000 implements MigrationInterface {
  name = 'CorePath1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        case_code        text PRIMARY KEY,
        department       text NOT NULL,
        procedure_code   text,
        status           text,
        status_sequence  int NOT NULL DEFAULT 0,
        last_sequence    int NOT NULL DEFAULT 0,
        event_count      int NOT NULL DEFAULT 0,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cases_department ON cases (department)`);
    await q.query(`
      CREATE TABLE case_events (
        id            text PRIMARY KEY,
        case_code     text NOT NULL REFERENCES cases (case_code),
        department    text NOT NULL,
        type          text NOT NULL,
        sequence      int NOT NULL CHECK (sequence >= 1),
        event_time    timestamptz NOT NULL,
        payload       jsonb NOT NULL,
        content_hash  text NOT NULL,
        accepted_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_events_case_sequence UNIQUE (case_code, sequence)
      )`);
    await q.query(`CREATE INDEX case_events_accepted_at ON case_events (accepted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_events`);
    await q.query(`DROP TABLE cases`);
  }
}
