import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { invalidRequest, issuesOf } from '@hub/mock-kit';
import { z } from 'zod';
import {
  PaymentFaultService,
  type PaymentFaults,
  parsePaymentFaults,
} from '../faults/payment-faults';
import { PaymentBook, type HeldPaymentSummary } from '../payments/payment-book';
import { type ConfirmResult, PaymentControlService } from './payment-control.service';

const payRequestSchema = z.strictObject({
  amount: z.number().int().positive().max(999_999_999_999_999).optional(),
  corruptChecksum: z.boolean().optional(),
  withholdConfirm: z.boolean().optional(),
});

/** Control and inspection for tests and demos; deliberately outside the platform's protocol. */
@Controller('__mock')
export class PaymentControlController {
  constructor(
    @Inject(PaymentControlService) private readonly control: PaymentControlService,
    @Inject(PaymentFaultService) private readonly faults: PaymentFaultService,
    @Inject(PaymentBook) private readonly book: PaymentBook,
  ) {}

  @Post('faults')
  @HttpCode(200)
  setFaults(@Body() body: unknown): PaymentFaults {
    const parsed = parsePaymentFaults(body);
    if (!parsed.ok) {
      throw invalidRequest('INVALID_FAULT_CONFIG', 'Invalid fault configuration', parsed.errors);
    }
    // Replaces the whole config: a scenario states everything it wants, nothing lingers.
    this.faults.replace(parsed.faults);
    return this.faults.current();
  }

  @Get('faults')
  getFaults(): PaymentFaults {
    return this.faults.current();
  }

  @Get('payments')
  payments(): HeldPaymentSummary[] {
    return this.book.list();
  }

  @Post('payments/:reference/pay')
  @HttpCode(200)
  pay(@Param('reference') reference: string, @Body() body: unknown): Promise<ConfirmResult> {
    const parsed = payRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw invalidRequest(
        'INVALID_PAY_REQUEST',
        'Invalid pay request',
        issuesOf(parsed.error.issues),
      );
    }
    return this.control.pay(reference, parsed.data);
  }

  @Post('payments/:reference/confirm-again')
  @HttpCode(200)
  confirmAgain(@Param('reference') reference: string): Promise<ConfirmResult> {
    return this.control.confirmAgain(reference);
  }

  @Post('payments/:reference/fail')
  @HttpCode(204)
  fail(@Param('reference') reference: string): void {
    this.control.fail(reference);
  }

  @Delete('state')
  @HttpCode(204)
  reset(): void {
    this.control.reset();
  }
}
