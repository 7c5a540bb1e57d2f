import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What once-only publishes for other apps (`once_only_api`): per case, whether the applicant was
 * asked again for what the hub already held. Ops' "business information given once" indicator
 * reads it (docs/indicators.md). No subject hash or encrypted id leaves once-only's tables.
 */
export class OnceOnlyApi1765930000001 implements MigrationInterface {
  name = 'OnceOnlyApi1765930000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA once_only_api`);
    await q.query(`
      CREATE VIEW once_only_api.case_reuse AS
        SELECT case_code, department, procedure_code, received_at, subject_kind,
               documents_total, documents_reused, documents_asked_again, fields_already_verified
          FROM case_reuse`);
    await q.query(`COMMENT ON SCHEMA once_only_api IS
      'Published by once-only for other apps: read reuse accounting only here'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA once_only_api CASCADE`);
  }
}
