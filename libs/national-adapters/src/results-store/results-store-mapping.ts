import type { z } from 'zod';
import { toPortalDate } from '../portal/portal-dates';
import { parseRetryAfter } from '../portal/portal-protocol';
import { ResultsStoreError, ResultsStoreErrorCode } from './results-store-errors';
import {
  OWNER_KINDS,
  REGISTRATION_CODES,
  type ResultRegistrationRequest,
  registrationResult,
} from './results-store-registration-wire';
import type {
  NationalResult,
  ResultLookupInput,
  ResultRegistrationInput,
  ResultRegistrationOutcome,
} from './results-store-types';
import {
  type ResultLookupRequest,
  STORE_SUCCESS,
  lookupResult,
  storeEnvelope,
} from './results-store-wire';

/*
 * Hub input → the store's requests, and the store's answers → hub values, once, at the edge. The
 * readers are pure and total: whatever the store (or a proxy in front of it) sends, they return
 * a value or a named ResultsStoreError, never throw.
 */

/** One HTTP exchange as the readers need it. */
export interface StoreHttpReply {
  status: number;
  body: unknown;
  /** The `Retry-After` header, if any (seconds or an HTTP date). */
  retryAfter?: string | undefined;
}

/** A reading of one answer: the outcome label (for metrics and logs) and the value, or an error. */
export type StoreReading<T> = { outcome: string; value: T } | ResultsStoreError;

const PERSONAL_ID = /^\d{12}$/;
const ENTERPRISE_CODE = /^\d{10}(-\d{3})?$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const SHA_256 = /^[0-9a-f]{64}$/i;
const CHANNELS: ReadonlySet<string> = new Set(['1', '2', '3']);

/**
 * What is wrong with a registration before anything is sent, one entry per field; empty when
 * nothing is. Never quotes the owner's ID (it may be a personal ID with a typo).
 */
export function registrationProblems(input: ResultRegistrationInput): string[] {
  const problems: string[] = [];
  const need = (field: keyof ResultRegistrationInput, max = 500): void => {
    if (!isText(input[field], max)) problems.push(`${field} must be a non-empty string`);
  };
  need('idempotencyKey', 128);
  if (input.ownerKind !== 'citizen' && input.ownerKind !== 'enterprise') {
    problems.push('ownerKind must be citizen or enterprise');
  } else if (!ownerIdFits(input.ownerId, input.ownerKind)) {
    problems.push(
      input.ownerKind === 'citizen'
        ? 'ownerId must be a 12-digit personal ID'
        : 'ownerId must be an enterprise code (10 digits, or 13 for a unit)',
    );
  }
  need('ownerName');
  need('resultCode', 64);
  need('documentName');
  need('documentNo', 100);
  need('issuingAgencyCode', 64);
  need('issuingAgencyName');
  need('procedureCode', 64);
  need('caseCode', 64);
  if (!isRfc3339(input.issuedAt)) problems.push('issuedAt must be an RFC 3339 timestamp');
  if (!Array.isArray(input.files) || input.files.length === 0) {
    problems.push('files must list at least one file');
  } else {
    input.files.forEach((file, i) => {
      if (!isText(file?.name, 255)) problems.push(`files.${i}.name must be a non-empty string`);
      if (!isHttpUrl(file?.url)) problems.push(`files.${i}.url must be an http(s) URL`);
      if (file?.sha256 !== undefined && !SHA_256.test(file.sha256)) {
        problems.push(`files.${i}.sha256 must be 64 hexadecimal digits`);
      }
    });
  }
  return problems;
}

