import CircuitBreaker from 'opossum';
import type { HubLogger } from '@hub/observability';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { JsonHttpTransport } from '../transport/json-http';
import { RegistryError, RegistryErrorCode } from './registry-errors';
import { REGISTRY_DEFAULTS, type RegistryAdapterOptions } from './registry-options';
import {
  type RegistryHttpReply,
  classifyRegistryFailure,
  classifyTransportError,
  errorCodeOf,
} from './registry-protocol';
import type { RegistryBreakerState, RegistryLookupContext, RegistryName } from './registry-types';

/** One HTTP call to a registry. `service` labels metrics and logs. */
export interface RegistryRequest {
  service: string;
  method: 'GET' | 'POST';
  /** Relative to the adapter's `baseUrl`. */
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** A registry's reading of a 2xx answer: the outcome label plus the value, or an error. */
export type RegistryReading<T> = { outcome: string; value: T } | RegistryError;

const THROTTLED = 'THROTTLED';

type Reader = (reply: RegistryHttpReply) => RegistryReading<unknown>;

/** Carries a transient error out of the breaker's action, so opossum counts it as a failure. */
class TransientFailure extends Error {
  constructor(readonly error: RegistryError) {
    super(error.message);
    this.name = 'TransientFailure';
  }
}

const breakerGaugeValue: Readonly<Record<RegistryBreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/**
 * A registry's transport: JSON over keep-alive sockets and an opossum breaker around every
 * call. Only Unavailable failures count against the breaker; a "004" or a not-found is the
 * registry working as it should.
 */
export class RegistryClient {
  private readonly http: JsonHttpTransport;
  private readonly breaker: CircuitBreaker<[RegistryRequest, Reader], RegistryReading<unknown>>;
  private readonly resetTimeoutMs: number;
  private readonly listeners = new Set<(state: RegistryBreakerState) => void>();
  private readonly logger: HubLogger | undefined;
  private readonly calls: Counter<'adapter' | 'service' | 'outcome'> | undefined;
  private readonly durations: Histogram<'adapter' | 'service' | 'outcome'> | undefined;
  private readonly breakerGauge: Gauge<'adapter'> | undefined;
  private openedAt = 0;
  /** Until when the registry asked us (429 + Retry-After) not to call; 0 when it did not. */
  private throttledUntil = 0;

  constructor(
    private readonly registry: RegistryName,
    options: RegistryAdapterOptions,
  ) {
    const timeoutMs = options.timeoutMs ?? REGISTRY_DEFAULTS.timeoutMs;
    const maxSockets = options.maxSockets ?? REGISTRY_DEFAULTS.maxSockets;
    this.resetTimeoutMs = options.breaker?.resetTimeoutMs ?? REGISTRY_DEFAULTS.resetTimeoutMs;
    this.http = new JsonHttpTransport({
      baseUrl: options.baseUrl,
      timeoutMs,
      maxSockets,
      headers: { ...options.headers },
    });
    this.breaker = new CircuitBreaker(
      (request: RegistryRequest, read: Reader) => this.send(request, read),
      {
        name: registry,
        timeout: timeoutMs,
        errorThresholdPercentage:
          options.breaker?.errorThresholdPercentage ?? REGISTRY_DEFAULTS.errorThresholdPercentage,
        volumeThreshold: options.breaker?.volumeThreshold ?? REGISTRY_DEFAULTS.volumeThreshold,
        resetTimeout: this.resetTimeoutMs,
        rollingCountTimeout:
          options.breaker?.rollingCountTimeoutMs ?? REGISTRY_DEFAULTS.rollingCountTimeoutMs,
        rollingPercentilesEnabled: false,
        enableSnapshots: false,
      },
    );

    this.logger = options.logger?.child({ adapter: registry });
    const metrics = options.metrics;
    this.calls = metrics?.counter(
      'hub_national_calls_total',
      'Calls to national systems, by adapter, service and outcome',
      ['adapter', 'service', 'outcome'],
    );
    this.durations = metrics?.histogram(
      'hub_national_call_duration_seconds',
      'Duration of calls to national systems, by adapter, service and outcome',
      ['adapter', 'service', 'outcome'],
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    this.breakerGauge = metrics?.gauge(
      'hub_breaker_state',
      'Circuit breaker state per national adapter (0 closed, 1 half-open, 2 open)',
      ['adapter'],
    );
    this.breakerGauge?.set({ adapter: registry }, breakerGaugeValue.closed);

    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      this.breakerChanged('open');
    });
    this.breaker.on('halfOpen', () => this.breakerChanged('half-open'));
    this.breaker.on('close', () => this.breakerChanged('closed'));
  }

