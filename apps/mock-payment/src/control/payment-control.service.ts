import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@hub/mock-kit';
import {
  CONFIRM_CODES,
  type ConfirmMessage,
  paymentMessageChecksum,
  toPaymentTime,
} from '@hub/national-adapters';
import { HubLogger, ProblemException } from '@hub/observability';
import { PaymentFaultService } from '../faults/payment-faults';
import { MOCK_PAYMENT_CONFIG, type MockPaymentConfig } from '../mock-payment.config';
import { type HeldPayment, PaymentBook } from '../payments/payment-book';
import { PAYMENT_RANDOM, type RandomSource } from '../runtime';
import { type ConfirmDelivery, ConfirmSender } from './confirm-sender';

export interface PayRequest {
  /** Whole VND paid; default the INIT's SoTien (a different one tests the hub's amount check). */
  amount?: number;
  /** Send a CONFIRM whose MaXacThuc is wrong by one character. */
  corruptChecksum?: boolean;
  /**
   * Mark it paid but send no CONFIRM (one lost on the way): the hub learns of it by QUERY, or by
   * confirm-again later.
   */
  withholdConfirm?: boolean;
}

export interface ConfirmResult {
  sent: ConfirmMessage;
  delivery: ConfirmDelivery | { kind: 'withheld' };
}

/** The platform's side of a payment, driven by tests and demos instead of a payer and a bank. */
@Injectable()
export class PaymentControlService {
  constructor(
    @Inject(PaymentBook) private readonly book: PaymentBook,
    @Inject(PaymentFaultService) private readonly faults: PaymentFaultService,
    @Inject(ConfirmSender) private readonly sender: ConfirmSender,
    @Inject(MOCK_PAYMENT_CONFIG) private readonly config: MockPaymentConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PAYMENT_RANDOM) private readonly random: RandomSource,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  /** Marks the payment paid with a new MaGiaoDich and sends the hub a signed CONFIRM. */
  async pay(reference: string, request: PayRequest): Promise<ConfirmResult> {
    const payment = this.held(reference);
    if (payment.state !== 'pending') {
      throw new ProblemException(
        409,
        'PAYMENT_NOT_PENDING',
        'Payment not pending',
        `Payment ${reference} is ${payment.state}; use confirm-again to resend its CONFIRM`,
      );
    }
    const time = toPaymentTime(this.clock()) ?? payment.init.ThoiGianGD;
    const paid = {
      transactionId: `PP${time}${String(Math.floor(this.random() * 1e6)).padStart(6, '0')}`,
      amount: String(request.amount ?? payment.init.SoTien),
      // The payer chose a bank on the platform's page when the INIT did not name one.
      bank: payment.init.MaNganHang === '' ? 'VCB' : payment.init.MaNganHang,
      time,
    };
    const unsigned = {
      LoaiBanTin: 'CONFIRM' as const,
      MaLoi: CONFIRM_CODES.success,
      MaDoiTac: payment.init.MaDoiTac,
      MaThamChieu: reference,
      SoTien: paid.amount,
      MaTienTe: 'VND' as const,
      MaGiaoDich: paid.transactionId,
      MaNganHang: paid.bank,
      ThoiGianGD: paid.time,
      ThongTinGiaoDich: payment.init.ThongTinGiaoDich,
    };
    const checksum = paymentMessageChecksum('CONFIRM', unsigned, this.config.MOCK_PAYMENT_SECRET);
    const confirm: ConfirmMessage = {
      ...unsigned,
      MaXacThuc: request.corruptChecksum === true ? corrupt(checksum) : checksum,
    };
    payment.state = 'paid';
    payment.paid = paid;
    payment.confirm = confirm;
    this.logger.event('info', 'payment paid', {
      reference,
      transactionId: paid.transactionId,
      amount: paid.amount,
      corruptChecksum: request.corruptChecksum === true,
      withholdConfirm: request.withholdConfirm === true,
    });
    if (request.withholdConfirm === true) return { sent: confirm, delivery: { kind: 'withheld' } };
    return this.deliver(payment, confirm);
  }

  /** Sends the payment's last CONFIRM again, unchanged (the platform retries the same way). */
  async confirmAgain(reference: string): Promise<ConfirmResult> {
    const payment = this.held(reference);
    if (payment.confirm === undefined) {
      throw new ProblemException(
        409,
        'PAYMENT_NOT_CONFIRMED',
        'No CONFIRM to resend',
        `Payment ${reference} has not been paid yet`,
      );
    }
    return this.deliver(payment, payment.confirm);
  }

  /** Marks a pending payment failed (QUERY then answers TrangThaiGD "4"); no CONFIRM is sent. */
  fail(reference: string): void {
    const payment = this.held(reference);
    if (payment.state !== 'pending') {
      throw new ProblemException(
        409,
        'PAYMENT_NOT_PENDING',
        'Payment not pending',
        `Payment ${reference} is ${payment.state}`,
      );
    }
    payment.state = 'failed';
    this.logger.event('info', 'payment failed', { reference });
  }

  reset(): void {
    this.book.reset();
    this.faults.reset();
    this.logger.event('info', 'state reset');
  }

  private async deliver(payment: HeldPayment, confirm: ConfirmMessage): Promise<ConfirmResult> {
    const delivery = await this.sender.send(confirm);
    if (delivery.kind !== 'not-configured') payment.confirmsSent += 1;
    return { sent: confirm, delivery };
  }

  private held(reference: string): HeldPayment {
    const payment = this.book.find(reference);
    if (payment === undefined) {
      throw new ProblemException(
        404,
        'PAYMENT_NOT_FOUND',
        'Payment not found',
        `The mock payment platform holds no payment ${reference.slice(0, 50)}`,
      );
    }
    return payment;
  }
}

/** The checksum with its first hex digit changed: still well formed, no longer matching. */
function corrupt(checksum: string): string {
  return `${checksum[0] === '0' ? '1' : '0'}${checksum.slice(1)}`;
}
