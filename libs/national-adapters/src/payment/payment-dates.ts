import { fromPortalDate, toPortalDate } from '../portal/portal-dates';

/*
 * The payment platform writes times as the portal does: `yyyyMMddHHmmss`, Hanoi wall clock
 * (UTC+7), no offset. The portal's helpers do the conversion; these only give the payment side
 * its own failure for a bad input instead of the portal's exception.
 */

/** An instant (a Date, or RFC 3339 with any offset) → `yyyyMMddHHmmss` in Hanoi time. */
export function toPaymentTime(instant: Date | string): string | undefined {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(ms)) return undefined;
  return toPortalDate(new Date(ms).toISOString());
}

/** `yyyyMMddHHmmss` (Hanoi time) → RFC 3339 with `+07:00`; undefined when malformed. */
export function fromPaymentTime(value: string | undefined): string | undefined {
  return fromPortalDate(value);
}
