import { type FieldError, ProblemException } from '@hub/observability';

/** Codes of the problems the `/__mock` control surface answers with; clients branch on these. */
export enum MockKitProblemCode {
  InvalidFaultConfig = 'INVALID_FAULT_CONFIG',
  InvalidOverride = 'INVALID_OVERRIDE',
}

/**
 * A 400 naming every bad field, in `detail` for people and in `errors` for code. `code` is one of
 * MockKitProblemCode, or a mock's own code for its own control routes.
 */
export function invalidRequest(
  code: string,
  title: string,
  errors: FieldError[],
): ProblemException {
  return new ProblemException(
    400,
    code,
    title,
    errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
  );
}
