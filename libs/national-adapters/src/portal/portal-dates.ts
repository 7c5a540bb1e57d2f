import { PortalAdapterException, PortalErrorCode } from './portal-errors';

/** Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact. */
const HANOI_OFFSET_MS = 7 * 3600_000;
const PORTAL_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** RFC 3339 (any offset) → the portal's `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh. */
export function toPortalDate(rfc3339: string): string {
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) {
    throw new PortalAdapterException(
      PortalErrorCode.INVALID_HISTORY,
      `not an RFC 3339 timestamp: ${rfc3339}`,
    );
  }
  // toISOString is UTC; shifting the instant by +7 h makes its digits Hanoi's wall clock.
  const iso = new Date(ms + HANOI_OFFSET_MS).toISOString();
  return iso.slice(0, 19).replace(/[-T:]/g, '');
}

/** The portal's `yyyyMMddHHmmss` (Hanoi time) → RFC 3339 with `+07:00`; undefined if malformed. */
export function fromPortalDate(portalDate: string | undefined): string | undefined {
  const m = portalDate === undefined ? null : PORTAL_DATE.exec(portalDate);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const rfc3339 = `${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`;
  return Number.isNaN(Date.parse(rfc3339)) ? undefined : rfc3339;
}
