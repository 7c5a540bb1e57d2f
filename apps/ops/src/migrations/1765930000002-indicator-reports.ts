import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly indicator reports ops generates for the month before (docs/indicators.md, "Monthly
 * report"): the scorecard as it stood when generated, kept as sent, never recomputed.
 */
export class IndicatorReports1765930000002 implements MigrationInterface {
  name = 'IndicatorReports1765930000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator_reports (
        month         text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        generated_at  timestamptz NOT NULL DEFAULT now(),
        trigger       text NOT NULL CHECK (trigger IN ('schedule')),
        generated_by  text NOT NULL,
        scorecard     jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE indicator_reports`);
  }
}
