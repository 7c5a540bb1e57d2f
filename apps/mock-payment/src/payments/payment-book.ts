import { Injectable } from '@nestjs/common';
import type { ConfirmMessage, InitMessage } from '@hub/national-adapters';

export type HeldPaymentState = 'pending' | 'paid' | 'failed';

/** One payment as the platform keeps it, by its reference (MaThamChieu). */
export interface HeldPayment {
  reference: string;
  init: InitMessage;
  state: HeldPaymentState;
  /** When the INIT arrived (RFC 3339). */
  startedAt: string;
  paid?: { transactionId: string; amount: string; bank: string; time: string };
  /** The last CONFIRM built for this payment, resent as is by confirm-again. */
  confirm?: ConfirmMessage;
  confirmsSent: number;
}

/** What `GET /__mock/payments` shows: no payer name, ID or address (personal data). */
export interface HeldPaymentSummary {
  reference: string;
  caseCode: string;
  amount: string;
  state: HeldPaymentState;
  startedAt: string;
  transactionId: string | undefined;
  paidAmount: string | undefined;
  confirmsSent: number;
}

const MAX_PAYMENTS = 10_000;

/** The payments the mock holds, in memory, oldest first. */
@Injectable()
export class PaymentBook {
  private readonly payments = new Map<string, HeldPayment>();

  find(reference: string): HeldPayment | undefined {
    return this.payments.get(reference);
  }

  hold(payment: HeldPayment): void {
    this.payments.set(payment.reference, payment);
    // A demo left running must not grow without end: the oldest payment goes first.
    if (this.payments.size > MAX_PAYMENTS) {
      const oldest = this.payments.keys().next().value;
      if (oldest !== undefined) this.payments.delete(oldest);
    }
  }

  list(): HeldPaymentSummary[] {
    return [...this.payments.values()].map((p) => ({
      reference: p.reference,
      caseCode: p.init.ThongTinBienLai.MaHoSo,
      amount: p.init.SoTien,
      state: p.state,
      startedAt: p.startedAt,
      transactionId: p.paid?.transactionId,
      paidAmount: p.paid?.amount,
      confirmsSent: p.confirmsSent,
    }));
  }

  reset(): void {
    this.payments.clear();
  }
}
