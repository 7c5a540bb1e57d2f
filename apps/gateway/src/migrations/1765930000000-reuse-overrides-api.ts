import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrators' reuse overrides, published for ops: whether a procedure is "restructured on
 * data" (docs/indicators.md) depends on the reuse links in force, and an override replaces the
 * catalog's. Only the procedure and its result codes: who set it and why stay in the audit log.
 */
export class ReuseOverridesApi1765930000000 implements MigrationInterface {
  name = 'ReuseOverridesApi1765930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW gateway_api.procedure_reuse_overrides AS
        SELECT procedure_code, result_codes FROM procedure_reuse_overrides`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW gateway_api.procedure_reuse_overrides`);
  }
}
