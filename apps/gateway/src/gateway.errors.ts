import { ProblemException, type FieldError } from '@hub/observability';

/** Stable codes integrators can branch on (never on message text). */
export enum GatewayErrorCode {
  ForbiddenSource = 'FORBIDDEN_SOURCE',
  MalformedJson = 'MALFORMED_JSON',
  InvalidEvent = 'INVALID_EVENT',
  IdConflict = 'ID_CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  CaseNotFound = 'CASE_NOT_FOUND',
  Unavailable = 'UNAVAILABLE',
  InvalidRequest = 'INVALID_REQUEST',
  KeyNotFound = 'KEY_NOT_FOUND',
  KeyInactive = 'KEY_INACTIVE',
  KeyAlreadyRotated = 'KEY_ALREADY_ROTATED',
}

const TITLES: Record<GatewayErrorCode, [number, string]> = {
  [GatewayErrorCode.ForbiddenSource]: [403, 'Event source is another department'],
  [GatewayErrorCode.MalformedJson]: [400, 'Body is not valid JSON'],
  [GatewayErrorCode.InvalidEvent]: [400, 'One or more events are invalid'],
  [GatewayErrorCode.IdConflict]: [409, 'Event conflicts with one already accepted'],
  [GatewayErrorCode.PayloadTooLarge]: [413, 'Payload too large'],
  [GatewayErrorCode.UnsupportedMediaType]: [415, 'Unsupported media type'],
  [GatewayErrorCode.CaseNotFound]: [404, 'Case not found'],
  [GatewayErrorCode.Unavailable]: [503, 'The hub cannot store events right now'],
  [GatewayErrorCode.InvalidRequest]: [400, 'Invalid request'],
  [GatewayErrorCode.KeyNotFound]: [404, 'Key not found'],
  [GatewayErrorCode.KeyInactive]: [409, 'Key is revoked or expired'],
  [GatewayErrorCode.KeyAlreadyRotated]: [409, 'Key was already rotated'],
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
