import { z } from 'zod';
import { caseCode, text, timestamp, vnd } from '../primitives';

export const PAYMENT_COMPLETED = 'payment.completed' as const;

export const paymentMethods = ['national_payment_platform', 'bank_transfer', 'card', 'cash'] as const;

export const paymentCompletedV1 = z
  .strictObject({
    caseCode,
    paymentRef: text(100),
    amount: vnd,
    currency: z.literal('VND', { message: 'must be "VND"' }),
    paidAt: timestamp,
    method: z.enum(paymentMethods),
    fees: z
      .array(z.strictObject({ code: text(100), amount: vnd }))
      .min(1, 'must list the fees paid')
      .max(50),
  })
  .superRefine((p, ctx) => {
    const sum = p.fees.reduce((s, f) => s + f.amount, 0);
    if (sum !== p.amount) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `must equal the sum of fees (${sum})`,
      });
    }
  });

export type PaymentCompletedV1 = z.output<typeof paymentCompletedV1>;
