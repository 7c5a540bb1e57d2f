import { createHash, timingSafeEqual } from 'node:crypto';
import { PAYMENT_CHECKSUM_FIELDS, type PaymentChecksummedMessage } from './payment-wire';

/**
 * `MaXacThuc`: lowercase hex SHA-256 (UTF-8) of `values.join('|') + '|' + secret`, i.e. the
 * secret is appended as one more `|`-separated value. The platform's description says only
 * "joined by `|`, followed by the shared secret"; the `|` before the secret is inferred from a
 * public one-stop client that computes it this way for INIT, QUERY, GET_BILL and CONFIRM
 * (docs/national-systems.md, "The national payment platform"). The hub and the mock both call
 * this function, so changing the rule here changes both sides.
 */
export function paymentChecksum(fields: readonly string[], secret: string): string {
  return createHash('sha256')
    .update([...fields, secret].join('|'), 'utf8')
    .digest('hex');
}

/** The checksum of one message, its values taken in the order the message type fixes. */
export function paymentMessageChecksum<T extends keyof typeof PAYMENT_CHECKSUM_FIELDS>(
  type: T,
  message: PaymentChecksummedMessage<T>,
  secret: string,
): string {
  const values = PAYMENT_CHECKSUM_FIELDS[type].map(
    (field) => (message as Readonly<Record<string, string>>)[field] ?? '',
  );
  return paymentChecksum(values, secret);
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Compares a received `MaXacThuc` with the expected one in constant time (no early exit on the
 * first differing character). Case matters: the platform sends lowercase hex.
 */
export function checksumMatches(received: string, expected: string): boolean {
  if (!HEX_SHA256.test(received) || !HEX_SHA256.test(expected)) return false;
  return timingSafeEqual(Buffer.from(received, 'utf8'), Buffer.from(expected, 'utf8'));
}
