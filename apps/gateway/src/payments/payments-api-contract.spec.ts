import type { z } from 'zod';
import type { paymentConfirmAnswerSchema, startedPaymentSchema } from '@hub/contracts';
import type { ConfirmAnswer } from '@hub/national-adapters';
import type { Same } from '@hub/testing';
import type { StartedPayment } from './start-payment/start-payment.handler';

describe('payments HTTP API contract (contracts/openapi/gateway.json)', () => {
  it('documents the response types the payment controllers return', () => {
    // Compile-time: `npm run typecheck` fails when an answer and its schema drift apart.
    const checks: true[] = [
      true satisfies Same<StartedPayment, z.output<typeof startedPaymentSchema>>,
      true satisfies Same<ConfirmAnswer, z.output<typeof paymentConfirmAnswerSchema>>,
    ];
    expect(checks).toHaveLength(2);
  });
});
