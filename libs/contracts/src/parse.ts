import { caseEventV1, type CaseEvent } from './envelope';
import { type ContractViolation, toViolations } from './issues';

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; violations: ContractViolation[] };

/** Validates one case event against the v1 contracts (expected failures are values). */
export function parseCaseEvent(input: unknown): ParseResult<CaseEvent> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, violations: [{ path: '(root)', message: 'must be a JSON object (one CloudEvent)' }] };
  }
  const result = caseEventV1.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, violations: toViolations(result.error, input) };
}
