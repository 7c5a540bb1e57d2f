import { ProblemException, type FieldError } from '@hub/observability';

/** Stable codes integrators can branch on (never on message text). */
export enum GatewayErrorCode {
  ForbiddenSource = 'FORBIDDEN_SOURCE',
  MalformedJson = 'MALFORMED_JSON',
  InvalidEvent = 'INVALID_EVENT',
  IdConflict = 'ID_CONFLICT',
  /** case.received for a procedure the national catalog lacks, or an agency that does not perform it. */
  NotInCatalog = 'NOT_IN_CATALOG',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  CaseNotFound = 'CASE_NOT_FOUND',
  Unavailable = 'UNAVAILABLE',
  InvalidRequest = 'INVALID_REQUEST',
  KeyNotFound = 'KEY_NOT_FOUND',
  KeyInactive = 'KEY_INACTIVE',
  KeyAlreadyRotated = 'KEY_ALREADY_ROTATED',
  OverrideNotFound = 'OVERRIDE_NOT_FOUND',
  /** Kafka intake only: the record is not a binary-mode CloudEvent (headers or value unreadable). */
  MalformedRecord = 'MALFORMED_RECORD',
  /** Kafka intake only: the record names no key id, or one no department key has. */
  Unauthenticated = 'UNAUTHENTICATED',
}

/** Codes that mean "try the same thing again later"; every other refusal is final. */
export const TRANSIENT_CODES: ReadonlySet<GatewayErrorCode> = new Set([
  GatewayErrorCode.Unavailable,
]);

const TITLES: Record<GatewayErrorCode, [number, string]> = {
  [GatewayErrorCode.ForbiddenSource]: [403, 'Event source is another department'],
  [GatewayErrorCode.MalformedJson]: [400, 'Body is not valid JSON'],
  [GatewayErrorCode.InvalidEvent]: [400, 'One or more events are invalid'],
  [GatewayErrorCode.IdConflict]: [409, 'Event conflicts with one already accepted'],
  [GatewayErrorCode.NotInCatalog]: [422, 'Procedure or agency not in the national catalog'],
  [GatewayErrorCode.PayloadTooLarge]: [413, 'Payload too large'],
  [GatewayErrorCode.UnsupportedMediaType]: [415, 'Unsupported media type'],
  [GatewayErrorCode.CaseNotFound]: [404, 'Case not found'],
  [GatewayErrorCode.Unavailable]: [503, 'The hub cannot store events right now'],
  [GatewayErrorCode.InvalidRequest]: [400, 'Invalid request'],
  [GatewayErrorCode.KeyNotFound]: [404, 'Key not found'],
  [GatewayErrorCode.KeyInactive]: [409, 'Key is revoked or expired'],
  [GatewayErrorCode.KeyAlreadyRotated]: [409, 'Key was already rotated'],
  [GatewayErrorCode.OverrideNotFound]: [404, 'No reuse override for this procedure'],
  [GatewayErrorCode.MalformedRecord]: [400, 'Record is not a binary-mode CloudEvent'],
  [GatewayErrorCode.Unauthenticated]: [401, 'Missing or unknown key id'],
};

export function gatewayProblem(
  code: GatewayErrorCode,
  detail: string,
  errors?: FieldError[],
  headers?: Record<string, string>,
): ProblemException {
  const [status, title] = TITLES[code];
  return new ProblemException(status, code, title, detail, errors, headers);
}
