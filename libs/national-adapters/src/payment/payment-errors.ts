/**
 * Why a call to the payment platform failed. Callers decide "retry later" or "give up" from the
 * code alone (`isTransientPaymentError`), never from the message text. A refused INIT and the
 * states a QUERY reports are results, not errors.
 */
export enum PaymentPlatformErrorCode {
  /** Network failure, timeout, HTTP 5xx/429/408, unreadable answer, breaker open: retry later. */
  Unavailable = 'PAYMENT_PLATFORM_UNAVAILABLE',
  /** The platform refused a QUERY itself (wrong partner code or secret): fix the deployment. */
  Rejected = 'PAYMENT_PLATFORM_REJECTED',
  /** The hub-side request is invalid (amount, reference, time); nothing was sent. Permanent. */
  InvalidRequest = 'PAYMENT_INVALID_REQUEST',
}

const TRANSIENT_CODES: ReadonlySet<PaymentPlatformErrorCode> = new Set([
  PaymentPlatformErrorCode.Unavailable,
]);

/** True when the same call may succeed later unchanged. Decided by code only. */
export function isTransientPaymentError(code: PaymentPlatformErrorCode): boolean {
  return TRANSIENT_CODES.has(code);
}

export interface PaymentPlatformErrorDetails {
  /** The platform's own code (`error_code`, `MaLoi`), `HTTP <status>`, `TIMEOUT`, `BREAKER_OPEN`, … */
  platformCode?: string;
  /** Wait at least this long before retrying (Retry-After, or until the breaker half-opens). */
  retryAfterMs?: number;
}

/** A failed call to the payment platform. Thrown by `init` and `query`. */
export class PaymentPlatformError extends Error {
  readonly platformCode: string | undefined;
  readonly retryAfterMs?: number;

  constructor(
    readonly code: PaymentPlatformErrorCode,
    message: string,
    details: PaymentPlatformErrorDetails = {},
  ) {
    super(message);
    this.name = 'PaymentPlatformError';
    this.platformCode = details.platformCode;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }

  /** Same as `isTransientPaymentError(this.code)`. */
  get transient(): boolean {
    return isTransientPaymentError(this.code);
  }
}
