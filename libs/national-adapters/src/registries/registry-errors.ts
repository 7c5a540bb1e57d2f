import type { RegistryName } from './registry-types';

/**
 * Why a registry lookup failed. Callers decide "retry later" or "give up" from the code alone
 * (`isTransientRegistryError`), never from the message text.
 */
export enum RegistryErrorCode {
  /** Network failure, timeout, HTTP 5xx/429/408, unreadable answer, breaker open: retry later. */
  Unavailable = 'REGISTRY_UNAVAILABLE',
  /** "004": the procedure (MaDVC) is not licensed to use the registry. Permanent. */
  NotLicensed = 'REGISTRY_NOT_LICENSED',
  /** "005": the official (MaCanBo) is not authorised. Permanent. */
  NotAuthorised = 'REGISTRY_NOT_AUTHORISED',
  /** The registry refused the request as malformed (bad ID, missing field). Permanent. */
  Rejected = 'REGISTRY_REJECTED',
}

const TRANSIENT_CODES: ReadonlySet<RegistryErrorCode> = new Set([RegistryErrorCode.Unavailable]);

/** True when the same lookup may succeed later unchanged. Decided by code only. */
export function isTransientRegistryError(code: RegistryErrorCode): boolean {
  return TRANSIENT_CODES.has(code);
}

export interface RegistryErrorDetails {
  registry: RegistryName;
  /** The registry's own error code ("004", "005", "002", "HTTP 503", ...) when it gave one. */
  registryCode?: string;
  /** Wait at least this long before retrying (Retry-After, or until the breaker half-opens). */
  retryAfterMs?: number;
}

/** A failed registry lookup. Thrown by `lookupCitizen` / `lookupEnterprise`. */
export class RegistryError extends Error {
  readonly registry: RegistryName;
  readonly registryCode: string | undefined;
  readonly retryAfterMs?: number;

  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    details: RegistryErrorDetails,
  ) {
    super(message);
    this.name = 'RegistryError';
    this.registry = details.registry;
    this.registryCode = details.registryCode;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }

  /** Same as `isTransientRegistryError(this.code)`. */
  get transient(): boolean {
    return isTransientRegistryError(this.code);
  }
}
