import { createHash } from 'node:crypto';
import { type PaymentCompletedV1, paymentCompletedV1 } from '@hub/contracts';
import type { HubEventDraft } from '../hub-events/hub-event.writer';
import type { StoredPayment } from './payment.repository';

/** Event ids are printable ASCII without spaces (the envelope's rule), at most 200 characters. */
const SAFE_ID = /^[\x21-\x7e]{1,50}$/;

/**
 * The id of the payment.completed a transaction becomes: a function of `MaGiaoDich` alone, so
 * the same payment confirmed twice (a repeated CONFIRM, a QUERY racing a CONFIRM) is one event.
 * A transaction id the envelope could not carry is replaced by its SHA-256.
 */
export function paymentEventId(transactionId: string): string {
  return SAFE_ID.test(transactionId)
    ? `hub-payment-${transactionId}`
    : `hub-payment-sha256-${createHash('sha256').update(transactionId, 'utf8').digest('hex')}`;
}

/**
 * The payment.completed the hub appends for a confirmed payment: the fees the payment was
 * started for, paid through the national platform at `paidAt` (RFC 3339). Checked against the
 * contract here, so a platform time the contract cannot hold refuses the confirmation instead
 * of failing deep in the transaction.
 */
export function paymentCompletedDraft(
  payment: Pick<StoredPayment, 'reference' | 'caseCode' | 'amount' | 'fees'>,
  paid: { transactionId: string; paidAt: string },
): { ok: true; draft: HubEventDraft } | { ok: false; reason: string } {
  const data: PaymentCompletedV1 = {
    caseCode: payment.caseCode,
    paymentRef: payment.reference,
    amount: payment.amount,
    currency: 'VND',
    paidAt: paid.paidAt,
    method: 'national_payment_platform',
    fees: payment.fees.map((f) => ({ code: f.code, amount: f.amount })),
  };
  const checked = paymentCompletedV1.safeParse(data);
  if (!checked.success) {
    return {
      ok: false,
      reason: checked.error.issues
        .map((i) => `${i.path.map(String).join('.')}: ${i.message}`)
        .join('; '),
    };
  }
  return {
    ok: true,
    draft: {
      id: paymentEventId(paid.transactionId),
      type: 'payment.completed',
      time: paid.paidAt,
      data: checked.data,
    },
  };
}
