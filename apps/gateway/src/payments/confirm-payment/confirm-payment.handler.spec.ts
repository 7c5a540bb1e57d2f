import { CONFIRM_CODES, confirmRefusalCode } from '@hub/national-adapters';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import type {
  CompletionOutcome,
  FailureOutcome,
  PaidReport,
  PaymentCompletionPort,
} from '../payment-completion.service';
import {
  TEST_PARTNER,
  confirmMessage,
  paymentSettings,
  storedPayment,
  withOneDigitChanged,
} from '../test/payment-fixtures';
import { ConfirmPaymentHandler } from './confirm-payment.handler';

class FakeCompletion implements PaymentCompletionPort {
  reports: PaidReport[] = [];
  failures: string[] = [];
  constructor(
    private readonly outcome: CompletionOutcome | Error,
    private readonly failure: FailureOutcome = 'failed',
  ) {}
  complete(report: PaidReport): Promise<CompletionOutcome> {
    this.reports.push(report);
    return this.outcome instanceof Error
      ? Promise.reject(this.outcome)
      : Promise.resolve(this.outcome);
  }
  fail(reference: string): Promise<FailureOutcome> {
    this.failures.push(reference);
    return Promise.resolve(this.failure);
  }
}

function setup(outcome: CompletionOutcome | Error, failure?: FailureOutcome) {
  const completion = new FakeCompletion(outcome, failure);
  const metrics = new MetricsRegistry('gateway');
  const handler = new ConfirmPaymentHandler(
    paymentSettings(),
    completion,
    HubLogger.for('gateway', 'silent'),
    metrics,
  );
  const counted = async (outcomeLabel: string): Promise<number> => {
    const metric = await metrics.registry.getSingleMetric('hub_payment_confirms_total')?.get();
    return metric?.values.find((v) => v.labels['outcome'] === outcomeLabel)?.value ?? 0;
  };
  return { handler, completion, counted };
}

const completed: CompletionOutcome = {
  kind: 'completed',
  payment: storedPayment(),
  eventId: 'hub-payment-PP20260312103045000001',
};

describe('ConfirmPaymentHandler', () => {
  it('completes a signed CONFIRM through PaymentCompletion, echoing MaLoi', async () => {
    const { handler, completion, counted } = setup(completed);
    const result = await handler.execute(confirmMessage());
    expect(result).toMatchObject({
      kind: 'answered',
      outcome: 'completed',
      answer: {
        MaLoi: CONFIRM_CODES.success,
        MaDoiTac: TEST_PARTNER,
        ThoiGianGD: '20260312103045',
      },
    });
    expect(completion.reports).toEqual([
      {
        reference: 'LT260312ABCDEFGH2345',
        transactionId: 'PP20260312103045000001',
        amount: 11_000,
        bank: 'VCB',
        paidAt: '2026-03-12T10:30:45+07:00',
        by: 'confirm',
      },
    ]);
    expect(await counted('completed')).toBe(1);
  });

  it('answers a repeated CONFIRM as taken', async () => {
    const { handler } = setup({ kind: 'duplicate', payment: storedPayment() });
    expect(await handler.execute(confirmMessage())).toMatchObject({
      outcome: 'duplicate',
      answer: { MaLoi: CONFIRM_CODES.success },
    });
  });

  it.each([
    [{ kind: 'unknown-reference' } as const, 'unknown-reference', 'unknown_reference'],
    [{ kind: 'amount-mismatch', expected: 8_000 } as const, 'amount-mismatch', 'amount_mismatch'],
    [{ kind: 'invalid', reason: 'paidAt: too early' } as const, 'malformed', 'malformed'],
    [{ kind: 'transaction-elsewhere', reference: 'LTX' } as const, 'malformed', 'conflict'],
  ])('refuses %o in the platform’s format and counts it', async (outcome, reason, label) => {
    const { handler, counted } = setup(outcome);
    const result = await handler.execute(confirmMessage());
    expect(result).toMatchObject({
      kind: 'answered',
      outcome: label,
      answer: { MaLoi: confirmRefusalCode(reason as 'malformed'), MaDoiTac: TEST_PARTNER },
    });
    expect(await counted(label)).toBe(1);
  });

  it('refuses a forged or malformed CONFIRM before touching any payment', async () => {
    const { handler, completion, counted } = setup(completed);
    const message = confirmMessage();
    const forged = await handler.execute({
      ...message,
      MaXacThuc: withOneDigitChanged(message.MaXacThuc),
    });
    expect(forged).toMatchObject({ answer: { MaLoi: CONFIRM_CODES.badChecksum } });
    const otherPartner = await handler.execute(confirmMessage({ MaDoiTac: 'SOMEONE-ELSE' }));
    expect(otherPartner).toMatchObject({ answer: { MaLoi: CONFIRM_CODES.badChecksum } });
    const junk = await handler.execute('not json');
    expect(junk).toMatchObject({ answer: { MaLoi: CONFIRM_CODES.malformed } });
    expect(completion.reports).toEqual([]);
    expect(await counted('bad_checksum')).toBe(2);
    expect(await counted('malformed')).toBe(1);
  });

  it('marks a failed payment failed and answers its MaLoi back', async () => {
    const { handler, completion } = setup(completed);
    const result = await handler.execute(confirmMessage({ MaLoi: '24' }));
    expect(result).toMatchObject({ outcome: 'payment_failed', answer: { MaLoi: '24' } });
    expect(completion.failures).toEqual(['LT260312ABCDEFGH2345']);
    expect(completion.reports).toEqual([]);
  });

  it('asks the platform to send again when the hub cannot store (try later, 99)', async () => {
    const { handler, counted } = setup(new Error('Connection terminated'));
    expect(await handler.execute(confirmMessage())).toMatchObject({
      outcome: 'try_later',
      answer: { MaLoi: CONFIRM_CODES.tryLater },
    });
    expect(await counted('try_later')).toBe(1);
  });

  it('has nothing to check with while online payment is off', async () => {
    const handler = new ConfirmPaymentHandler(
      null,
      new FakeCompletion(completed),
      HubLogger.for('gateway', 'silent'),
      new MetricsRegistry('gateway'),
    );
    expect(await handler.execute(confirmMessage())).toEqual({ kind: 'not-configured' });
  });
});
