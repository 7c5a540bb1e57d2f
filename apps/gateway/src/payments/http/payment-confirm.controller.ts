import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { ConfirmAnswer } from '@hub/national-adapters';
import { ProblemException } from '@hub/observability';
import type { Request, Response } from 'express';
import { readJsonBody } from '../../http/request-body';
import { ConfirmPaymentHandler } from '../confirm-payment/confirm-payment.handler';
import { PaymentErrorCode, paymentProblem } from '../payments.errors';

/** Stands for a body that could not be read as JSON: the CONFIRM is then malformed. */
const UNREADABLE = Symbol('unreadable body');

/**
 * The national payment platform's callback. No department key: the platform signs each CONFIRM
 * with the shared secret, and the handler checks it. Always HTTP 200 in the platform's format,
 * a refusal included: the platform reads `MaLoi`, not the status.
 */
@Controller('v1/national/payment-platform')
export class PaymentConfirmController {
  constructor(@Inject(ConfirmPaymentHandler) private readonly confirm: ConfirmPaymentHandler) {}

  @Post('confirm')
  @HttpCode(200)
  async confirmPayment(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConfirmAnswer> {
    const body = await readJsonBody(req, res).catch((e: unknown) => {
      // Not JSON, or over 1 MiB: answered as a malformed CONFIRM, in the platform's format.
      if (e instanceof ProblemException) return UNREADABLE;
      throw e;
    });
    const result = await this.confirm.execute(body);
    if (result.kind === 'not-configured') {
      throw paymentProblem(
        PaymentErrorCode.NotConfigured,
        'Online payment is off on this hub (PAYMENT_PLATFORM_URL is not set).',
      );
    }
    return result.answer;
  }
}
