import type { BreakerState } from '../transport/breaker-client';

/*
 * The hub's view of the portal's store of digitised results (Kho quản lý dữ liệu điện tử). The
 * Vietnamese wire names are mapped to these types once, in this folder; nothing else in the hub
 * sees `DanhSachGiayToKetQua`.
 */

/** One issued result to keep in the national store, so a later procedure can reuse it. */
export interface ResultRegistrationInput {
  /** The same for every retry of one registration: the store answers a repeat as already registered. */
  idempotencyKey: string;
  /** A citizen's 12-digit personal ID, or an enterprise code (10 digits, or 13 for a unit). */
  ownerId: string;
  ownerKind: 'citizen' | 'enterprise';
  ownerName: string;
  /** The result's code in the procedure catalog (`KETQUATHUCHIEN.MAKETQUA`). */
  resultCode: string;
  documentName: string;
  /** The document's number (số ký hiệu). */
  documentNo: string;
  issuingAgencyCode: string;
  issuingAgencyName: string;
  /** RFC 3339. */
  issuedAt: string;
  procedureCode: string;
  /** The one-stop dossier code the result was issued on. */
  caseCode: string;
  /** At least one; `sha256` is 64 hex digits when given. */
  files: { name: string; url: string; sha256?: string }[];
}

export type ResultRegistrationOutcome =
  | { kind: 'registered' | 'already-registered'; registrationId: string }
  /** A business refusal: `code` is the store's `errorCode`, or `HUB_INVALID_INPUT`/`HTTP <status>`. */
  | { kind: 'rejected'; code: string; message: string };

export interface ResultLookupInput {
  /** The owner whose results are wanted: personal ID or enterprise code. */
  ownerId: string;
  /** Who asks (the store records it): a personal ID, as real integrators send. */
  requesterId: string;
  requesterName: string;
  /** `KenhThucHien`: "1" in person, "2" online, "3" by post. */
  channel: string;
  /** The procedure the lookup serves. */
  procedureCode: string;
  /** The results wanted; an empty list asks for all of the owner's results. */
  results: { resultCode: string; documentNo?: string }[];
}

export interface NationalResult {
  resultCode: string;
  documentName: string;
  documentNo: string;
  /** `CoQuanChuQuan` as the store sends it (the agency whose storage holds the files). */
  issuingAgency: string;
  files: { name: string; url: string }[];
}

export type ResultsStoreBreakerState = BreakerState;

/** What the hub depends on; `ResultsStoreAdapter` is the real one, tests may fake it. */
export interface ResultsStorePort {
  /**
   * Registered, already registered (the same id again) or rejected; throws `ResultsStoreError`
   * (transient) when the store could not be reached or did not answer in a readable way.
   */
  register(input: ResultRegistrationInput): Promise<ResultRegistrationOutcome>;
  /** The owner's results found; throws `ResultsStoreError` (its code says whether to retry). */
  lookup(input: ResultLookupInput): Promise<NationalResult[]>;
  breakerState(): ResultsStoreBreakerState;
  onBreakerChange(listener: (state: ResultsStoreBreakerState) => void): () => void;
}
