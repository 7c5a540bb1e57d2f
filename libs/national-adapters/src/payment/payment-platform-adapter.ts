import type { NationalCallStats } from '../transport/breaker-client';
import type { OnModuleDestroy } from '@nestjs/common';
import type { BreakerState } from '../transport/breaker-client';
import { PaymentClient } from './payment-client';
import { PaymentPlatformError, PaymentPlatformErrorCode } from './payment-errors';
import { readInitAnswer, readQueryAnswer, toInitMessage, toQueryMessage } from './payment-mapping';
import type { PaymentPlatformOptions } from './payment-options';
import {
  type PaymentStartOutcome,
  type PaymentStartRequest,
  type PaymentState,
  paymentStartRequestSchema,
} from './payment-types';
import { PAYMENT_PATHS } from './payment-wire';

/** What the hub depends on; `PaymentPlatformAdapter` is the real one, tests may fake it. */
export interface PaymentPlatformPort {
  init(request: PaymentStartRequest): Promise<PaymentStartOutcome>;
  query(reference: string, startedAt?: string): Promise<PaymentState>;
  breakerState(): BreakerState;
  onBreakerChange(listener: (state: BreakerState) => void): () => void;
}

/**
 * Starts payments on the national payment platform (INIT) and asks where they stand (QUERY).
 * A started or refused INIT and every QUERY state are results; a transport failure, an
 * unreadable answer or an open breaker throws PaymentPlatformError (Unavailable: retry later);
 * an invalid request throws InvalidRequest before anything is sent. The CONFIRM the platform
 * later sends is checked with `verifyConfirm` and answered with `confirmAnswer`.
 */
export class PaymentPlatformAdapter implements PaymentPlatformPort, OnModuleDestroy {
  private readonly client: PaymentClient;
  private readonly clock: () => Date;

  constructor(private readonly options: PaymentPlatformOptions) {
    if (options.partnerCode.trim() === '' || options.secret === '') {
      throw new Error('PaymentPlatformAdapter needs a partner code and a shared secret');
    }
    this.client = new PaymentClient(options);
    this.clock = options.clock ?? (() => new Date());
  }

  async init(request: PaymentStartRequest): Promise<PaymentStartOutcome> {
    const parsed = paymentStartRequestSchema.safeParse(request);
    if (!parsed.success) {
      throw new PaymentPlatformError(
        PaymentPlatformErrorCode.InvalidRequest,
        `invalid payment request: ${parsed.error.issues
          .map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`)
          .join('; ')}`,
      );
    }
    const message = toInitMessage(parsed.data, this.options.partnerCode, this.options.secret);
    const reply = await this.client.post(
      { service: 'INIT', path: PAYMENT_PATHS.init, body: message },
      message.MaThamChieu,
    );
    const outcome = readInitAnswer(reply);
    if (outcome instanceof PaymentPlatformError) throw outcome;
    return outcome;
  }

  /**
   * The platform's state for `reference`. `startedAt` (RFC 3339), when the caller has it, is the
   * INIT's time: the public client seen sends the payment's own `ThoiGianGD` in a QUERY; without
   * it the query is stamped with the current time.
   */
  async query(reference: string, startedAt?: string): Promise<PaymentState> {
    if (typeof reference !== 'string' || !/^[A-Za-z0-9._-]{1,50}$/.test(reference)) {
      throw new PaymentPlatformError(
        PaymentPlatformErrorCode.InvalidRequest,
        'reference must be 1–50 letters, digits, ".", "_" or "-"',
      );
    }
    const message = toQueryMessage(
      reference,
      startedAt ?? this.clock(),
      this.options.partnerCode,
      this.options.secret,
    );
    const reply = await this.client.post(
      { service: 'QUERY', path: PAYMENT_PATHS.query, body: message },
      reference,
    );
    const state = readQueryAnswer(reply, reference);
    if (state instanceof PaymentPlatformError) throw state;
    return state;
  }

  breakerState(): BreakerState {
    return this.client.breakerState();
  }

  /** Called on every breaker transition; returns the unsubscribe function. */
  onBreakerChange(listener: (state: BreakerState) => void): () => void {
    return this.client.onBreakerChange(listener);
  }

  /** The calls since the process started, for the ops console (`BreakerStateReporter`). */
  callStats(): NationalCallStats {
    return this.client.callStats();
  }

  close(): void {
    this.client.close();
  }

  onModuleDestroy(): void {
    this.close();
  }
}
