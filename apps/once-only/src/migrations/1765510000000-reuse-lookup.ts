import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a cited result is held is looked up by owner and document number; without this index
 * the lookup read every result the owner holds (a business may hold thousands).
 */
export class ReuseLookup1765510000000 implements MigrationInterface {
  name = 'ReuseLookup1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX reusable_results_owner_no ON reusable_results (owner_hash, document_no)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reusable_results_owner_no`);
  }
}