/** The same for a lookup. */
export function lookupProblems(input: ResultLookupInput): string[] {
  const problems: string[] = [];
  if (
    typeof input.ownerId !== 'string' ||
    !(PERSONAL_ID.test(input.ownerId) || ENTERPRISE_CODE.test(input.ownerId))
  ) {
    problems.push('ownerId must be a 12-digit personal ID or an enterprise code');
  }
  if (!isText(input.requesterId, 64)) problems.push('requesterId must be a non-empty string');
  if (!isText(input.requesterName, 255)) problems.push('requesterName must be a non-empty string');
  if (typeof input.channel !== 'string' || !CHANNELS.has(input.channel)) {
    problems.push('channel must be "1" (in person), "2" (online) or "3" (by post)');
  }
  if (!isText(input.procedureCode, 64)) problems.push('procedureCode must be a non-empty string');
  if (!Array.isArray(input.results)) {
    problems.push('results must be a list (empty for all of the owner’s results)');
  } else {
    input.results.forEach((wanted, i) => {
      if (!isText(wanted?.resultCode, 64)) {
        problems.push(`results.${i}.resultCode must be a non-empty string`);
      }
      if (wanted?.documentNo !== undefined && typeof wanted.documentNo !== 'string') {
        problems.push(`results.${i}.documentNo must be a string`);
      }
    });
  }
  return problems;
}

/** Input already checked by `registrationProblems`. */
export function toRegistrationRequest(
  input: ResultRegistrationInput,
  callerCode: string,
): ResultRegistrationRequest {
  return {
    MaYeuCau: input.idempotencyKey,
    MaDonVi: callerCode,
    SoDinhDanhChuSoHuu: input.ownerId,
    LoaiChuSoHuu: OWNER_KINDS[input.ownerKind],
    TenChuSoHuu: input.ownerName.trim(),
    MaKetQua: input.resultCode.trim(),
    TenGiayTo: input.documentName.trim(),
    SoKyHieu: input.documentNo.trim(),
    CoQuanChuQuan: input.issuingAgencyCode.trim(),
    TenCoQuanChuQuan: input.issuingAgencyName.trim(),
    NgayCap: toPortalDate(input.issuedAt),
    MaThuTuc: input.procedureCode.trim(),
    MaHoSo: input.caseCode.trim(),
    DanhSachTepDinhKem: input.files.map((file) => ({
      TenTep: file.name.trim(),
      DuongDan: file.url,
      ...(file.sha256 === undefined ? {} : { MaBamSHA256: file.sha256.toLowerCase() }),
    })),
  };
}

/** Input already checked by `lookupProblems`. A missing document number asks for any ("" as integrators send). */
export function toLookupRequest(input: ResultLookupInput): ResultLookupRequest {
  return {
    SoDinhDanhChuSoHuu: input.ownerId,
    HoTenNguoiYeuCau: input.requesterName.trim(),
    KenhThucHien: input.channel,
    SoDinhDanhNguoiYeuCau: input.requesterId.trim(),
    MaThuTuc: input.procedureCode.trim(),
    DanhSachDanhMucKetQua: input.results.map((wanted) => ({
      MaKetQua: wanted.resultCode.trim(),
      SoKyHieu: wanted.documentNo?.trim() ?? '',
    })),
  };
}

/**
 * A registration's answer: registered / already registered with the store's id, or the store's
 * refusal as a value; transient failures (429, 408, 5xx, an answer that is not the store's) as
 * errors.
 */
export function readRegistrationAnswer(
  reply: StoreHttpReply,
  now = Date.now(),
): StoreReading<ResultRegistrationOutcome> {
  const envelope = envelopeOf(reply, now);
  if (envelope instanceof ResultsStoreError) return envelope;
  if ('refusedWithoutEnvelope' in envelope) {
    return rejected(`HTTP ${reply.status}`, `the store refused the call (HTTP ${reply.status})`);
  }
  const { errorCode, message, result } = envelope;
  if (
    errorCode === REGISTRATION_CODES.registered ||
    errorCode === REGISTRATION_CODES.alreadyRegistered
  ) {
    const parsed = registrationResult.safeParse(result);
    if (!parsed.success) return badResponse(`result.MaDangKy: ${describeIssues(parsed.error)}`);
    const kind = errorCode === REGISTRATION_CODES.registered ? 'registered' : 'already-registered';
    return { outcome: kind, value: { kind, registrationId: parsed.data.MaDangKy } };
  }
  return rejected(errorCode, message === '' ? `the store refused (${errorCode})` : message);
}

