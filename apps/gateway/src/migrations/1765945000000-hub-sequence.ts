import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events the hub originates in a case (a payment the national platform confirmed) take their
 * place after the department's last accepted event: the same `sequence` and a `hub_sequence` of
 * 1, 2, ... A department's events keep `hub_sequence` 0, so its numbers stay its own and the
 * case's order is (sequence, hub_sequence). The published view gains the column.
 */
export class HubSequence1765945000000 implements MigrationInterface {
  name = 'HubSequence1765945000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events ADD COLUMN hub_sequence int NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE case_events DROP CONSTRAINT case_events_case_sequence`);
    await q.query(`ALTER TABLE case_events ADD CONSTRAINT case_events_case_sequence
      UNIQUE (case_code, sequence, hub_sequence)`);
    await q.query(`
      CREATE OR REPLACE VIEW gateway_api.case_events AS
        SELECT id, case_code, department, type, sequence, event_time, payload, accepted_at,
               hub_sequence
          FROM case_events`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW gateway_api.case_events`);
    await q.query(`
      CREATE VIEW gateway_api.case_events AS
        SELECT id, case_code, department, type, sequence, event_time, payload, accepted_at
          FROM case_events`);
    await q.query(`DELETE FROM case_events WHERE hub_sequence > 0`);
    await q.query(`ALTER TABLE case_events DROP CONSTRAINT case_events_case_sequence`);
    await q.query(`ALTER TABLE case_events ADD CONSTRAINT case_events_case_sequence
      UNIQUE (case_code, sequence)`);
    await q.query(`ALTER TABLE case_events DROP COLUMN hub_sequence`);
  }
}
