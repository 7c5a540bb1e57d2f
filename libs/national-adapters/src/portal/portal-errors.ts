/**
 * Hub-side codes for everything that can go wrong talking to the portal. A consumer decides
 * "retry later" or "dead-letter" from the outcome kind and these codes, never from message text.
 */
export enum PortalErrorCode {
  /** Connection refused/reset, DNS failure: the portal could not be reached. Transient. */
  PORTAL_UNAVAILABLE = 'PORTAL_UNAVAILABLE',
  /** No answer within `timeoutMs`. Transient. */
  PORTAL_TIMEOUT = 'PORTAL_TIMEOUT',
  /** HTTP 5xx (or 408) from the portal or a gateway in front of it. Transient. */
  PORTAL_HTTP_5XX = 'PORTAL_HTTP_5XX',
  /** HTTP 429; `retryAfterMs` carries the portal's `Retry-After` when it sent one. Transient. */
  PORTAL_RATE_LIMITED = 'PORTAL_RATE_LIMITED',
  /** HTTP 200 whose body is not a portal answer (no `error_code`), e.g. a proxy page. Transient. */
  PORTAL_BAD_RESPONSE = 'PORTAL_BAD_RESPONSE',
  /** The circuit breaker is open; the call was not attempted. Transient. */
  BREAKER_OPEN = 'BREAKER_OPEN',
  /** Login refused (bad credentials). Transient: the event is fine, the deployment is not. */
  LOGIN_FAILED = 'LOGIN_FAILED',
  /** The portal said "session expired" (-2) again right after a fresh login. Transient. */
  SESSION_REJECTED = 'SESSION_REJECTED',
  /** The portal answered with a business error code; `portalCode` holds it. Final. */
  PORTAL_REJECTED = 'PORTAL_REJECTED',
  /** HTTP 4xx other than 408/429: the request itself is wrong for the portal. Final. */
  PORTAL_HTTP_4XX = 'PORTAL_HTTP_4XX',
  /** The case history handed to the adapter cannot be folded into a dossier. Final. */
  INVALID_HISTORY = 'INVALID_HISTORY',
}

/** Thrown only for programming errors (a malformed case history); expected failures are values. */
export class PortalAdapterException extends Error {
  constructor(
    readonly code: PortalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PortalAdapterException';
  }
}

/** The portal accepted the event; `portalStatus` is the dossier's `TrangThaiHoSo` code after it. */
export interface PortalSynced {
  kind: 'synced';
  portalStatus: string;
}

/** Final: the portal (or the adapter, for a malformed history) refused the event for good. */
export interface PortalRejected {
  kind: 'rejected';
  code: PortalErrorCode;
  /** The portal's own `error_code` ("1", "3", "4", "5", ...) or `HTTP <status>`; absent when hub-side. */
  portalCode?: string;
  message: string;
}

/** Infrastructure failure: try again later (the caller schedules it durably, with backoff). */
export interface PortalTransient {
  kind: 'transient';
  code: PortalErrorCode;
  message: string;
  retryAfterMs?: number;
}

/** The breaker is open: nothing was sent. `retryAfterMs` ≈ time until it lets a trial call through. */
export interface PortalBreakerOpen {
  kind: 'breaker-open';
  code: PortalErrorCode.BREAKER_OPEN;
  retryAfterMs: number;
}

export type PortalFailure = PortalRejected | PortalTransient | PortalBreakerOpen;

/**
 * A failure of syncEvent may come after the dossier write was applied (only the progress call
 * failed): `dossierSynced` says so, and the next attempt must skip the dossier write.
 */
export type PortalSyncFailure = PortalFailure & { dossierSynced?: boolean };

export type PortalSyncOutcome = PortalSynced | PortalSyncFailure;
