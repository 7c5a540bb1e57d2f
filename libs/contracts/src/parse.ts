import { caseEventV1, envelopeOnly, eventSchemas, type CaseEvent } from './envelope';
import type { JsonSchema } from './catalog/json-schema';
import { toJsonSchema } from './catalog/json-schema';
import { withoutUnknownProperties } from './compat/tolerant-reader';
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

const readerSchemas = new Map<string, JsonSchema>();

/**
 * For consumers of hub topics: the tolerant reader the compatibility rule relies on
 * (contracts/README.md). Fields this build does not know are dropped, then the event is checked
 * as strictly as `parseCaseEvent` checks it, so an event from a newer release that only added
 * optional fields is read, while anything else wrong is still refused. Producers (the gateway)
 * use `parseCaseEvent`, which refuses unknown fields.
 */
export function readCaseEvent(input: unknown): ParseResult<CaseEvent> {
  const type = (input as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(eventSchemas, type)) return parseCaseEvent(input);
  let schema = readerSchemas.get(type);
  if (!schema) {
    schema = toJsonSchema(eventSchemas[type as keyof typeof eventSchemas]);
    readerSchemas.set(type, schema);
  }
  return parseCaseEvent(withoutUnknownProperties(input, schema));
}
