import { Inject, Injectable } from '@nestjs/common';
import { PaymentPlatformError, type PaymentPlatformPort } from '@hub/national-adapters';
import { type FieldError, HubLogger, MetricsRegistry } from '@hub/observability';
import { PAYMENT_PLATFORM, PAYMENT_SETTINGS, type PaymentSettings } from '../payment-config';
import { newPaymentReference } from '../payment-reference';
import { type PaymentFee, PaymentRepository } from '../payment.repository';
import { PaymentErrorCode } from '../payments.errors';
import { buildStartRequest, decideFees, readReceived } from './payment-receipt';
import type { StartPaymentCommand } from './start-payment.command';

/** What the department gets: where to send the payer. */
export interface StartedPayment {
  reference: string;
  paymentUrl: string;
  amount: number;
  fees: PaymentFee[];
  state: 'started';
}

export type StartPaymentOutcome =
  /** `created` false: a started payment of exactly these fees, answered again. */
  | { kind: 'started'; payment: StartedPayment; created: boolean }
  | {
      kind: 'refused';
      code: PaymentErrorCode;
      detail: string;
      errors?: FieldError[];
      retryAfterSeconds?: number;
      /** The platform's own code and message, when it refused the INIT. */
      platform?: { code: string; message: string };
    };

/** How long a department is told to wait when the platform is away and says nothing itself. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * Starts an online payment of a case's fees: decides what is due under the case's lock, keeps
 * the payment as started, then sends the INIT (outside the lock: the platform may be slow) and
 * keeps where to send the payer. A refused or unsent INIT leaves the payment failed, so nothing
 * waits on it and the same fees can be asked for again.
 */
@Injectable()
export class StartPaymentHandler {
  private readonly starts;

  constructor(
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
    @Inject(PAYMENT_SETTINGS) private readonly settings: PaymentSettings | null,
    @Inject(PAYMENT_PLATFORM) private readonly platform: PaymentPlatformPort | null,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.starts = metrics.counter(
      'hub_payment_starts_total',
      'Requests to start an online payment, by outcome (started, existing, refused by the platform, unavailable, not_due, not_possible, not_configured)',
      ['department', 'outcome'] as const,
    );
  }

  async execute(command: StartPaymentCommand): Promise<StartPaymentOutcome> {
    const outcome = await this.run(command);
    this.starts.inc({ department: command.department, outcome: labelOf(outcome) });
    return outcome;
  }

