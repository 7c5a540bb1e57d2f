import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PaymentPlatformError, type PaymentPlatformPort } from '@hub/national-adapters';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { LockedRunLoop } from '@hub/persistence';
import { backoffMs } from '@hub/retry';
import { PAYMENT_PLATFORM, PAYMENT_SETTINGS, type PaymentSettings } from '../payment-config';
import { PaymentCompletion, type PaymentCompletionPort } from '../payment-completion.service';
import { PaymentRepository, type StoredPayment } from '../payment.repository';

/** How a QUERY ended; the label of `hub_payment_queries_total`. */
export type QueryOutcome =
  | 'completed'
  | 'duplicate'
  | 'pending'
  | 'failed'
  | 'unknown_reference'
  | 'amount_mismatch'
  | 'conflict'
  | 'unavailable'
  | 'error';

/**
 * A reference the platform does not know is failed only once the INIT surely ended: an INIT
 * still in flight (or lost with its answer) is not yet on the platform. Two INIT timeouts.
 */
const UNKNOWN_GRACE_FACTOR = 2;

/**
 * QUERY reconciliation: payments started longer than PAYMENT_QUERY_AFTER_MS ago whose CONFIRM
 * never came are asked about, one replica at a time (LockedRunLoop under an advisory lock). A
 * paid one is completed through the same path as a CONFIRM (confirmed_by 'query'); a failed one
 * is marked failed; a pending or unanswered one is asked again later, the interval doubling up to
 * PAYMENT_QUERY_MAX_INTERVAL_MS. While the platform's breaker is open the loop asks nothing.
 */
@Injectable()
export class PaymentReconciliation implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: LockedRunLoop<StoredPayment> | undefined;
  private readonly queries;
  /** Set when the platform failed during a round: the rest of the round waits for the next. */
  private platformAway = false;
  /** A round asks about payments due when it began: one asked again soon waits for the next. */
  private roundStartedAt = new Date();

  constructor(
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
    @Inject(PaymentCompletion) private readonly completion: PaymentCompletionPort,
    @Inject(PAYMENT_SETTINGS) settings: PaymentSettings | null,
    @Inject(PAYMENT_PLATFORM) platform: PaymentPlatformPort | null,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.queries = metrics.counter(
      'hub_payment_queries_total',
      'QUERYs of started payments whose CONFIRM had not come, by outcome (completed, duplicate, pending, failed, unknown_reference, amount_mismatch, conflict, unavailable, error)',
      ['outcome'] as const,
    );
    if (!settings || !platform) return;
    const policy = {
      baseMs: settings.queryAfterMs,
      maxMs: Math.max(settings.queryAfterMs, settings.queryMaxIntervalMs),
      jitter: { spread: 0.2 },
    } as const;
    this.loop = new LockedRunLoop<StoredPayment>({
      everyMs: settings.queryPollMs,
      exclusive: (work) => this.payments.runExclusive(work),
      prepare: () => {
        this.platformAway = false;
        this.roundStartedAt = new Date();
        return Promise.resolve({ resumed: 0, scheduled: false });
      },
      claimNext: () =>
        // An open breaker refuses every call: claiming would only spend attempts.
        this.platformAway || platform.breakerState() === 'open'
          ? Promise.resolve(undefined)
          : this.payments.claimDueQuery(
              this.roundStartedAt,
              new Date(),
              (attempt) => new Date(Date.now() + backoffMs(attempt, policy)),
            ),
      run: (payment) => this.reconcile(payment, platform, settings),
      failed: (error) =>
        this.logger.event('warn', 'payment QUERY round failed; will try again', { error }),
    });
  }

  onApplicationBootstrap(): void {
    this.loop?.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop?.stop() ?? Promise.resolve();
  }

  /** One round now (specs; the loop runs them on its own schedule). */
  tick(): Promise<void> {
    return this.loop?.tick() ?? Promise.resolve();
  }

  private async reconcile(
    payment: StoredPayment,
    platform: PaymentPlatformPort,
    settings: PaymentSettings,
  ): Promise<void> {
    const context = {
      caseCode: payment.caseCode,
      reference: payment.reference,
      attempt: payment.queryAttempts,
    };
    const outcome = await this.ask(payment, platform, settings).catch(
      (e: unknown): QueryOutcome => {
        this.logger.event('warn', 'payment QUERY could not be handled; asked again later', {
          ...context,
          error: e instanceof Error ? e.message : String(e),
        });
        return 'error';
      },
    );
    this.queries.inc({ outcome });
    const level =
      outcome === 'completed' || outcome === 'failed'
        ? 'info'
        : outcome === 'pending' || outcome === 'unavailable' || outcome === 'duplicate'
          ? 'debug'
          : 'warn';
    this.logger.event(level, 'payment QUERY', { ...context, outcome });
  }

  private async ask(
    payment: StoredPayment,
    platform: PaymentPlatformPort,
    settings: PaymentSettings,
  ): Promise<QueryOutcome> {
    let state;
    try {
      state = await platform.query(payment.reference, payment.startedAt.toISOString());
    } catch (e) {
      if (e instanceof PaymentPlatformError && e.transient) {
        this.platformAway = true;
        return 'unavailable';
      }
      throw e;
    }
    switch (state.kind) {
      case 'pending':
        return 'pending';
      case 'failed':
        return (await this.completion.fail(payment.reference, `not-paid:${state.code}`)) ===
          'failed'
          ? 'failed'
          : 'duplicate';
      case 'unknown-reference': {
        const graceMs = UNKNOWN_GRACE_FACTOR * settings.initTimeoutMs;
        if (Date.now() - payment.startedAt.getTime() < graceMs) return 'pending';
        await this.completion.fail(payment.reference, 'unknown-at-platform');
        return 'unknown_reference';
      }
      case 'paid': {
        const done = await this.completion.complete({
          reference: payment.reference,
          transactionId: state.transactionId,
          amount: state.amount,
          bank: state.bank,
          paidAt: state.paidAt,
          by: 'query',
        });
        switch (done.kind) {
          case 'completed':
            return 'completed';
          case 'duplicate':
            return 'duplicate';
          case 'amount-mismatch':
            return 'amount_mismatch';
          case 'unknown-reference':
            return 'unknown_reference';
          case 'other-transaction':
          case 'transaction-elsewhere':
          case 'invalid':
            return 'conflict';
        }
      }
    }
  }
}
