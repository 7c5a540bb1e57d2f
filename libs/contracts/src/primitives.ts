import { z } from 'zod';

/** `<agency code>-<yyMMdd>-<5 digits>`, e.g. `000.00.01.H26-260312-00042` (mã hồ sơ). */
export const CASE_CODE_PATTERN = /^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){1,5}-\d{6}-\d{5}$/;
export const caseCode = z
  .string()
  .regex(CASE_CODE_PATTERN, {
    message: 'must be a case code like 000.00.01.H26-260312-00042',
    abort: true,
  })
  // The portal refuses a case code whose yyMMdd (the intake day, 20yy) is not a day that exists.
  .refine((code) => isRealDay(`20${code.slice(-12, -6)}`), {
    message: 'must have a yyMMdd part that is a real day (the intake date)',
  });

/** `yyyyMMdd` names a day that exists (20260230 does not). */
function isRealDay(yyyyMMdd: string): boolean {
  const [y, m, d] = [yyyyMMdd.slice(0, 4), yyyyMMdd.slice(4, 6), yyyyMMdd.slice(6, 8)].map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Agency code as used in case codes, e.g. `000.00.01.H26`. */
export const agencyCode = z
  .string()
  .regex(/^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){1,5}$/, 'must be an agency code like 000.00.01.H26');

/** Procedure code (mã TTHC), e.g. `1.005092`. */
export const procedureCode = z
  .string()
  .regex(/^\d{1,2}\.\d{6}$/, 'must be a procedure code like 1.005092');

/** 12-digit personal ID (số định danh cá nhân). */
export const personalId = z.string().regex(/^\d{12}$/, 'must be exactly 12 digits');

/** 10-digit enterprise code, with a `-NNN` suffix for dependent units. */
export const enterpriseCode = z
  .string()
  .regex(/^\d{10}(-\d{3})?$/, 'must be 10 digits, optionally followed by -NNN for a branch');

/**
 * What the hub can store: one rule, applied to every case event at HTTP and Kafka intake alike
 * (contracts/README.md, "What the hub can store"). Each limit is a value Postgres or the national
 * portal refuses, so an event outside it would be accepted (202) and then fail later — in the
 * transaction (a 500), in a reader, or as a portal dead letter.
 */
export const STORABLE = {
  /**
   * No date or time before this: the portal reads the `yyMMdd` of a case code as 20yy, Postgres
   * has no year 0, and nothing the city sends predates its one-stop systems.
   */
  earliest: '2000-01-01',
  /** Deadlines and validity dates end before this: far-future dates are typos the portal refuses. */
  latestDeadline: '2100-01-01',
  /** Birth dates start here (a living applicant); they may not be after today. */
  earliestBirthDate: '1900-01-01',
  /**
   * How far an event's moment may lie ahead of the hub's clock: a department's clock may be off,
   * but a moment later than this has not happened yet.
   */
  clockSkewMs: 24 * 3600_000,
  /** UTC offsets in use run from -12:00 to +14:00; Postgres refuses beyond ±15:59. */
  maxOffsetMinutes: 14 * 60,
} as const;

const EARLIEST_MS = Date.parse(`${STORABLE.earliest}T00:00:00Z`);
const LATEST_DEADLINE_MS = Date.parse(`${STORABLE.latestDeadline}T00:00:00Z`);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored, or undefined when it can. Postgres text and jsonb refuse U+0000,
 * and a lone UTF-16 surrogate is not Unicode: jsonb refuses its escape, and as text it would be
 * stored as U+FFFD, so a re-send would no longer hash the same.
 */
export function unstorableString(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)';
  return undefined;
}

/**
 * Reports every string anywhere in `value` (object keys included) that `unstorableString`
 * refuses, at its path. Attached to whole events, so a field added later is covered too.
 */
export function reportUnstorableStrings(value: unknown, ctx: z.RefinementCtx): void {
  const visit = (v: unknown, path: (string | number)[]): void => {
    if (typeof v === 'string') {
      const reason = unstorableString(v);
      if (reason) ctx.addIssue({ code: 'custom', path, message: reason });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...path, i]));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        const reason = unstorableString(key);
        if (reason) ctx.addIssue({ code: 'custom', path, message: `has a field name that ${reason}` });
        else visit(item, [...path, key]);
      }
    }
  };
  visit(value, []);
}

/** Minutes east of UTC of an RFC 3339 date-time (`Z` is 0). */
function offsetMinutes(rfc3339: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(rfc3339);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const rfc3339 = z.iso.datetime({
  offset: true,
  message: 'must be an RFC 3339 date-time with a time zone, e.g. 2026-03-12T08:30:00+07:00',
});

/** An RFC 3339 date-time whose offset is in use and whose instant lies in [earliest, before). */
function dateTimeIn(before: () => number, beforeText: string) {
  return rfc3339
    .refine((s) => Math.abs(offsetMinutes(s)) <= STORABLE.maxOffsetMinutes, {
      message: 'must have a UTC offset between -14:00 and +14:00',
      abort: true,
    })
    .refine((s) => Date.parse(s) >= EARLIEST_MS, {
      message: `must not be before ${STORABLE.earliest}`,
      abort: true,
    })
    .refine((s) => Date.parse(s) < before(), { message: `must be before ${beforeText}` });
}

/**
 * When something happened (event `time`, `receivedAt`, `paidAt`, ...): RFC 3339 with an explicit
 * offset (the portal needs local time; we convert), from 2000 to the hub's clock plus a day.
 */
export const timestamp = dateTimeIn(
  () => Date.now() + STORABLE.clockSkewMs,
  'the current time plus one day (it has not happened yet)',
);

/** A deadline or validity end (`dueAt`, `newDueAt`): RFC 3339 with an offset, years 2000..2099. */
export const deadline = dateTimeIn(() => LATEST_DEADLINE_MS, STORABLE.latestDeadline);

const calendarDate = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

/** A business date (YYYY-MM-DD), years 2000..2099. */
export const isoDate = calendarDate
  .refine((d) => d >= STORABLE.earliest, {
    message: `must not be before ${STORABLE.earliest}`,
    abort: true,
  })
  .refine((d) => d < STORABLE.latestDeadline, {
    message: `must be before ${STORABLE.latestDeadline}`,
  });

/** A birth date (YYYY-MM-DD): from 1900, not after today (Hanoi's today may be UTC's tomorrow). */
export const birthDate = calendarDate
  .refine((d) => d >= STORABLE.earliestBirthDate, {
    message: `must not be before ${STORABLE.earliestBirthDate}`,
    abort: true,
  })
  .refine((d) => d <= new Date(Date.now() + STORABLE.clockSkewMs).toISOString().slice(0, 10), {
    message: 'must not be in the future',
  });

export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Amounts are whole Vietnamese dong. */
export const vnd = z
  .number({ message: 'must be a number of VND' })
  .int('must be a whole number of VND')
  .min(0, 'must not be negative')
  .max(1_000_000_000_000, 'is implausibly large');

export const departmentCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be letters, digits, - or _ (at most 64)');
