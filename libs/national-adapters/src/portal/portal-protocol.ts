import { PortalErrorCode, type PortalRejected, type PortalTransient } from './portal-errors';
import type { PortalServiceName } from './portal-wire';
import { errorCodeOf } from '../transport/json-http';

/*
 * How the portal answers, and what each answer means for the hub. Business answers arrive as
 * HTTP 200 with an `error_code`; only the transport (connection, timeout, 5xx, 429) is transient.
 */

/** Login answers the number 0; services answer "0"; some portal versions answer "00". */
const SUCCESS_CODES: ReadonlySet<string> = new Set(['0', '00']);
/** The session is missing or expired: log in again and resend once. */
export const SESSION_EXPIRED_CODE = '-2';
/** Create of a dossier the portal already holds ("đã tồn tại"): resend as an update. */
export const ALREADY_EXISTS_CODE = '2';
/** `TraCuuHoSo` for a dossier the portal does not hold. */
export const NOT_FOUND_CODE = '3';

/** What the portal body carries in every answer (other fields depend on the service). */
export interface PortalAnswer {
  error_code: string | number;
  message?: string;
  [field: string]: unknown;
}

/** One HTTP exchange as the classifier needs it. */
export interface PortalHttpReply {
  status: number;
  body: unknown;
  /** The `Retry-After` header, if any (seconds or an HTTP date). */
  retryAfter?: string | undefined;
}

export type PortalReply =
  | { kind: 'success'; answer: PortalAnswer }
  | { kind: 'session-expired'; message: string }
  | PortalRejected
  | PortalTransient;

/**
 * The idempotency key of a service call: the portal answers a repeated key with its stored
 * earlier answer instead of applying the call again, so a resent event cannot double-apply.
 * `variant` tells apart a second, different call made for the same event (create → update).
 */
export function portalIdempotencyKey(
  eventId: string,
  service: PortalServiceName,
  variant?: 'update',
): string {
  return variant === undefined ? `${eventId}:${service}` : `${eventId}:${service}:${variant}`;
}

export function portalErrorCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const raw = (body as Record<string, unknown>)['error_code'];
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  return undefined;
}

export function isSuccessCode(code: string | undefined): boolean {
  return code !== undefined && SUCCESS_CODES.has(code);
}

/** HTTP status + body → what the answer means. Pure; `now` only resolves an HTTP-date Retry-After. */
export function classifyPortalReply(reply: PortalHttpReply, now = Date.now()): PortalReply {
  const { status } = reply;
  if (status === 429) {
    return transient(
      PortalErrorCode.PORTAL_RATE_LIMITED,
      'portal rate limit (HTTP 429)',
      parseRetryAfter(reply.retryAfter, now),
    );
  }
  // 408 is the server giving up waiting for us: as transient as a 5xx.
  if (status >= 500 || status === 408) {
    return transient(
      PortalErrorCode.PORTAL_HTTP_5XX,
      `portal answered HTTP ${status}`,
      parseRetryAfter(reply.retryAfter, now),
    );
  }
  if (status < 200 || status >= 300) {
    return {
      kind: 'rejected',
      code: PortalErrorCode.PORTAL_HTTP_4XX,
      portalCode: `HTTP ${status}`,
      message: messageOf(reply.body) ?? `portal answered HTTP ${status}`,
    };
  }
  const code = portalErrorCodeOf(reply.body);
  if (code === undefined) {
    return transient(PortalErrorCode.PORTAL_BAD_RESPONSE, 'portal answer has no error_code');
  }
  const message = messageOf(reply.body) ?? `portal error_code ${code}`;
  if (isSuccessCode(code)) return { kind: 'success', answer: reply.body as PortalAnswer };
  if (code === SESSION_EXPIRED_CODE) return { kind: 'session-expired', message };
  return { kind: 'rejected', code: PortalErrorCode.PORTAL_REJECTED, portalCode: code, message };
}

const TIMEOUT_ERRORS: ReadonlySet<string> = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/** A failure below HTTP (connection refused/reset, DNS, timeout) → transient. */
export function classifyTransportError(error: unknown): PortalTransient {
  const code = errorCodeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code !== undefined && TIMEOUT_ERRORS.has(code)) {
    return transient(PortalErrorCode.PORTAL_TIMEOUT, `portal did not answer in time (${detail})`);
  }
  return transient(
    PortalErrorCode.PORTAL_UNAVAILABLE,
    `portal unreachable (${code ?? 'no code'}: ${detail})`,
  );
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const message = (body as Record<string, unknown>)['message'];
  return typeof message === 'string' && message !== '' ? message : undefined;
}

function transient(code: PortalErrorCode, message: string, retryAfterMs?: number): PortalTransient {
  return retryAfterMs === undefined
    ? { kind: 'transient', code, message }
    : { kind: 'transient', code, message, retryAfterMs };
}
