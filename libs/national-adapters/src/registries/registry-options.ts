import type { HubLogger, MetricsRegistry } from '@hub/observability';

/** Circuit-breaker tuning (opossum); only transient failures count against the registry. */
export interface RegistryBreakerOptions {
  /** Failure percentage within the rolling window that opens the breaker. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls within the window before the breaker may open at all. Default 5. */
  volumeThreshold?: number;
  /** How long the breaker stays open before letting one trial call through. Default 10000. */
  resetTimeoutMs?: number;
  /** Length of the rolling statistics window. Default 10000. */
  rollingCountTimeoutMs?: number;
}

export interface RegistryAdapterOptions {
  /**
   * The registry's base URL. Population: the lookup is `POST <baseUrl>/CongDan/TraCuu`
   * (e.g. `http://127.0.0.1:4002/csdlqgdc/api/v1`). Business: `GET
   * <baseUrl>/DoanhNghiep/chiTietDoanhNghiep?msdn=` (e.g. `http://127.0.0.1:4003/dkkd/api/v1`).
   */
  baseUrl: string;
  /** Per HTTP call. Default 5000. */
  timeoutMs?: number;
  breaker?: RegistryBreakerOptions;
  /** Upper bound on concurrent keep-alive sockets. Default 32. */
  maxSockets?: number;
  /** Extra headers on every call, e.g. the data-sharing platform's API key. */
  headers?: Record<string, string>;
  metrics?: MetricsRegistry;
  logger?: HubLogger;
  /** The time stamped on results as `fetchedAt`; tests pin it. Default `() => new Date()`. */
  clock?: () => Date;
}

export const REGISTRY_DEFAULTS = {
  timeoutMs: 5_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  resetTimeoutMs: 10_000,
  rollingCountTimeoutMs: 10_000,
  maxSockets: 32,
} as const;
