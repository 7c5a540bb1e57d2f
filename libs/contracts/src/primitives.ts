import { z } from 'zod';

/** `<agency code>-<yyMMdd>-<5 digits>`, e.g. `000.00.01.H26-260312-00042` (mã hồ sơ). */
export const CASE_CODE_PATTERN = /^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){1,5}-\d{6}-\d{5}$/;
export const caseCode = z
  .string()
  .regex(CASE_CODE_PATTERN, 'must be a case code like 000.00.01.H26-260312-00042');

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

/** RFC 3339 timestamp with an explicit offset (the portal needs local time; we convert). */
export const timestamp = z.iso.datetime({
  offset: true,
  message: 'must be an RFC 3339 date-time with a time zone, e.g. 2026-03-12T08:30:00+07:00',
});

export const isoDate = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

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
