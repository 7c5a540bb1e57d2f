import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { PaymentRepository, type StoredPayment } from '../../payments/payment.repository';

/** A payment of the case through the national payment platform. */
export interface CasePaymentView {
  reference: string;
  state: 'started' | 'confirmed' | 'failed';
  amount: number;
  fees: { code: string; name: string; amount: number }[];
  startedAt: string;
  confirmedBy: 'confirm' | 'query' | null;
  paidAt: string | null;
  transactionId: string | null;
}

export interface CaseView {
  caseCode: string;
  department: string;
  status: string | null;
  lastSequence: number;
  sync: { total: number; synced: number };
  payments: CasePaymentView[];
  events: {
    id: string;
    type: string;
    sequence: number;
    /** Only on an event the hub originated: its place after department event `sequence`. */
    hubSequence?: number;
    time: string;
    acceptedAt: string;
    sync: {
      state: 'pending' | 'retrying' | 'synced' | 'dead';
      attempts: number;
      lastError: { code: string; message: string | null } | null;
      syncedAt: string | null;
      nextAttemptAt: string | null;
    };
  }[];
}

interface Row {
  id: string;
  type: string;
  sequence: number;
  hub_sequence: number;
  event_time: Date;
  accepted_at: Date;
  state: 'pending' | 'retrying' | 'synced' | 'dead' | null;
  attempts: number | null;
  last_error_code: string | null;
  last_error_message: string | null;
  synced_at: Date | null;
  next_attempt_at: Date | null;
}

function paymentView(p: StoredPayment): CasePaymentView {
  return {
    reference: p.reference,
    state: p.state,
    amount: p.amount,
    fees: p.fees.map((f) => ({ code: f.code, name: f.name, amount: f.amount })),
    startedAt: p.startedAt.toISOString(),
    confirmedBy: p.confirmedBy,
    paidAt: p.paidAt?.toISOString() ?? null,
    transactionId: p.transactionId,
  };
}

/**
 * A case as its department sees it: status, where each event stands on its way to the portal (in
 * the case's order, the hub's own events after the department event they follow), and the
 * payments started through the national payment platform.
 */
@Injectable()
export class GetCaseHandler {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
  ) {}

  async execute(department: string, caseCode: string): Promise<CaseView | undefined> {
    const [c] = await queryRows<{
      case_code: string;
      department: string;
      status: string | null;
      last_sequence: number;
    }>(
      this.ds,
      `SELECT case_code, department, status, last_sequence FROM cases WHERE case_code = $1 AND department = $2`,
      [caseCode, department],
    );
    if (!c) return undefined;
    const rows: Row[] = await this.ds.query(
      `SELECT e.id, e.type, e.sequence, e.hub_sequence, e.event_time, e.accepted_at, j.state,
              j.attempts, j.last_error_code, j.last_error_message, j.synced_at, j.next_attempt_at
         FROM case_events e LEFT JOIN portal_sync_event_status j ON j.event_id = e.id
        WHERE e.case_code = $1 ORDER BY e.sequence, e.hub_sequence`,
      [caseCode],
    );
    const events = rows.map((r) => {
      const state = r.state ?? 'pending';
      return {
        id: r.id,
        type: r.type,
        sequence: r.sequence,
        ...(r.hub_sequence > 0 ? { hubSequence: r.hub_sequence } : {}),
        time: r.event_time.toISOString(),
        acceptedAt: r.accepted_at.toISOString(),
        sync: {
          state,
          attempts: r.attempts ?? 0,
          lastError: r.last_error_code
            ? { code: r.last_error_code, message: r.last_error_message }
            : null,
          syncedAt: r.synced_at?.toISOString() ?? null,
          nextAttemptAt:
            state === 'pending' || state === 'retrying'
              ? (r.next_attempt_at?.toISOString() ?? null)
              : null,
        },
      };
    });
    const payments = await this.payments.listForCase(caseCode);
    return {
      caseCode: c.case_code,
      department: c.department,
      status: c.status,
      lastSequence: c.last_sequence,
      sync: {
        total: events.length,
        synced: events.filter((e) => e.sync.state === 'synced').length,
      },
      payments: payments.map(paymentView),
      events,
    };
  }
}
