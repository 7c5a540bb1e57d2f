import { Inject, Injectable } from '@nestjs/common';
import {
  type ConfirmAnswer,
  type ConfirmRefusalReason,
  confirmAnswer,
  confirmRefusal,
  verifyConfirm,
} from '@hub/national-adapters';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { PAYMENT_SETTINGS, type PaymentSettings } from '../payment-config';
import { PaymentCompletion, type PaymentCompletionPort } from '../payment-completion.service';

/** How a CONFIRM ended; the label of `hub_payment_confirms_total` (low cardinality). */
export type ConfirmOutcome =
  | 'completed'
  | 'duplicate'
  | 'payment_failed'
  | 'bad_checksum'
  | 'malformed'
  | 'unknown_reference'
  | 'amount_mismatch'
  | 'conflict'
  | 'try_later';

export type ConfirmResult =
  | { kind: 'answered'; answer: ConfirmAnswer; outcome: ConfirmOutcome }
  /** Online payment is off: there is no secret to check the CONFIRM with or sign an answer. */
  | { kind: 'not-configured' };

/** The reference of a CONFIRM as received, for logs: a string, cut short, or absent. */
function referenceOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)['MaThamChieu'];
  return typeof value === 'string' ? value.slice(0, 50) : undefined;
}

/**
 * The national payment platform's CONFIRM. Checked (fields, partner, MaXacThuc), then the
 * payment's reference and amount; a success completes the payment (PaymentCompletion), a
 * failure marks it failed. Every answer is in the platform's format, signed; a refusal stores
 * nothing, is logged as a warning (the CONFIRM carries no personal data; the payer's ID is never
 * in it) and counted. A CONFIRM the hub could not process (Postgres away) is answered "try later"
 * (99), so the platform sends it again.
 */
@Injectable()
export class ConfirmPaymentHandler {
  private readonly confirms;

  constructor(
    @Inject(PAYMENT_SETTINGS) private readonly settings: PaymentSettings | null,
    @Inject(PaymentCompletion) private readonly completion: PaymentCompletionPort,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.confirms = metrics.counter(
      'hub_payment_confirms_total',
      'CONFIRMs from the national payment platform, by outcome (completed, duplicate, payment_failed; refused: bad_checksum, malformed, unknown_reference, amount_mismatch, conflict, try_later)',
      ['outcome'] as const,
    );
  }

  async execute(body: unknown): Promise<ConfirmResult> {
    const settings = this.settings;
    if (!settings) return { kind: 'not-configured' };
    const refuse = (
      reason: ConfirmRefusalReason,
      outcome: ConfirmOutcome,
      details: Record<string, unknown>,
    ): ConfirmResult => {
      this.confirms.inc({ outcome });
      this.logger.event(outcome === 'try_later' ? 'error' : 'warn', 'payment CONFIRM refused', {
        reference: referenceOf(body),
        outcome,
        ...details,
      });
      return { kind: 'answered', answer: confirmRefusal(body, reason, settings.secret), outcome };
    };

    const verified = verifyConfirm(body, settings.secret, { partnerCode: settings.partnerCode });
    if (!verified.ok) {
      // A wrong partner code or checksum: the sender does not hold the shared secret.
      const forged = verified.field === 'MaXacThuc' || verified.field === 'MaDoiTac';
      return refuse(forged ? 'bad-checksum' : 'malformed', forged ? 'bad_checksum' : 'malformed', {
        field: verified.field,
        reason: verified.reason,
      });
    }
    const confirm = verified.confirm;
    const context = { reference: confirm.reference, transactionId: confirm.transactionId };
    const taken = (outcome: ConfirmOutcome): ConfirmResult => {
      this.confirms.inc({ outcome });
      return { kind: 'answered', answer: confirmAnswer(confirm, settings.secret), outcome };
    };
    try {
      if (!confirm.succeeded) {
        const failed = await this.completion.fail(
          confirm.reference,
          `not-paid:${confirm.resultCode}`,
        );
        if (failed === 'unknown-reference') {
          return refuse('unknown-reference', 'unknown_reference', context);
        }
        this.logger.event('info', 'payment failed on the platform', {
          ...context,
          resultCode: confirm.resultCode,
          changed: failed === 'failed',
        });
        return taken('payment_failed');
      }
      const outcome = await this.completion.complete({
        reference: confirm.reference,
        transactionId: confirm.transactionId,
        amount: confirm.amount,
        bank: confirm.bank,
        paidAt: confirm.paidAt,
        by: 'confirm',
      });
      switch (outcome.kind) {
        case 'completed':
          this.logger.event('info', 'payment confirmed; payment.completed appended', {
            ...context,
            caseCode: outcome.payment.caseCode,
            eventId: outcome.eventId,
            amount: outcome.payment.amount,
          });
          return taken('completed');
        case 'duplicate':
          this.logger.event('info', 'payment CONFIRM repeated; nothing changed', {
            ...context,
            caseCode: outcome.payment.caseCode,
          });
          return taken('duplicate');
        case 'other-transaction':
          // Taken, so the platform stops resending; the second charge is for people to refund.
          this.confirms.inc({ outcome: 'conflict' });
          this.logger.event('error', 'payment confirmed twice by different transactions', {
            ...context,
            caseCode: outcome.payment.caseCode,
            confirmedTransactionId: outcome.payment.transactionId,
          });
          return {
            kind: 'answered',
            answer: confirmAnswer(confirm, settings.secret),
            outcome: 'conflict',
          };
        case 'unknown-reference':
          return refuse('unknown-reference', 'unknown_reference', context);
        case 'amount-mismatch':
          return refuse('amount-mismatch', 'amount_mismatch', {
            ...context,
            amount: confirm.amount,
            expected: outcome.expected,
          });
        case 'transaction-elsewhere':
          return refuse('malformed', 'conflict', {
            ...context,
            reason: `MaGiaoDich already confirmed payment ${outcome.reference}`,
          });
        case 'invalid':
          return refuse('malformed', 'malformed', { ...context, reason: outcome.reason });
      }
    } catch (e) {
      return refuse('try-later', 'try_later', {
        ...context,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
}
