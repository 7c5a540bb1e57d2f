import type { ConsumedRecord } from '../kafka';

/**
 * Field names that hold a personal identifier: a citizen ID number (CCCD, the old CMND), a
 * personal tax code. Their whole value is masked, whatever its shape.
 */
const IDENTIFIER_FIELDS =
  /^(personalId|personalTaxCode|taxCode|taxId|idNumber|identityNumber|citizenId|cccd|cmnd)$/i;

/**
 * Inside a record's value, any run of 9 to 12 digits: a CMND (9), a personal tax code (10, also
 * the shape of an enterprise code and a phone number, masked alike), a CCCD (12). A refused record
 * may carry them anywhere (a free-text field, a misnamed one), so the rule does not trust names.
 */
const NUMBER_IN_VALUE = /(?<!\d)\d{9,12}(?!\d)/g;

/** Outside the value (key, headers, event id): the log rule, a run of exactly 12 digits. */
const PERSONAL_ID = /(?<!\d)\d{12}(?!\d)/g;

const maskDigits = (digits: string): string =>
  `${digits.slice(0, 2)}${'*'.repeat(digits.length - 2)}`;

/** `text` with every 12-digit run masked, as the hub's logs do. */
export function maskPersonalIdsIn(text: string): string {
  return text.replace(PERSONAL_ID, maskDigits);
}

/** `text` with every run of 9 to 12 digits masked. */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_IN_VALUE, maskDigits);
}

function maskJson(value: unknown, fieldName?: string): unknown {
  if (fieldName !== undefined && IDENTIFIER_FIELDS.test(fieldName)) {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      return `${text.slice(0, 2)}${'*'.repeat(Math.max(0, text.length - 2))}`;
    }
  }
  if (typeof value === 'string') return maskNumbersIn(value);
  if (typeof value === 'number') {
    return Number.isInteger(value) && /^\d{12}$/.test(String(value))
      ? maskDigits(String(value))
      : value;
  }
  if (Array.isArray(value)) return value.map((item) => maskJson(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [maskNumbersIn(k), maskJson(v, k)]),
    );
  }
  return value;
}

/** A record's value with its personal identifiers masked; not JSON: the digit rule on the text. */
export function maskValue(value: string | null): string | null {
  if (value === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return maskNumbersIn(value);
  }
  return JSON.stringify(maskJson(parsed));
}

/**
 * A copy of a consumed record fit to leave the hub in a dead letter: topic, partition, offset and
 * timestamp as read; key and headers (event id, case code) with 12-digit runs masked; the value
 * with every personal identifier masked.
 */
export function maskPersonalIdentifiers(record: ConsumedRecord): ConsumedRecord {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key === null ? null : maskPersonalIdsIn(record.key),
    headers: Object.fromEntries(
      Object.entries(record.headers).map(([k, v]) => [k, maskPersonalIdsIn(v)]),
    ),
    value: maskValue(record.value),
    timestamp: record.timestamp,
  };
}
