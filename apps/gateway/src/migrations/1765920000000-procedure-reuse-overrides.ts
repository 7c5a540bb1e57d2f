import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An administrator's override of which registered results may stand in for a procedure's
 * documents, where the national catalog's `MAKETQUATHAYTHE` is missing or wrong. Prefill takes
 * the override before the catalog; each change is in `admin_audit_log` in the same transaction.
 */
export class ProcedureReuseOverrides1765920000000 implements MigrationInterface {
  name = 'ProcedureReuseOverrides1765920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE procedure_reuse_overrides (
        procedure_code  text PRIMARY KEY,
        result_codes    text[] NOT NULL,
        reason          text NOT NULL,
        set_by          text NOT NULL,
        set_at          timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE procedure_reuse_overrides`);
  }
}
