import type { HubLogger, MetricsRegistry } from '@hub/observability';

/** Circuit-breaker tuning (opossum); only transient failures count against the platform. */
export interface PaymentBreakerOptions {
  /** Failure percentage within the rolling window that opens the breaker. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls within the window before the breaker may open at all. Default 5. */
  volumeThreshold?: number;
  /** How long the breaker stays open before letting one trial call through. Default 10000. */
  resetTimeoutMs?: number;
  /** Length of the rolling statistics window. Default 10000. */
  rollingCountTimeoutMs?: number;
}

export interface PaymentPlatformOptions {
  /**
   * The platform's base URL; INIT is `POST <baseUrl>/init`, QUERY `POST <baseUrl>/query`
   * (e.g. `http://127.0.0.1:4005/thanhtoan/api/v1`, apps/mock-payment).
   */
  baseUrl: string;
  /** `MaDoiTac`: the code the platform gave the hub as its partner. */
  partnerCode: string;
  /** The secret shared with the platform; it signs every message (`MaXacThuc`). Never logged. */
  secret: string;
  /** Per HTTP call. Default 10000. */
  timeoutMs?: number;
  breaker?: PaymentBreakerOptions;
  /** Upper bound on concurrent keep-alive sockets. Default 16. */
  maxSockets?: number;
  /** Extra headers on every call, e.g. the portal's `Authorization: Bearer …` in front of it. */
  headers?: Record<string, string>;
  metrics?: MetricsRegistry;
  logger?: HubLogger;
  /** The time a QUERY is stamped with when no start time is given; tests pin it. */
  clock?: () => Date;
}

export const PAYMENT_DEFAULTS = {
  timeoutMs: 10_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  resetTimeoutMs: 10_000,
  rollingCountTimeoutMs: 10_000,
  maxSockets: 16,
} as const;
