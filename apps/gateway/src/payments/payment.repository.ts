import { Inject, Injectable } from '@nestjs/common';
import { type Queryable, queryRows, withAdvisoryLock } from '@hub/persistence';
import { DataSource, type EntityManager } from 'typeorm';

/** One fee of a payment, as the case's case.received names it; amount in whole VND. */
export interface PaymentFee {
  code: string;
  name: string;
  amount: number;
}

export type PaymentStateName = 'started' | 'confirmed' | 'failed';
export type ConfirmedBy = 'confirm' | 'query';

/** A row of `national_payments`. */
export interface StoredPayment {
  reference: string;
  caseCode: string;
  department: string;
  amount: number;
  fees: PaymentFee[];
  state: PaymentStateName;
  paymentUrl: string | null;
  startedAt: Date;
  /** Why it failed: `refused:<platform code>`, `unavailable`, `not-paid:<state>`, `unknown-at-platform`. */
  failure: string | null;
  transactionId: string | null;
  paidAt: Date | null;
  bank: string | null;
  confirmedBy: ConfirmedBy | null;
  eventId: string | null;
  queryAttempts: number;
  lastQueryAt: Date | null;
  nextQueryAt: Date | null;
}

/** A payment about to be started. */
export interface NewPayment {
  reference: string;
  caseCode: string;
  department: string;
  amount: number;
  fees: PaymentFee[];
  startedAt: Date;
  /** When the QUERY loop first asks the platform, should no CONFIRM have come by then. */
  firstQueryAt: Date;
}

/** A case as a payment needs it: its owner, its case.received `data` and the catalog's name. */
export interface PayableCase {
  caseCode: string;
  department: string;
  /** The stored case.received's `data` (personal data: kept in memory, never logged). */
  received: unknown;
  /** The procedure's name in the national catalog, when the catalog has it. */
  catalogProcedureName: string | null;
}

interface PaymentRow {
  reference: string;
  case_code: string;
  department: string;
  amount: string;
  fees: PaymentFee[];
  state: PaymentStateName;
  payment_url: string | null;
  started_at: Date;
  failure: string | null;
  transaction_id: string | null;
  paid_at: Date | null;
  bank: string | null;
  confirmed_by: ConfirmedBy | null;
  event_id: string | null;
  query_attempts: number;
  last_query_at: Date | null;
  next_query_at: Date | null;
}

const COLUMNS = `reference, case_code, department, amount, fees, state, payment_url, started_at,
  failure, transaction_id, paid_at, bank, confirmed_by, event_id, query_attempts, last_query_at,
  next_query_at`;

function toPayment(row: PaymentRow): StoredPayment {
  return {
    reference: row.reference,
    caseCode: row.case_code,
    department: row.department,
    // bigint comes back as text; amounts stay far below 2^53 (at most 15 digits of VND).
    amount: Number(row.amount),
    fees: row.fees,
    state: row.state,
    paymentUrl: row.payment_url,
    startedAt: row.started_at,
    failure: row.failure,
    transactionId: row.transaction_id,
    paidAt: row.paid_at,
    bank: row.bank,
    confirmedBy: row.confirmed_by,
    eventId: row.event_id,
    queryAttempts: row.query_attempts,
    lastQueryAt: row.last_query_at,
    nextQueryAt: row.next_query_at,
  };
}

/** Advisory lock of the QUERY reconciliation: one replica at a time asks the platform. */
const PAYMENT_QUERY_LOCK = 7_264_506;

/**
 * The fees of a case already paid: by a payment.completed in the case's events (whoever sent
 * it: a department reporting a payment at the counter, or the hub for a confirmed payment) and
 * by the hub's confirmed payments (the same, written in one transaction; read both so that
 * neither alone is trusted to be complete).
 */
const PAID_FEE_CODES = `
  SELECT f ->> 'code' AS code
    FROM case_events e, jsonb_array_elements(e.payload #> '{data,fees}') f
   WHERE e.case_code = $1 AND e.type = 'payment.completed'
  UNION
  SELECT f ->> 'code'
    FROM national_payments p, jsonb_array_elements(p.fees) f
   WHERE p.case_code = $1 AND p.state = 'confirmed'`;

/** A case's payments while the case is locked: what is paid, what is started, a new one. */
export class CasePaymentsLedger {
  constructor(
    private readonly tx: EntityManager,
    readonly caseCode: string,
  ) {}

  async paidFeeCodes(): Promise<Set<string>> {
    const rows = await queryRows<{ code: string | null }>(this.tx, PAID_FEE_CODES, [this.caseCode]);
    return new Set(rows.flatMap((r) => (r.code === null ? [] : [r.code])));
  }

