import type { MigrationInterface, QueryRunner } from 'typeorm';

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
    await q.query(`
      CREATE TABLE outbox (
        id           bigserial PRIMARY KEY,
        lane         int NOT NULL,
        topic        text NOT NULL,
        message_key  text NOT NULL,
        headers      jsonb NOT NULL,
        value        text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outbox_lane_id ON outbox (lane, id)`);
    await q.query(`
      CREATE TABLE portal_sync_jobs (
        event_id            text PRIMARY KEY,
        case_code           text NOT NULL,
        department          text NOT NULL,
        sequence            int NOT NULL,
        event_type          text NOT NULL,
        event               jsonb NOT NULL,
        state               text NOT NULL CHECK (state IN ('pending','retrying','synced','dead')),
        attempts            int NOT NULL DEFAULT 0,
        replay_count        int NOT NULL DEFAULT 0,
        next_attempt_at     timestamptz NOT NULL DEFAULT now(),
        lease_until         timestamptz,
        leased_by           text,
        last_error_code     text,
        last_error_message  text,
        portal_status       text,
        dossier_synced_at   timestamptz,
        accepted_at         timestamptz NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        synced_at           timestamptz,
        dead_at             timestamptz,
        CONSTRAINT portal_sync_jobs_case_sequence UNIQUE (case_code, sequence)
      )`);
    await q.query(
      `CREATE INDEX portal_sync_jobs_due ON portal_sync_jobs (next_attempt_at) WHERE state IN ('pending','retrying')`,
    );
    await q.query(
      `CREATE INDEX portal_sync_jobs_dead ON portal_sync_jobs (dead_at) WHERE state = 'dead'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE portal_sync_jobs`);
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE case_events`);
    await q.query(`DROP TABLE cases`);
  }
}
