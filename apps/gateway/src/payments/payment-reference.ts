import { randomBytes } from 'node:crypto';
import { toPaymentTime } from '@hub/national-adapters';

/** Crockford's base32: no I, L, O or U, so a reference read aloud or retyped stays unambiguous. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 12;

/** What every reference the hub makes matches (the platform takes 1–50 of `[A-Za-z0-9._-]`). */
export const PAYMENT_REFERENCE_PATTERN = /^LT\d{6}[0-9A-HJKMNP-TV-Z]{12}$/;

/**
 * A new `MaThamChieu`: `LT`, the Hanoi date (yyMMdd), then 12 random base32 characters (60 bits),
 * e.g. `LT260312K7Q2M9XA4B3C`. The date helps a person find a payment; the random part makes two
 * references of a day collide with negligible chance, and the table's primary key refuses one
 * that does.
 */
export function newPaymentReference(
  now: Date,
  random: (bytes: number) => Uint8Array = randomBytes,
): string {
  const day = (toPaymentTime(now) ?? '').slice(2, 8);
  const bytes = random(RANDOM_CHARS);
  let tail = '';
  for (let i = 0; i < RANDOM_CHARS; i++) tail += ALPHABET[(bytes[i] ?? 0) & 31];
  return `LT${day}${tail}`;
}
