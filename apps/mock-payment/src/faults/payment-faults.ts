import { Inject, Injectable } from '@nestjs/common';
import { type FaultMode, type FaultStatus, baseFaultFields, issuesOf } from '@hub/mock-kit';
import type { FieldError } from '@hub/observability';
import { z } from 'zod';
import { PAYMENT_RANDOM, type RandomSource } from '../runtime';

/** The fault fields of every mock national system, plus the platform's own refusals of INIT. */
export const paymentFaultSchema = z.strictObject({
  ...baseFaultFields,
  /** Every INIT is refused with error_code "4" (the platform declines the payment). */
  rejectInit: z.boolean().default(false),
  /** INITs for these references (MaThamChieu) are refused with error_code "4". */
  rejectReferences: z.array(z.string().min(1)).max(10_000).default([]),
});

export type PaymentFaults = z.output<typeof paymentFaultSchema>;
export type { FaultMode };

export const DEFAULT_PAYMENT_FAULTS: PaymentFaults = paymentFaultSchema.parse({});

export function parsePaymentFaults(
  input: unknown,
): { ok: true; faults: PaymentFaults } | { ok: false; errors: FieldError[] } {
  const parsed = paymentFaultSchema.safeParse(input ?? {});
  return parsed.success
    ? { ok: true, faults: parsed.data }
    : { ok: false, errors: issuesOf(parsed.error.issues) };
}

/** An injected failure, in the envelope the platform's INIT answers with. */
export interface InjectedFailure {
  httpStatus: number;
  headers: Record<string, string>;
  body: { error_code: string; message: string };
}

export type FaultDecision =
  { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'fail'; reply: InjectedFailure };

const MESSAGES: Record<FaultStatus, string> = {
  500: 'Lỗi hệ thống, vui lòng thử lại sau',
  502: 'Lỗi kết nối tới hệ thống thanh toán, vui lòng thử lại sau',
  503: 'Hệ thống đang bảo trì',
  429: 'Vượt quá số lượng yêu cầu cho phép, vui lòng thử lại sau',
};

/** Holds the injected faults and decides, call by call, what INIT and QUERY do. */
@Injectable()
export class PaymentFaultService {
  private faults: PaymentFaults = structuredClone(DEFAULT_PAYMENT_FAULTS);

  constructor(@Inject(PAYMENT_RANDOM) private readonly random: RandomSource) {}

  current(): PaymentFaults {
    return structuredClone(this.faults);
  }

  replace(faults: PaymentFaults): void {
    this.faults = structuredClone(faults);
  }

  reset(): void {
    this.replace(DEFAULT_PAYMENT_FAULTS);
  }

  refusesInit(reference: string): boolean {
    return this.faults.rejectInit || this.faults.rejectReferences.includes(reference);
  }

  decide(): FaultDecision {
    switch (this.faults.mode) {
      case 'up':
        return { kind: 'pass' };
      case 'down':
        return { kind: 'fail', reply: failure(503) };
      case 'error':
        return { kind: 'fail', reply: failure(this.faults.status) };
      case 'slow':
        return { kind: 'delay', ms: this.faults.latencyMs };
      case 'flaky':
        return this.random() < this.faults.errorRate
          ? { kind: 'fail', reply: failure(503) }
          : { kind: 'pass' };
    }
  }
}

function failure(status: FaultStatus): InjectedFailure {
  return {
    httpStatus: status,
    // A throttling gateway asks clients to wait a second; adapters should honour it.
    headers: status === 429 ? { 'Retry-After': '1' } : {},
    body: { error_code: String(status), message: MESSAGES[status] },
  };
}
