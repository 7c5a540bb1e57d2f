/** `yyyyMMddHHmmss`, Asia/Ho_Chi_Minh local time (the portal never sends an offset). */
const PORTAL_DATE_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

export function isPortalDateTimeShape(value: string): boolean {
  return PORTAL_DATE_TIME.test(value);
}

/** True only for a date that exists: 20260230000000 has the right shape but is not a day. */
export function isRealPortalDateTime(value: string): boolean {
  const match = PORTAL_DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  if (hour > 23 || minute > 59 || second > 59) return false;
  return isRealDay(year, month, day);
}

/** The `yyMMdd` inside a case code (mã hồ sơ) is the intake day, so it must be a real day too. */
export function isRealShortDate(yyMMdd: string): boolean {
  if (!/^\d{6}$/.test(yyMMdd)) return false;
  const year = 2000 + Number(yyMMdd.slice(0, 2));
  return isRealDay(year, Number(yyMMdd.slice(2, 4)), Number(yyMMdd.slice(4, 6)));
}

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; Date.UTC handles leap years.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