/** A lookup's answer: the results found (possibly none), or a named error. */
export function readLookupAnswer(
  reply: StoreHttpReply,
  now = Date.now(),
): StoreReading<NationalResult[]> {
  const envelope = envelopeOf(reply, now);
  if (envelope instanceof ResultsStoreError) return envelope;
  if ('refusedWithoutEnvelope' in envelope) {
    return new ResultsStoreError(
      ResultsStoreErrorCode.Rejected,
      `results store refused the lookup (HTTP ${reply.status})`,
      { storeCode: `HTTP ${reply.status}` },
    );
  }
  const { errorCode, message, result } = envelope;
  if (errorCode !== STORE_SUCCESS) {
    return new ResultsStoreError(
      ResultsStoreErrorCode.Rejected,
      `results store refused the lookup (${errorCode}${message === '' ? '' : `: ${message}`})`,
      { storeCode: errorCode },
    );
  }
  const parsed = lookupResult.safeParse(result);
  if (!parsed.success) return badResponse(`result: ${describeIssues(parsed.error)}`);
  const found = parsed.data.DanhSachGiayToKetQua.map((item): NationalResult => ({
    resultCode: item.MaKetQua,
    documentName: item.TenGiayTo,
    documentNo: item.SoKyHieu,
    issuingAgency: item.CoQuanChuQuan,
    files: item.DanhSachTepDinhKem.map((file) => ({ name: file.TenTep, url: file.DuongDan })),
  }));
  return { outcome: found.length > 0 ? 'found' : 'not-found', value: found };
}

/** A failure below HTTP (connection refused/reset, DNS, timeout): always transient. */
export function transportFailure(error: unknown, code: string | undefined): ResultsStoreError {
  const detail = error instanceof Error ? error.message : String(error);
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED';
  return new ResultsStoreError(
    ResultsStoreErrorCode.Unavailable,
    timedOut
      ? `results store did not answer in time (${detail})`
      : `results store unreachable (${code ?? 'no code'}: ${detail})`,
    { storeCode: timedOut ? 'TIMEOUT' : (code ?? 'NETWORK') },
  );
}

type Envelope = z.output<typeof storeEnvelope>;

/**
 * The envelope of an answer; a transient error for 429, 408 and 5xx (whatever the body) and for
 * a 2xx that is not the store's; `refusedWithoutEnvelope` for another status without one.
 */
function envelopeOf(
  reply: StoreHttpReply,
  now: number,
): Envelope | ResultsStoreError | { refusedWithoutEnvelope: true } {
  const { status } = reply;
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(reply.retryAfter, now);
    return new ResultsStoreError(
      ResultsStoreErrorCode.Unavailable,
      `results store answered HTTP ${status}`,
      { storeCode: `HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    );
  }
  const parsed = storeEnvelope.safeParse(reply.body);
  if (parsed.success) return parsed.data;
  if (status >= 200 && status < 300) return badResponse('no errorCode envelope');
  return { refusedWithoutEnvelope: true };
}

function rejected(code: string, message: string): StoreReading<ResultRegistrationOutcome> {
  return { outcome: 'rejected', value: { kind: 'rejected', code, message } };
}

/** A 2xx answer the adapter cannot read: an infrastructure problem (proxy page, truncation). */
function badResponse(detail: string): ResultsStoreError {
  return new ResultsStoreError(
    ResultsStoreErrorCode.Unavailable,
    `results store gave an unreadable answer: ${detail}`,
    { storeCode: 'BAD_RESPONSE' },
  );
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'} ${i.message}`)
    .join('; ');
}

function ownerIdFits(ownerId: unknown, kind: 'citizen' | 'enterprise'): boolean {
  if (typeof ownerId !== 'string') return false;
  return kind === 'citizen' ? PERSONAL_ID.test(ownerId) : ENTERPRISE_CODE.test(ownerId);
}

function isText(value: unknown, max: number): boolean {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max;
}

function isRfc3339(value: unknown): boolean {
  return typeof value === 'string' && RFC_3339.test(value) && !Number.isNaN(Date.parse(value));
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2_000) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
