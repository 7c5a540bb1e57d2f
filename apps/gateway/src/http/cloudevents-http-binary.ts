import type { IncomingHttpHeaders } from 'node:http';
import type { FieldError } from '@hub/observability';

/**
 * CloudEvents HTTP protocol binding, binary content mode: the attributes travel as `ce-*`
 * headers and the body is the event's `data` (the default of several CloudEvents SDKs). The
 * gateway turns such a request into the structured event it would have received, so the same
 * contract and the same command decide; only the field names of a refusal point back at the
 * headers.
 */
const ATTRIBUTE_PREFIX = 'ce-';

/** Binary mode is a JSON body with a `ce-specversion` header (the binding's own test). */
export function isBinaryMode(headers: IncomingHttpHeaders): boolean {
  return headers[`${ATTRIBUTE_PREFIX}specversion`] !== undefined;
}

/** Extension attributes whose values are integers in the structured form. */
const INTEGER_ATTRIBUTES = new Set(['sequence']);

/**
 * The binding percent-encodes header values outside printable ASCII (and `%`, `"`, space); a
 * value that is not valid percent-encoding is taken as it came, and the contract judges it.
 */
function decodeHeaderValue(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The structured event a binary-mode request carries: `ce-*` headers, then `data` = the body. */
export function structuredFromBinary(
  headers: IncomingHttpHeaders,
  data: unknown,
): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(ATTRIBUTE_PREFIX) || value === undefined) continue;
    const attribute = name.slice(ATTRIBUTE_PREFIX.length);
    const text = decodeHeaderValue(Array.isArray(value) ? value.join(', ') : value);
    event[attribute] =
      INTEGER_ATTRIBUTES.has(attribute) && /^\d{1,9}$/.test(text) ? Number(text) : text;
  }
  // In binary mode Content-Type is the data's content type (only JSON reaches here).
  event['datacontenttype'] = 'application/json';
  event['data'] = data;
  return event;
}

/** A field path of the structured event → where it was in the binary-mode request. */
export function binaryModePath(path: string): string {
  if (path === '(root)' || path === 'data' || path.startsWith('data.') || path.startsWith('data['))
    return path;
  if (path === 'datacontenttype') return 'headers.content-type';
  const match = /^([^.[]+)(.*)$/.exec(path);
  return match ? `headers.${ATTRIBUTE_PREFIX}${match[1]}${match[2]}` : path;
}

export function inBinaryMode(errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, path: binaryModePath(e.path) }));
}
