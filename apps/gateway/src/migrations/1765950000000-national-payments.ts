import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments the hub starts on the national payment platform for a department's case (INIT), and
 * what became of each: confirmed by the platform's CONFIRM or by the hub's own QUERY, or failed.
 * `transaction_id` (MaGiaoDich) is unique: a CONFIRM is taken once, however often it comes.
 * The payer's name and ID go to the platform in the INIT and are not kept here: the case's own
 * case.received already holds them (Law 91/2025: keep no more copies than the purpose needs).
 */
export class NationalPayments1765950000000 implements MigrationInterface {
  name = 'NationalPayments1765950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE national_payments (
        reference       text PRIMARY KEY CHECK (reference ~ '^[A-Za-z0-9._-]{1,50}$'),
        case_code       text NOT NULL REFERENCES cases (case_code),
        department      text NOT NULL,
        amount          bigint NOT NULL CHECK (amount > 0),
        fees            jsonb NOT NULL CHECK (jsonb_typeof(fees) = 'array'),
        state           text NOT NULL CHECK (state IN ('started', 'confirmed', 'failed')),
        payment_url     text,
        started_at      timestamptz NOT NULL,
        failure         text,
        transaction_id  text UNIQUE,
        paid_at         timestamptz,
        bank            text,
        confirmed_by    text CHECK (confirmed_by IN ('confirm', 'query')),
        event_id        text,
        query_attempts  int NOT NULL DEFAULT 0,
        last_query_at   timestamptz,
        next_query_at   timestamptz,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT national_payments_confirmed CHECK (
          state <> 'confirmed' OR (transaction_id IS NOT NULL AND paid_at IS NOT NULL
                                   AND confirmed_by IS NOT NULL AND event_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX national_payments_case ON national_payments (case_code)`);
    // The QUERY loop's claim: only payments still waiting, by when they are due.
    await q.query(`
      CREATE INDEX national_payments_query_due ON national_payments (next_query_at)
        WHERE state = 'started'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE national_payments`);
  }
}