  async started(): Promise<StoredPayment[]> {
    const rows = await queryRows<PaymentRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM national_payments
        WHERE case_code = $1 AND state = 'started' ORDER BY started_at, reference`,
      [this.caseCode],
    );
    return rows.map(toPayment);
  }

  async insert(payment: NewPayment): Promise<void> {
    await this.tx.query(
      `INSERT INTO national_payments (reference, case_code, department, amount, fees, state,
                                      started_at, next_query_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, 'started', $6, $7)`,
      [
        payment.reference,
        payment.caseCode,
        payment.department,
        payment.amount,
        JSON.stringify(payment.fees),
        payment.startedAt,
        payment.firstQueryAt,
      ],
    );
  }
}

/** What the platform said when the payment was confirmed. */
export interface Confirmation {
  transactionId: string;
  /** RFC 3339. */
  paidAt: string;
  bank: string;
  by: ConfirmedBy;
  eventId: string;
}

/**
 * The gateway's `national_payments` table: every statement on it, and the reads of the gateway's
 * own cases and events a payment needs. Payments are keyed by the hub's reference (MaThamChieu).
 */
@Injectable()
export class PaymentRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * The case, its case.received (sequence 1) and the catalog's name of its procedure
   * (`catalog_api`, published by portal-sync). Undefined when the hub has no such case.
   */
  async findCase(caseCode: string): Promise<PayableCase | undefined> {
    const [row] = await queryRows<{
      department: string;
      received: unknown;
      catalog_name: string | null;
    }>(
      this.ds,
      `SELECT c.department, e.payload -> 'data' AS received, p.name AS catalog_name
         FROM cases c
         LEFT JOIN case_events e
           ON e.case_code = c.case_code AND e.sequence = 1 AND e.type = 'case.received'
         LEFT JOIN catalog_api.procedures p ON p.code = e.payload #>> '{data,procedureCode}'
        WHERE c.case_code = $1`,
      [caseCode],
    );
    if (!row) return undefined;
    return {
      caseCode,
      department: row.department,
      received: row.received ?? undefined,
      catalogProcedureName: row.catalog_name,
    };
  }

  /**
   * Runs `work` in one transaction holding the case's row lock, so two requests for the same
   * case cannot both start a payment of the same fee. Short: the platform is called after it.
   */
  withCaseLocked<T>(
    caseCode: string,
    work: (ledger: CasePaymentsLedger) => Promise<T>,
  ): Promise<T> {
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM cases WHERE case_code = $1 FOR UPDATE`, [caseCode]);
      return work(new CasePaymentsLedger(tx, caseCode));
    });
  }

  /** The INIT was taken: where to send the payer. Only while still started. */
  async markInitiated(reference: string, paymentUrl: string): Promise<void> {
    await this.ds.query(
      `UPDATE national_payments SET payment_url = $2, updated_at = now()
        WHERE reference = $1 AND state = 'started'`,
      [reference, paymentUrl],
    );
  }

  /** The INIT was refused or could not be sent: nothing to pay, nothing to ask about. */
  async markInitFailed(reference: string, failure: string): Promise<void> {
    await this.ds.query(
      `UPDATE national_payments
          SET state = 'failed', failure = $2, next_query_at = NULL, updated_at = now()
        WHERE reference = $1 AND state = 'started'`,
      [reference, failure],
    );
  }

  inTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** The payment, locked until the transaction ends (CONFIRMs of it wait on each other). */
  async lockPayment(tx: EntityManager, reference: string): Promise<StoredPayment | undefined> {
    const [row] = await queryRows<PaymentRow>(
      tx,
      `SELECT ${COLUMNS} FROM national_payments WHERE reference = $1 FOR UPDATE`,
      [reference],
    );
    return row ? toPayment(row) : undefined;
  }

  /** The reference of the payment that holds `transactionId`, if any. */
  async referenceOfTransaction(tx: Queryable, transactionId: string): Promise<string | undefined> {
    const [row] = await queryRows<{ reference: string }>(
      tx,
      `SELECT reference FROM national_payments WHERE transaction_id = $1`,
      [transactionId],
    );
    return row?.reference;
  }

  async markConfirmed(tx: EntityManager, reference: string, c: Confirmation): Promise<void> {
    await tx.query(
      `UPDATE national_payments
          SET state = 'confirmed', transaction_id = $2, paid_at = $3, bank = $4,
              confirmed_by = $5, event_id = $6, failure = NULL, next_query_at = NULL,
              updated_at = now()
        WHERE reference = $1`,
      [reference, c.transactionId, c.paidAt, c.bank, c.by, c.eventId],
    );
  }

  /** The platform says the payment failed (CONFIRM with an error, or QUERY). */
  async markFailed(tx: Queryable, reference: string, failure: string): Promise<void> {
    await tx.query(
      `UPDATE national_payments
          SET state = 'failed', failure = $2, next_query_at = NULL, updated_at = now()
        WHERE reference = $1 AND state = 'started'`,
      [reference, failure],
    );
  }

  /** A case's payments, oldest first (the case API). */
  async listForCase(caseCode: string): Promise<StoredPayment[]> {
    const rows = await queryRows<PaymentRow>(
      this.ds,
      `SELECT ${COLUMNS} FROM national_payments WHERE case_code = $1
        ORDER BY started_at, reference`,
      [caseCode],
    );
    return rows.map(toPayment);
  }

  /** Runs `work` holding the QUERY loop's advisory lock; undefined when another replica has it. */
  runExclusive<T>(work: () => Promise<T>): Promise<T | undefined> {
    return withAdvisoryLock(this.ds, PAYMENT_QUERY_LOCK, work);
  }

  /**
   * The started payment due a QUERY soonest (due at or before `dueBy`), its attempt counted and
   * its next QUERY moved to `nextAt(attempt)` before it is asked: a replica that dies mid-call
   * leaves it due again later, never lost. SKIP LOCKED: a payment a CONFIRM is completing right
   * now is not asked about.
   */
  async claimDueQuery(
    dueBy: Date,
    now: Date,
    nextAt: (attempt: number) => Date,
  ): Promise<StoredPayment | undefined> {
    return this.ds.transaction(async (tx) => {
      const [row] = await queryRows<PaymentRow>(
        tx,
        `SELECT ${COLUMNS} FROM national_payments
          WHERE state = 'started' AND next_query_at <= $1
          ORDER BY next_query_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [dueBy],
      );
      if (!row) return undefined;
      const attempt = row.query_attempts + 1;
      const next = nextAt(attempt);
      await tx.query(
        `UPDATE national_payments
            SET query_attempts = $2, last_query_at = $3, next_query_at = $4, updated_at = now()
          WHERE reference = $1`,
        [row.reference, attempt, now, next],
      );
      return { ...toPayment(row), queryAttempts: attempt, lastQueryAt: now, nextQueryAt: next };
    });
  }
}
