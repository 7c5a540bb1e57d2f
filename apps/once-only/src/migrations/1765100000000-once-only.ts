import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Once-only: verified registry profiles, durable lookup tasks, mismatches, reusable results, the
 * personal-data access log and per-case reuse accounting. Subjects (personal IDs, enterprise
 * codes) are stored as `subject_hash` (HMAC-SHA256, for lookup) plus `subject_enc` (AES-256-GCM);
 * registry records and declared values are stored encrypted too. Nothing here holds a personal ID
 * in clear.
 */
export class OnceOnly1765100000000 implements MigrationInterface {
  name = 'OnceOnly1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registry_profiles (
        subject_hash   text PRIMARY KEY,
        subject_kind   text NOT NULL CHECK (subject_kind IN ('citizen','enterprise')),
        subject_enc    text NOT NULL,
        registry       text NOT NULL CHECK (registry IN ('population','business')),
        status         text NOT NULL CHECK (status IN ('found','not_found')),
        record_enc     text,
        flags          text[] NOT NULL DEFAULT '{}',
        request_id     text NOT NULL,
        fetched_at     timestamptz NOT NULL,
        lookups        int NOT NULL DEFAULT 1,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX registry_profiles_fetched_at ON registry_profiles (fetched_at)`);
    await q.query(`
      CREATE TABLE profile_lookup_tasks (
        event_id         text PRIMARY KEY,
        case_code        text NOT NULL,
        department       text NOT NULL,
        procedure_code   text NOT NULL,
        subject_hash     text NOT NULL,
        subject_kind     text NOT NULL CHECK (subject_kind IN ('citizen','enterprise')),
        subject_enc      text NOT NULL,
        declared_enc     text NOT NULL,
        state            text NOT NULL CHECK (state IN ('pending','retrying','done','failed')),
        outcome          text,
        attempts         int NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        lease_until      timestamptz,
        leased_by        text,
        last_error_code  text,
        received_at      timestamptz NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        completed_at     timestamptz
      )`);
    await q.query(
      `CREATE INDEX profile_lookup_tasks_due ON profile_lookup_tasks (next_attempt_at) WHERE state IN ('pending','retrying')`,
    );
    await q.query(`CREATE INDEX profile_lookup_tasks_case ON profile_lookup_tasks (case_code)`);
    await q.query(`
      CREATE TABLE profile_mismatches (
        event_id      text NOT NULL,
        field         text NOT NULL,
        case_code     text NOT NULL,
        department    text NOT NULL,
        subject_hash  text NOT NULL,
        registry      text NOT NULL,
        request_id    text NOT NULL,
        recorded_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, field)
      )`);
    await q.query(`CREATE INDEX profile_mismatches_case ON profile_mismatches (case_code)`);
    await q.query(`
      CREATE TABLE reusable_results (
        event_id       text NOT NULL,
        document_no    text NOT NULL,
        owner_hash     text NOT NULL,
        owner_kind     text NOT NULL CHECK (owner_kind IN ('citizen','enterprise')),
        document_code  text NOT NULL,
        document_name  text NOT NULL,
        sha256         text NOT NULL,
        url            text NOT NULL,
        valid_until    timestamptz,
        case_code      text NOT NULL,
        department     text NOT NULL,
        issued_at      timestamptz NOT NULL,
        registered_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, document_no)
      )`);
    await q.query(
      `CREATE INDEX reusable_results_owner ON reusable_results (owner_hash, document_code)`,
    );
    await q.query(`
      CREATE TABLE personal_data_access_log (
        id              bigserial PRIMARY KEY,
        subject_hash    text NOT NULL,
        department      text NOT NULL,
        principal       text NOT NULL,
        purpose         text NOT NULL,
        procedure_code  text,
        action          text NOT NULL,
        fields          text[] NOT NULL,
        request_id      text,
        accessed_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX personal_data_access_log_subject ON personal_data_access_log (subject_hash, accessed_at)`,
    );
    await q.query(`
      CREATE TABLE case_reuse (
        case_code                 text PRIMARY KEY,
        event_id                  text NOT NULL,
        department                text NOT NULL,
        procedure_code            text NOT NULL,
        received_at               timestamptz NOT NULL,
        subject_kind              text,
        subject_hash              text,
        subject_enc               text,
        fields_declared           int NOT NULL DEFAULT 0,
        fields_verified           int,
        fields_matched            int,
        fields_already_verified   int NOT NULL DEFAULT 0,
        documents_total           int NOT NULL DEFAULT 0,
        documents_reused          int NOT NULL DEFAULT 0,
        documents_reused_registered int NOT NULL DEFAULT 0,
        documents_asked_again     int NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX case_reuse_month ON case_reuse (received_at, department)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_reuse`);
    await q.query(`DROP TABLE personal_data_access_log`);
    await q.query(`DROP TABLE reusable_results`);
    await q.query(`DROP TABLE profile_mismatches`);
    await q.query(`DROP TABLE profile_lookup_tasks`);
    await q.query(`DROP TABLE registry_profiles`);
  }
}
