import { Controller, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, type AuthenticatedRequest } from '@hub/auth';
import type { Response } from 'express';
import { GatewayErrorCode, gatewayProblem } from '../../gateway.errors';
import { readJsonBody } from '../../http/request-body';
import { PaymentErrorCode, paymentProblem } from '../payments.errors';
import { StartPaymentCommand } from '../start-payment/start-payment.command';
import { StartPaymentHandler, type StartedPayment } from '../start-payment/start-payment.handler';

/** The body is optional; when there is one it is application/json. */
async function optionalJsonBody(req: AuthenticatedRequest, res: Response): Promise<unknown> {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  if (!hasBody) return undefined;
  const media = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (media !== 'application/json') {
    throw gatewayProblem(
      GatewayErrorCode.UnsupportedMediaType,
      'A payment request carries application/json (or no body at all).',
      [
        {
          path: 'headers.content-type',
          message: media ? `"${media}" is not supported` : 'is required with a body',
        },
      ],
    );
  }
  return readJsonBody(req, res, { allowEmpty: true });
}

/** Departments start online payments of their cases' fees (national payment platform). */
@Controller('v1')
export class PaymentsController {
  constructor(@Inject(StartPaymentHandler) private readonly start: StartPaymentHandler) {}

  /** 201 with the payment page; 200 when a started payment of exactly these fees exists. */
  @Post('cases/:caseCode/payments')
  @UseGuards(ApiKeyGuard)
  async startPayment(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('caseCode') caseCode: string,
  ): Promise<StartedPayment> {
    const body = await optionalJsonBody(req, res);
    const built = StartPaymentCommand.create({
      department: req.principal,
      caseCode,
      body,
      requestIp: req.ip,
    });
    if (!built.ok) {
      throw paymentProblem(
        PaymentErrorCode.InvalidRequest,
        'The payment request is invalid; nothing was started.',
        built.errors,
      );
    }
    const outcome = await this.start.execute(built.command);
    if (outcome.kind === 'refused') {
      throw paymentProblem(outcome.code, outcome.detail, outcome.errors, {
        ...(outcome.retryAfterSeconds
          ? { headers: { 'Retry-After': String(outcome.retryAfterSeconds) } }
          : {}),
        ...(outcome.platform ? { platform: outcome.platform } : {}),
      });
    }
    res.status(outcome.created ? 201 : 200);
    return outcome.payment;
  }
}
