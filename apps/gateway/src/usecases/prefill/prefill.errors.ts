import { ProblemException, type FieldError } from '@hub/observability';

/** Stable codes of the prefill and access-log APIs. */
export enum PrefillErrorCode {
  InvalidQuery = 'INVALID_QUERY',
  /** The purpose is not a case of the caller's department whose applicant is the subject. */
  PurposeNotAllowed = 'PURPOSE_NOT_ALLOWED',
  SubjectNotFound = 'SUBJECT_NOT_FOUND',
  RegistryUnavailable = 'REGISTRY_UNAVAILABLE',
  RegistryRefused = 'REGISTRY_REFUSED',
}

const TITLES: Record<PrefillErrorCode, [number, string]> = {
  [PrefillErrorCode.InvalidQuery]: [400, 'Invalid query parameters'],
  [PrefillErrorCode.PurposeNotAllowed]: [
    403,
    "The purpose does not allow reading this subject's personal data",
  ],
  [PrefillErrorCode.SubjectNotFound]: [404, 'The registry does not know this subject'],
  [PrefillErrorCode.RegistryUnavailable]: [
    503,
    'The registry cannot be reached and nothing is cached',
  ],
  [PrefillErrorCode.RegistryRefused]: [502, 'The registry refused the lookup'],
};

export function prefillProblem(
  code: PrefillErrorCode,
  detail: string,
  errors?: FieldError[],
  headers?: Record<string, string>,
): ProblemException {
  const [status, title] = TITLES[code];
  return new ProblemException(status, code, title, detail, errors, headers);
}
