import { paymentCompletedDraft, paymentEventId } from './payment-event';
import { CASE_CODE, storedPayment } from './test/payment-fixtures';

describe('the payment.completed the hub appends', () => {
  it('has an id derived from MaGiaoDich alone', () => {
    expect(paymentEventId('PP20260312103045000001')).toBe('hub-payment-PP20260312103045000001');
    const odd = paymentEventId('PP 2026 đ');
    expect(odd).toMatch(/^hub-payment-sha256-[0-9a-f]{64}$/);
    expect(paymentEventId('PP 2026 đ')).toBe(odd);
  });

  it('carries the payment’s fees, at the time the platform says it was paid', () => {
    const built = paymentCompletedDraft(storedPayment(), {
      transactionId: 'PP1',
      paidAt: '2026-03-12T10:30:45+07:00',
    });
    expect(built).toEqual({
      ok: true,
      draft: {
        id: 'hub-payment-PP1',
        type: 'payment.completed',
        time: '2026-03-12T10:30:45+07:00',
        data: {
          caseCode: CASE_CODE,
          paymentRef: 'LT260312ABCDEFGH2345',
          amount: 11_000,
          currency: 'VND',
          paidAt: '2026-03-12T10:30:45+07:00',
          method: 'national_payment_platform',
          fees: [
            { code: 'LP-KS', amount: 8_000 },
            { code: 'PHI-BS', amount: 3_000 },
          ],
        },
      },
    });
  });

  it('refuses a paid time the contract cannot hold', () => {
    const built = paymentCompletedDraft(storedPayment(), {
      transactionId: 'PP1',
      paidAt: '1999-12-31T23:00:00+07:00',
    });
    expect(built).toMatchObject({ ok: false, reason: expect.stringContaining('paidAt') as string });
  });
});
