/**
 * Why a call to the store of digitised results failed. Callers decide "retry later" or "give up"
 * from the code alone (`isTransientResultsStoreError`), never from the message text.
 */
export enum ResultsStoreErrorCode {
  /**
   * Network failure, timeout, HTTP 5xx/429/408, an answer that is not the store's, breaker open:
   * retry later, as durable work.
   */
  Unavailable = 'RESULTS_STORE_UNAVAILABLE',
  /** The store refused a lookup (its `errorCode` in `storeCode`). Permanent for this request. */
  Rejected = 'RESULTS_STORE_REJECTED',
  /** The hub's own input is incomplete or malformed; nothing was sent. Permanent. */
  InvalidInput = 'RESULTS_STORE_INVALID_INPUT',
}

const TRANSIENT_CODES: ReadonlySet<ResultsStoreErrorCode> = new Set([
  ResultsStoreErrorCode.Unavailable,
]);

/** True when the same call may succeed later unchanged. Decided by code only. */
export function isTransientResultsStoreError(code: ResultsStoreErrorCode): boolean {
  return TRANSIENT_CODES.has(code);
}

export interface ResultsStoreErrorDetails {
  /**
   * The store's `errorCode`, or what stood in for one: `HTTP 503`, `TIMEOUT`, `BREAKER_OPEN`,
   * `BAD_RESPONSE`, a socket code (`ECONNREFUSED`), `HUB_INVALID_INPUT`.
   */
  storeCode?: string;
  /** Wait at least this long before retrying (Retry-After, or until the breaker half-opens). */
  retryAfterMs?: number;
}

/**
 * A failed call to the store. `register` throws only transient ones (a refusal is its
 * `rejected` outcome); `lookup` throws every kind.
 */
export class ResultsStoreError extends Error {
  readonly storeCode: string | undefined;
  readonly retryAfterMs?: number;

  constructor(
    readonly code: ResultsStoreErrorCode,
    message: string,
    details: ResultsStoreErrorDetails = {},
  ) {
    super(message);
    this.name = 'ResultsStoreError';
    this.storeCode = details.storeCode;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }

  /** Same as `isTransientResultsStoreError(this.code)`. */
  get transient(): boolean {
    return isTransientResultsStoreError(this.code);
  }
}
