import { caseEventV1, envelopeOnly, eventSchemas, type CaseEvent } from './envelope';
import { type ContractViolation, toViolations } from './issues';

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; violations: ContractViolation[] };

/** Validates one case event against the v1 contracts (expected failures are values). */
export function parseCaseEvent(input: unknown): ParseResult<CaseEvent> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, violations: [{ path: '(root)', message: 'must be a JSON object (one CloudEvent)' }] };
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(eventSchemas, type)) {
    // Without a known type the data cannot be checked, but the envelope still can: report all of it.
    const envelope = envelopeOnly.safeParse(input);
    return { ok: false, violations: envelope.success ? [] : toViolations(envelope.error, input) };
  }
  const result = caseEventV1.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, violations: toViolations(result.error, input) };
}
