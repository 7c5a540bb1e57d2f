import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DepartmentKeys1765300000000 implements MigrationInterface {
  name = 'DepartmentKeys1765300000000';

  async up(q: QueryRunner): Promise<void> {
    // Only the SHA-256 of a key is kept; the key itself is shown once, to the admin who made it.
    await q.query(`
      CREATE TABLE department_keys (
        key_id                 text PRIMARY KEY,
        department             text NOT NULL,
        label                  text NOT NULL,
        secret_hash            bytea NOT NULL,
        rate_limit_per_second  double precision CHECK (rate_limit_per_second > 0),
        rate_limit_burst       int CHECK (rate_limit_burst >= 1),
        created_by             text NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        expires_at             timestamptz,
        revoked_at             timestamptz,
        revoked_by             text,
        rotated_from           text REFERENCES department_keys (key_id),
        rotated_to             text REFERENCES department_keys (key_id),
        CONSTRAINT department_keys_rate_limit_pair
          CHECK ((rate_limit_per_second IS NULL) = (rate_limit_burst IS NULL))
      )`);
    await q.query(
      `CREATE INDEX department_keys_department ON department_keys (department, created_at)`,
    );
    await q.query(`
      CREATE TABLE admin_audit_log (
        id       bigserial PRIMARY KEY,
        at       timestamptz NOT NULL DEFAULT now(),
        actor    text NOT NULL,
        action   text NOT NULL,
        target   text NOT NULL,
        details  jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX admin_audit_log_target ON admin_audit_log (target, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_audit_log`);
    await q.query(`DROP TABLE department_keys`);
  }
}
