/**
 * CloudEvents Kafka protocol binding, binary content mode: attributes travel as `ce_*` headers,
 * the record value is the event's `data`, and `content-type` carries `datacontenttype`.
 * Consumers that only want the data read the value; those that want the envelope read headers.
 */
export interface StructuredCloudEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  data?: unknown;
  [extension: string]: unknown;
}

export interface KafkaRecord {
  key: string;
  headers: Record<string, string>;
  value: string;
}

export function toBinaryRecord(event: StructuredCloudEvent, key: string): KafkaRecord {
  const headers: Record<string, string> = {
    'content-type': event.datacontenttype ?? 'application/json',
  };
  for (const [name, value] of Object.entries(event)) {
    if (name === 'data' || name === 'datacontenttype' || value === undefined || value === null)
      continue;
    headers[`ce_${name}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return { key, headers, value: JSON.stringify(event.data ?? null) };
}

/** Extension attributes whose values are integers on the structured side. */
const INTEGER_EXTENSIONS = new Set(['sequence', 'hubsequence']);

export class CloudEventDecodeError extends Error {
  constructor(
    readonly code: 'MISSING_ATTRIBUTE' | 'BAD_DATA',
    message: string,
  ) {
    super(message);
    this.name = 'CloudEventDecodeError';
  }
}

export function fromBinaryRecord(
  headers: Record<string, string>,
  value: string | null,
): StructuredCloudEvent {
  const attributes: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (!name.startsWith('ce_')) continue;
    const attr = name.slice(3);
    attributes[attr] = INTEGER_EXTENSIONS.has(attr) && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  for (const required of ['specversion', 'id', 'source', 'type']) {
    if (typeof attributes[required] !== 'string') {
      throw new CloudEventDecodeError('MISSING_ATTRIBUTE', `header ce_${required} is missing`);
    }
  }
  let data: unknown;
  try {
    data = value === null ? undefined : (JSON.parse(value) as unknown);
  } catch {
    throw new CloudEventDecodeError('BAD_DATA', 'record value is not JSON');
  }
  const contentType = headers['content-type'];
  return {
    ...(attributes as { specversion: string; id: string; source: string; type: string }),
    ...(contentType ? { datacontenttype: contentType } : {}),
    data,
  };
}
