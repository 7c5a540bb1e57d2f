import { type BreakerCall, BreakerClient, unanswered } from '../transport/breaker-client';
import { PaymentPlatformError, PaymentPlatformErrorCode } from './payment-errors';
import {
  type PaymentHttpReply,
  classifyPaymentHttp,
  classifyPaymentTransportError,
} from './payment-mapping';
import { PAYMENT_DEFAULTS, type PaymentPlatformOptions } from './payment-options';

/** One POST to the platform. `service` ("INIT", "QUERY") labels metrics and logs. */
export interface PaymentRequest {
  service: string;
  path: string;
  body: Record<string, unknown>;
}

/** An answer to read, or a transient failure (which the breaker counts). */
type PaymentExchange = { kind: 'answered'; reply: PaymentHttpReply } | PaymentPlatformError;

const ADAPTER = 'payment';

/**
 * The platform's transport: the shared breaker-wrapped JSON client around every POST. Only
 * transient failures count against the breaker: a refused INIT is the platform working.
 */
export class PaymentClient extends BreakerClient<[PaymentRequest], PaymentExchange> {
  constructor(options: PaymentPlatformOptions) {
    super({
      adapter: ADAPTER,
      baseUrl: options.baseUrl,
      headers: { ...options.headers },
      options,
      defaults: PAYMENT_DEFAULTS,
    });
  }

  /**
   * One call through the breaker. Resolves with the answer to read; throws PaymentPlatformError
   * (Unavailable) for every transient failure, an open breaker included. `reference` goes to
   * the log; the body never does (it names the payer).
   */
  async post(request: PaymentRequest, reference: string): Promise<PaymentHttpReply> {
    const started = process.hrtime.bigint();
    const exchange = exchangeOf(await this.fire(request));
    if (exchange instanceof PaymentPlatformError) {
      const outcome = exchange.platformCode === 'BREAKER_OPEN' ? 'breaker-open' : 'unavailable';
      const durationMs = this.recordCall(request.service, outcome, started);
      this.logger?.event(outcome === 'breaker-open' ? 'debug' : 'warn', 'payment call failed', {
        service: request.service,
        reference,
        outcome,
        code: exchange.code,
        platformCode: exchange.platformCode,
        message: exchange.message,
        durationMs,
      });
      throw exchange;
    }
    const durationMs = this.recordCall(request.service, 'answered', started);
    this.logger?.event('info', 'payment call', {
      service: request.service,
      reference,
      status: exchange.reply.status,
      durationMs,
    });
    return exchange.reply;
  }

  protected async send(request: PaymentRequest): Promise<PaymentExchange> {
    let response;
    try {
      response = await this.http.request({
        method: 'POST',
        path: request.path,
        body: request.body,
      });
    } catch (error) {
      return classifyPaymentTransportError(error);
    }
    const header: unknown = response.headers['retry-after'];
    const reply: PaymentHttpReply = {
      status: response.status,
      body: response.body,
      retryAfter: typeof header === 'string' ? header : undefined,
    };
    return classifyPaymentHttp(reply) ?? { kind: 'answered', reply };
  }

  protected countsAgainstBreaker(exchange: PaymentExchange): boolean {
    return exchange instanceof PaymentPlatformError && exchange.transient;
  }
}

function exchangeOf(call: BreakerCall<PaymentExchange>): PaymentExchange {
  switch (call.kind) {
    case 'classified':
      return call.reply;
    case 'breaker-open':
    case 'timed-out':
    case 'shut-down': {
      const why = unanswered(call, 'payment platform');
      return new PaymentPlatformError(PaymentPlatformErrorCode.Unavailable, why.message, {
        platformCode: why.code,
        ...(why.retryAfterMs === undefined ? {} : { retryAfterMs: why.retryAfterMs }),
      });
    }
    case 'unexpected':
      return call.error instanceof PaymentPlatformError
        ? call.error
        : classifyPaymentTransportError(call.error);
  }
}
