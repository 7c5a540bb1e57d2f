import { type FieldError, ProblemException } from '@hub/observability';

/**
 * Stable codes of the payments API; integrators branch on these, never on the text. Postgres
 * unavailable is the app-wide 503 UNAVAILABLE (ProblemFilter).
 */
export enum PaymentErrorCode {
  InvalidRequest = 'INVALID_REQUEST',
  CaseNotFound = 'CASE_NOT_FOUND',
  /** The case belongs to another department. */
  ForbiddenCase = 'FORBIDDEN_CASE',
  /** Nothing left to pay: no fees, every fee paid, or the case.received has not arrived. */
  NoFeesDue = 'NO_FEES_DUE',
  /** A fee asked for is not one of the case's fees. */
  UnknownFee = 'UNKNOWN_FEE',
  /** A fee asked for is paid already, or being paid in another started payment. */
  FeeNotDue = 'FEE_NOT_DUE',
  /** The case's data cannot go into an INIT (an applicant without an ID number, …). */
  PaymentNotPossible = 'PAYMENT_NOT_POSSIBLE',
  /** The platform refused the INIT; the problem carries its code and message. */
  PaymentRefused = 'PAYMENT_REFUSED',
  /** The platform cannot be reached (or its breaker is open); retry after Retry-After. */
  PlatformUnavailable = 'PAYMENT_PLATFORM_UNAVAILABLE',
  /** Online payment is not configured here, or not for this department. */
  NotConfigured = 'PAYMENTS_NOT_CONFIGURED',
}

const TITLES: Record<PaymentErrorCode, [number, string]> = {
  [PaymentErrorCode.InvalidRequest]: [400, 'Invalid request'],
  [PaymentErrorCode.CaseNotFound]: [404, 'Case not found'],
  [PaymentErrorCode.ForbiddenCase]: [403, 'The case belongs to another department'],
  [PaymentErrorCode.NoFeesDue]: [409, 'No fees due'],
  [PaymentErrorCode.UnknownFee]: [422, 'Not a fee of the case'],
  [PaymentErrorCode.FeeNotDue]: [409, 'Fee paid or being paid'],
  [PaymentErrorCode.PaymentNotPossible]: [422, 'The case cannot be paid online'],
  [PaymentErrorCode.PaymentRefused]: [422, 'The payment platform refused the payment'],
  [PaymentErrorCode.PlatformUnavailable]: [503, 'The payment platform cannot be reached'],
  [PaymentErrorCode.NotConfigured]: [503, 'Online payment is not configured'],
};

export function paymentProblem(
  code: PaymentErrorCode,
  detail: string,
  errors?: FieldError[],
  extra: { headers?: Record<string, string>; platform?: { code: string; message: string } } = {},
): ProblemException {
  const [status, title] = TITLES[code];
  return new ProblemException(
    status,
    code,
    title,
    detail,
    errors,
    extra.headers,
    extra.platform ? { platform: extra.platform } : {},
  );
}
