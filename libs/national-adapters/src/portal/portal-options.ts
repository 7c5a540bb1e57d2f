import type { HubLogger, MetricsRegistry } from '@hub/observability';
import type { BreakerState } from '../transport/breaker-client';

/** Circuit-breaker tuning (opossum); only transient failures count against the portal. */
export interface PortalBreakerOptions {
  /** Failure percentage within the rolling window that opens the breaker. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls within the window before the breaker may open at all. Default 5. */
  volumeThreshold?: number;
  /** How long the breaker stays open before letting one trial call through. Default 10000. */
  resetTimeoutMs?: number;
  /** Length of the rolling statistics window. Default 10000. */
  rollingCountTimeoutMs?: number;
}

export interface PortalAdapterOptions {
  /** The portal's one endpoint, e.g. `http://127.0.0.1:4001/dvcqg/api`. */
  url: string;
  username: string;
  password: string;
  /** Sent as `madonvi` on every service call, e.g. `000.00.01.H26`. */
  agencyCode: string;
  /** Per HTTP call. Default 10000. */
  timeoutMs?: number;
  breaker?: PortalBreakerOptions;
  /** Upper bound on concurrent keep-alive sockets to the portal. Default 64. */
  maxSockets?: number;
  metrics?: MetricsRegistry;
  logger?: HubLogger;
}

export type PortalBreakerState = BreakerState;

export const PORTAL_DEFAULTS = {
  timeoutMs: 10_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  resetTimeoutMs: 10_000,
  rollingCountTimeoutMs: 10_000,
  maxSockets: 64,
} as const;
