import fc from 'fast-check';
import { PAYMENT_REFERENCE_PATTERN, newPaymentReference } from './payment-reference';

describe('newPaymentReference', () => {
  it('is LT, the Hanoi date and 12 unambiguous base32 characters', () => {
    const bytes = () => new Uint8Array([0, 1, 2, 3, 30, 31, 32, 255, 8, 9, 10, 11]);
    // 2026-03-12 20:00 UTC is already the 13th in Hanoi.
    expect(newPaymentReference(new Date('2026-03-12T20:00:00Z'), bytes)).toBe(
      'LT2603130123YZ0Z89AB',
    );
  });

  it('always matches what the platform takes', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const reference = newPaymentReference(d);
          expect(reference).toMatch(PAYMENT_REFERENCE_PATTERN);
          expect(reference).toMatch(/^[A-Za-z0-9._-]{1,50}$/);
        },
      ),
    );
  });
});
