import type { JsonSchema } from '../catalog/json-schema';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of `value` without the properties `schema` does not list where it refuses unknown ones
 * (`additionalProperties: false`). Consumers read this way: a message from a newer release that
 * only added optional fields then parses with this build's (strict) schema.
 */
export function withoutUnknownProperties(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value)) {
    const items = schema['items'];
    return isPlainObject(items) ? value.map((v) => withoutUnknownProperties(v, items)) : value;
  }
  const properties = schema['properties'];
  if (!isPlainObject(value) || !isPlainObject(properties)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const property = properties[key];
    if (isPlainObject(property)) out[key] = withoutUnknownProperties(v, property);
    else if (schema['additionalProperties'] !== false) out[key] = v;
  }
  return out;
}