  breakerState(): RegistryBreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  onBreakerChange(listener: (state: RegistryBreakerState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * One call through the breaker. `read` turns a 2xx answer without a licensing code into the
   * value (or a RegistryError); every other answer is classified here. Throws RegistryError.
   */
  async call<T>(
    request: RegistryRequest,
    read: (reply: RegistryHttpReply) => RegistryReading<T>,
    ctx: RegistryLookupContext,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    let outcome: string;
    let result: { value: T } | { error: RegistryError };
    const throttledMs = this.throttledUntil - Date.now();
    try {
      if (throttledMs > 0) throw this.throttled(throttledMs);
      const reading = (await this.breaker.fire(request, read)) as RegistryReading<T>;
      if (reading instanceof RegistryError) {
        outcome = outcomeLabel(reading);
        result = { error: reading };
      } else {
        outcome = reading.outcome;
        result = { value: reading.value };
      }
    } catch (error) {
      const failure = this.failureOf(error);
      outcome =
        errorCodeOf(error) === 'EOPENBREAKER'
          ? 'breaker-open'
          : failure.registryCode === THROTTLED
            ? 'throttled'
            : outcomeLabel(failure);
      result = { error: failure };
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const labels = { adapter: this.registry, service: request.service, outcome };
    this.calls?.inc(labels);
    this.durations?.observe(labels, seconds);
    // Request id, official, procedure and purpose go to the log; the looked-up ID never does.
    const context = {
      service: request.service,
      requestId: ctx.requestId,
      officialCode: ctx.officialCode,
      serviceCode: ctx.serviceCode,
      purpose: ctx.purpose,
      outcome,
      durationMs: Math.round(seconds * 1000),
    };
    if ('value' in result) {
      this.logger?.event('info', `${this.registry} lookup`, context);
      return result.value;
    }
    this.logger?.event(
      outcome === 'breaker-open' ? 'debug' : 'warn',
      `${this.registry} lookup failed`,
      {
        ...context,
        code: result.error.code,
        registryCode: result.error.registryCode,
        message: result.error.message,
      },
    );
    throw result.error;
  }

  /** Stops the breaker's timers and closes pooled sockets. */
  close(): void {
    this.listeners.clear();
    this.breaker.shutdown();
    this.http.close();
  }

  /** The breaker's action: resolves for every answer but transient ones, which it throws. */
  private async send(request: RegistryRequest, read: Reader): Promise<RegistryReading<unknown>> {
    let response;
    try {
      response = await this.http.request({
        method: request.method,
        path: request.path,
        query: request.query,
        body: request.body,
      });
    } catch (error) {
      throw new TransientFailure(classifyTransportError(this.registry, error));
    }
    const header: unknown = response.headers['retry-after'];
    const reply: RegistryHttpReply = {
      status: response.status,
      body: response.body,
      retryAfter: typeof header === 'string' ? header : undefined,
    };
    const reading = classifyRegistryFailure(this.registry, reply) ?? read(reply);
    if (reading instanceof RegistryError && reading.transient) throw new TransientFailure(reading);
    return reading;
  }

  /**
   * Honours Retry-After on 429 for every caller of this adapter: until it has passed, lookups
   * fail fast without reaching the registry (a throttled registry counts calls, not callers).
   */
  private throttled(remainingMs: number): RegistryError {
    return new RegistryError(
      RegistryErrorCode.Unavailable,
      `${this.registry} registry asked to wait (Retry-After); not called`,
      { registry: this.registry, registryCode: THROTTLED, retryAfterMs: remainingMs },
    );
  }

  private failureOf(error: unknown): RegistryError {
    if (error instanceof RegistryError) return error;
    if (error instanceof TransientFailure) {
      if (error.error.registryCode === 'HTTP 429' && error.error.retryAfterMs !== undefined) {
        this.throttledUntil = Math.max(this.throttledUntil, Date.now() + error.error.retryAfterMs);
      }
      return error.error;
    }
    const code = errorCodeOf(error);
    if (code === 'EOPENBREAKER') {
      return new RegistryError(
        RegistryErrorCode.Unavailable,
        `${this.registry} registry breaker is open; not called`,
        {
          registry: this.registry,
          registryCode: 'BREAKER_OPEN',
          retryAfterMs: this.untilHalfOpenMs(),
        },
      );
    }
    // opossum's own timer (`timeout`), which fires even when the socket stays silent.
    if (code === 'ETIMEDOUT') {
      return new RegistryError(
        RegistryErrorCode.Unavailable,
        `${this.registry} registry did not answer in time`,
        { registry: this.registry, registryCode: 'TIMEOUT' },
      );
    }
    if (code === 'ESHUTDOWN') {
      return new RegistryError(
        RegistryErrorCode.Unavailable,
        `${this.registry} adapter is shut down`,
        { registry: this.registry, registryCode: 'SHUTDOWN' },
      );
    }
    return classifyTransportError(this.registry, error);
  }

  private untilHalfOpenMs(): number {
    // Half-open lets exactly one trial through; others wait for its verdict, which comes soon.
    if (this.breaker.halfOpen) return Math.min(1000, this.resetTimeoutMs);
    return Math.max(0, this.openedAt + this.resetTimeoutMs - Date.now());
  }

  private breakerChanged(state: RegistryBreakerState): void {
    this.breakerGauge?.set({ adapter: this.registry }, breakerGaugeValue[state]);
    this.logger?.event(state === 'open' ? 'warn' : 'info', `${this.registry} breaker ${state}`, {
      breaker: state,
    });
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (error) {
        this.logger?.event('error', `${this.registry} breaker listener failed`, {
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}

function outcomeLabel(error: RegistryError): string {
  switch (error.code) {
    case RegistryErrorCode.Unavailable:
      return 'unavailable';
    case RegistryErrorCode.NotLicensed:
      return 'not-licensed';
    case RegistryErrorCode.NotAuthorised:
      return 'not-authorised';
    case RegistryErrorCode.Rejected:
      return 'rejected';
  }
}