  private async run(command: StartPaymentCommand): Promise<StartPaymentOutcome> {
    const { settings, platform } = this;
    if (!settings || !platform) {
      return refused(
        PaymentErrorCode.NotConfigured,
        'Online payment is off on this hub (PAYMENT_PLATFORM_URL is not set).',
      );
    }
    const { department, caseCode } = command;
    const found = await this.payments.findCase(caseCode);
    if (!found) {
      return refused(PaymentErrorCode.CaseNotFound, `The hub has no case ${caseCode}.`, [
        { path: 'caseCode', message: 'is not a case the hub knows' },
      ]);
    }
    if (found.department !== department) {
      return refused(
        PaymentErrorCode.ForbiddenCase,
        `Case ${caseCode} is not a case of department ${department}.`,
        [{ path: 'caseCode', message: 'belongs to another department' }],
      );
    }
    const beneficiary = settings.beneficiaries.get(department);
    if (!beneficiary) {
      return refused(
        PaymentErrorCode.NotConfigured,
        `Department ${department} has no collecting account for online payment (PAYMENT_BENEFICIARIES).`,
      );
    }
    const received = readReceived(found.received);
    if (!received) {
      return refused(
        PaymentErrorCode.NoFeesDue,
        `The case's case.received has not arrived: the hub does not know its fees yet.`,
      );
    }
    const startedAt = new Date();
    const reference = newPaymentReference(startedAt);
    const plan = await this.payments.withCaseLocked(caseCode, async (ledger) => {
      const [paid, started] = await Promise.all([ledger.paidFeeCodes(), ledger.started()]);
      const decision = decideFees({
        caseFees: received.fees,
        paid,
        started,
        requested: command.fees,
      });
      if (decision.kind !== 'charge') return decision;
      const built = buildStartRequest({
        reference,
        startedAt,
        caseCode,
        received,
        catalogProcedureName: found.catalogProcedureName,
        fees: decision.fees,
        beneficiary,
        serviceCode: settings.serviceCode,
        payerIp: command.payerIp,
        ...(command.bankCode ? { bankCode: command.bankCode } : {}),
      });
      if (!built.ok) return { kind: 'not-possible' as const, errors: built.errors };
      await ledger.insert({
        reference,
        caseCode,
        department,
        amount: built.request.amount,
        fees: decision.fees,
        startedAt,
        firstQueryAt: new Date(startedAt.getTime() + settings.queryAfterMs),
      });
      return { kind: 'insert' as const, request: built.request, fees: decision.fees };
    });
    switch (plan.kind) {
      case 'existing': {
        const { payment } = plan;
        return {
          kind: 'started',
          created: false,
          payment: {
            reference: payment.reference,
            paymentUrl: payment.paymentUrl ?? '',
            amount: payment.amount,
            fees: payment.fees,
            state: 'started',
          },
        };
      }
      case 'none-due':
        return refused(PaymentErrorCode.NoFeesDue, plan.detail);
      case 'unknown-fee':
        return refused(
          PaymentErrorCode.UnknownFee,
          'A fee asked for is not a fee of the case.',
          plan.errors,
        );
      case 'not-due':
        return refused(
          PaymentErrorCode.FeeNotDue,
          'A fee asked for is paid already or being paid.',
          plan.errors,
        );
      case 'not-possible':
        return refused(
          PaymentErrorCode.PaymentNotPossible,
          "The case's data cannot go into a payment on the national platform.",
          plan.errors,
        );
      case 'insert':
        break;
    }

    const context = { caseCode, reference, department };
    let answer;
    try {
      answer = await platform.init(plan.request);
    } catch (e) {
      if (!(e instanceof PaymentPlatformError)) throw e;
      await this.payments.markInitFailed(
        reference,
        e.transient ? 'unavailable' : `invalid:${e.code}`,
      );
      this.logger.event('warn', 'payment INIT not sent; kept as failed', {
        ...context,
        code: e.code,
        platformCode: e.platformCode,
      });
      if (!e.transient) {
        return refused(
          PaymentErrorCode.PaymentNotPossible,
          "The case's data cannot go into a payment on the national platform.",
        );
      }
      return {
        ...refused(
          PaymentErrorCode.PlatformUnavailable,
          'The national payment platform cannot be reached; nothing was charged. Send the same request again later.',
        ),
        retryAfterSeconds: Math.max(
          1,
          Math.ceil((e.retryAfterMs ?? DEFAULT_RETRY_AFTER_SECONDS * 1000) / 1000),
        ),
      };
    }
    if (answer.kind === 'refused') {
      await this.payments.markInitFailed(reference, `refused:${answer.code}`);
      this.logger.event('warn', 'payment INIT refused by the platform; kept as failed', {
        ...context,
        platformCode: answer.code,
        platformMessage: answer.message,
      });
      return {
        ...refused(
          PaymentErrorCode.PaymentRefused,
          `The national payment platform refused the payment (${answer.code}: ${answer.message}).`,
        ),
        platform: { code: answer.code, message: answer.message },
      };
    }
    await this.payments.markInitiated(reference, answer.paymentUrl);
    this.logger.event('info', 'payment started', {
      ...context,
      amount: plan.request.amount,
      fees: plan.fees.length,
    });
    return {
      kind: 'started',
      created: true,
      payment: {
        reference,
        paymentUrl: answer.paymentUrl,
        amount: plan.request.amount,
        fees: plan.fees,
        state: 'started',
      },
    };
  }
}

function refused(
  code: PaymentErrorCode,
  detail: string,
  errors?: FieldError[],
): Extract<StartPaymentOutcome, { kind: 'refused' }> {
  return { kind: 'refused', code, detail, ...(errors ? { errors } : {}) };
}

function labelOf(outcome: StartPaymentOutcome): string {
  if (outcome.kind === 'started') return outcome.created ? 'started' : 'existing';
  switch (outcome.code) {
    case PaymentErrorCode.PaymentRefused:
      return 'refused';
    case PaymentErrorCode.PlatformUnavailable:
      return 'unavailable';
    case PaymentErrorCode.NoFeesDue:
    case PaymentErrorCode.FeeNotDue:
    case PaymentErrorCode.UnknownFee:
      return 'not_due';
    case PaymentErrorCode.PaymentNotPossible:
      return 'not_possible';
    case PaymentErrorCode.NotConfigured:
      return 'not_configured';
    case PaymentErrorCode.InvalidRequest:
    case PaymentErrorCode.CaseNotFound:
    case PaymentErrorCode.ForbiddenCase:
      return 'invalid';
  }
}
