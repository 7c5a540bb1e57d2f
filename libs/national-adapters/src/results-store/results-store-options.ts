import type { HubLogger, MetricsRegistry } from '@hub/observability';

/** Circuit-breaker tuning (opossum); only transient failures count against the store. */
export interface ResultsStoreBreakerOptions {
  /** Failure percentage within the rolling window that opens the breaker. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls within the window before the breaker may open at all. Default 5. */
  volumeThreshold?: number;
  /** How long the breaker stays open before letting one trial call through. Default 10000. */
  resetTimeoutMs?: number;
  /** Length of the rolling statistics window. Default 10000. */
  rollingCountTimeoutMs?: number;
}

export interface ResultsStoreAdapterOptions {
  /**
   * The store's base URL; lookup is `POST <baseUrl>/KetQua/TraCuu`, registration
   * `POST <baseUrl>/KetQua/DangKy` (e.g. `http://127.0.0.1:4004/khoketqua/api/v1`).
   */
  baseUrl: string;
  /** The calling one-stop system's agency code, sent as `MaDonVi` on registrations. */
  callerCode: string;
  /** Per HTTP call. Default 5000. */
  timeoutMs?: number;
  breaker?: ResultsStoreBreakerOptions;
  /** Upper bound on concurrent keep-alive sockets. Default 16. */
  maxSockets?: number;
  /** Extra headers on every call, e.g. the portal's API key. */
  headers?: Record<string, string>;
  metrics?: MetricsRegistry;
  logger?: HubLogger;
}

export const RESULTS_STORE_DEFAULTS = {
  timeoutMs: 5_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  resetTimeoutMs: 10_000,
  rollingCountTimeoutMs: 10_000,
  maxSockets: 16,
} as const;
