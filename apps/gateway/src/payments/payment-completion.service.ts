import { Inject, Injectable } from '@nestjs/common';
import { HubEventWriter } from '../hub-events/hub-event.writer';
import { paymentCompletedDraft } from './payment-event';
import { type ConfirmedBy, PaymentRepository, type StoredPayment } from './payment.repository';

/** A payment the platform reports as paid, by CONFIRM or in answer to a QUERY. */
export interface PaidReport {
  reference: string;
  /** `MaGiaoDich`. */
  transactionId: string;
  /** Whole VND, as the platform says it was paid. */
  amount: number;
  bank: string;
  /** RFC 3339. */
  paidAt: string;
  by: ConfirmedBy;
}

export type CompletionOutcome =
  /** Confirmed now: payment.completed appended in the same transaction. */
  | { kind: 'completed'; payment: StoredPayment; eventId: string }
  /** This transaction was taken before: nothing changed. */
  | { kind: 'duplicate'; payment: StoredPayment }
  | { kind: 'unknown-reference' }
  | { kind: 'amount-mismatch'; expected: number }
  /** The payment is confirmed by another transaction already: money taken twice, for people. */
  | { kind: 'other-transaction'; payment: StoredPayment }
  /** This transaction id confirmed another payment: the platform contradicts itself. */
  | { kind: 'transaction-elsewhere'; reference: string }
  /** The report cannot become a payment.completed (e.g. a paid time the contract cannot hold). */
  | { kind: 'invalid'; reason: string };

export type FailureOutcome = 'failed' | 'unchanged' | 'unknown-reference';

/** What CONFIRM and QUERY handling depend on; `PaymentCompletion` is the real one. */
export interface PaymentCompletionPort {
  complete(report: PaidReport): Promise<CompletionOutcome>;
  fail(reference: string, failure: string): Promise<FailureOutcome>;
}

/**
 * The one way a payment becomes confirmed, for the platform's CONFIRM and the hub's own QUERY
 * alike: in ONE transaction the payment row (locked, so two reports of it wait on each other)
 * is marked confirmed and payment.completed is appended to its case. Idempotent by `MaGiaoDich`:
 * the event id is derived from it and the row keeps it, so a repeat finds it and changes nothing.
 */
@Injectable()
export class PaymentCompletion implements PaymentCompletionPort {
  constructor(
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
    @Inject(HubEventWriter) private readonly events: HubEventWriter,
  ) {}

  complete(report: PaidReport): Promise<CompletionOutcome> {
    return this.payments.inTransaction(async (tx): Promise<CompletionOutcome> => {
      const payment = await this.payments.lockPayment(tx, report.reference);
      if (!payment) return { kind: 'unknown-reference' };
      if (payment.state === 'confirmed') {
        return payment.transactionId === report.transactionId
          ? { kind: 'duplicate', payment }
          : { kind: 'other-transaction', payment };
      }
      if (report.amount !== payment.amount) {
        return { kind: 'amount-mismatch', expected: payment.amount };
      }
      const elsewhere = await this.payments.referenceOfTransaction(tx, report.transactionId);
      if (elsewhere !== undefined && elsewhere !== payment.reference) {
        return { kind: 'transaction-elsewhere', reference: elsewhere };
      }
      const built = paymentCompletedDraft(payment, report);
      if (!built.ok) return { kind: 'invalid', reason: built.reason };
      // A payment marked failed (INIT unanswered, QUERY said failed) that the platform now says
      // was paid is completed all the same: the money was taken, the platform is the authority.
      const { event } = await this.events.append(tx, payment.caseCode, built.draft);
      await this.payments.markConfirmed(tx, payment.reference, {
        transactionId: report.transactionId,
        paidAt: report.paidAt,
        bank: report.bank,
        by: report.by,
        eventId: event.id,
      });
      return { kind: 'completed', payment, eventId: event.id };
    });
  }

  /** The platform says the payment was not paid: a started one becomes failed, no event. */
  fail(reference: string, failure: string): Promise<FailureOutcome> {
    return this.payments.inTransaction(async (tx): Promise<FailureOutcome> => {
      const payment = await this.payments.lockPayment(tx, reference);
      if (!payment) return 'unknown-reference';
      if (payment.state !== 'started') return 'unchanged';
      await this.payments.markFailed(tx, reference, failure);
      return 'failed';
    });
  }
}
