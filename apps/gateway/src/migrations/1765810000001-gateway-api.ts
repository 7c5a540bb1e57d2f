import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the gateway publishes for other apps, in a schema of its own (`gateway_api`): the cases and
 * the events it accepted, as stored. Portal-sync (its backfill, reconciliation) and ops (timeline,
 * indicators, breakdowns) read these views, never the gateway's tables, so the gateway may change
 * its storage while these keep their shape. A migration that changes a column named here recreates
 * the view in the same transaction.
 */
export class GatewayApi1765810000001 implements MigrationInterface {
  name = 'GatewayApi1765810000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA gateway_api`);
    await q.query(`
      CREATE VIEW gateway_api.cases AS
        SELECT case_code, department, procedure_code, status, last_sequence, event_count,
               created_at, updated_at
          FROM cases`);
    await q.query(`
      CREATE VIEW gateway_api.case_events AS
        SELECT id, case_code, department, type, sequence, event_time, payload, accepted_at
          FROM case_events`);
    await q.query(`COMMENT ON SCHEMA gateway_api IS
      'Published by the gateway for other apps: read cases and accepted events only here'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA gateway_api CASCADE`);
  }
}
