import CircuitBreaker from 'opossum';
import type { HubLogger, MetricsRegistry } from '@hub/observability';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { JsonHttpTransport, errorCodeOf } from './json-http';

export type BreakerState = 'closed' | 'half-open' | 'open';

/** Breaker tuning as an adapter's options spell it; unset fields take the adapter's defaults. */
export interface BreakerTuning {
  errorThresholdPercentage?: number;
  volumeThreshold?: number;
  resetTimeoutMs?: number;
  rollingCountTimeoutMs?: number;
}

/** The part of an adapter's options that the shared client reads. */
export interface BreakerClientOptions {
  timeoutMs?: number;
  maxSockets?: number;
  breaker?: BreakerTuning;
  metrics?: MetricsRegistry;
  logger?: HubLogger;
}

export type BreakerClientDefaults = Readonly<
  Required<BreakerTuning> & { timeoutMs: number; maxSockets: number }
>;

export interface BreakerClientSettings {
  /** Names the breaker, labels the metrics and starts log messages: "portal", "population". */
  adapter: string;
  baseUrl: string;
  /** Sent with every request. */
  headers?: Readonly<Record<string, string>>;
  options: BreakerClientOptions;
  defaults: BreakerClientDefaults;
}

/** What one call through the breaker came to. */
export type BreakerCall<R> =
  /** The protocol's reading of the exchange, a counted (transient) failure included. */
  | { kind: 'classified'; reply: R }
  /** Not called: the breaker is open, or half-open with its one trial already under way. */
  | { kind: 'breaker-open'; retryAfterMs: number }
  /** opossum's own timer, which fires even when the socket stays silent. */
  | { kind: 'timed-out' }
  | { kind: 'shut-down' }
  /** `send` threw instead of classifying; the protocol decides what that means. */
  | { kind: 'unexpected'; error: unknown };

/** A call that got no answer because of the breaker itself: open, its timer, or shut down. */
export type UnansweredCall = Extract<
  BreakerCall<unknown>,
  { kind: 'breaker-open' | 'timed-out' | 'shut-down' }
>;

/**
 * Why `system` (e.g. "results store") did not answer, the same words and codes in every adapter
 * that reports it as its own "unavailable" error: `BREAKER_OPEN` (with when to try again),
 * `TIMEOUT`, `SHUTDOWN`.
 */
export function unanswered(
  call: UnansweredCall,
  system: string,
): { code: 'BREAKER_OPEN' | 'TIMEOUT' | 'SHUTDOWN'; message: string; retryAfterMs?: number } {
  switch (call.kind) {
    case 'breaker-open':
      return {
        code: 'BREAKER_OPEN',
        message: `${system} breaker is open; not called`,
        retryAfterMs: call.retryAfterMs,
      };
    case 'timed-out':
      return { code: 'TIMEOUT', message: `${system} did not answer in time` };
    case 'shut-down':
      return { code: 'SHUTDOWN', message: `${system} adapter is shut down` };
  }
}

/** Carries a reply that counts against the breaker out of its action: opossum counts throws. */
class CountedFailure<R> extends Error {
  constructor(readonly reply: R) {
    super('counted failure');
    this.name = 'CountedFailure';
  }
}

/**
 * An adapter's calls since the process started, for the ops console's charts (the same calls as
 * `hub_national_calls_total`, summed over services). `sent` and `sentSeconds` count only calls
 * that went out: a call the open breaker or a throttle refused takes no time and would drag the
 * average down just when the system is slow.
 */
export interface NationalCallStats {
  calls: number;
  /** Calls that got no answer: the system's transient failures and the calls refused locally. */
  failures: number;
  sent: number;
  sentSeconds: number;
}

/**
 * The outcome labels the clients record for a call that got no answer. Every other label is the
 * national system answering (a rejection included: that is the system working as it should).
 */
const UNANSWERED_OUTCOMES: ReadonlySet<string> = new Set([
  'transient',
  'unavailable',
  'breaker-open',
  'throttled',
]);
/** Refused in this process: never sent, so never timed. */
const REFUSED_OUTCOMES: ReadonlySet<string> = new Set(['breaker-open', 'throttled']);

const breakerGaugeValue: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/**
 * What the portal and registry clients share: one JSON transport per adapter, an opossum breaker
 * around every call, its state with listeners and a gauge, and the calls' counter and duration
 * histogram. A subclass says how to send one call and which replies count against the breaker;
 * only transient replies should, since a rejection is the national system working as it should.
 */
export abstract class BreakerClient<A extends unknown[], R> {
  protected readonly http: JsonHttpTransport;
  protected readonly logger: HubLogger | undefined;
  private readonly adapter: string;
  private readonly breaker: CircuitBreaker<A, R>;
  private readonly resetTimeoutMs: number;
  private readonly listeners = new Set<(state: BreakerState) => void>();
  private readonly calls: Counter<'adapter' | 'service' | 'outcome'> | undefined;
  private readonly durations: Histogram<'adapter' | 'service' | 'outcome'> | undefined;
  private readonly breakerGauge: Gauge<'adapter'> | undefined;
  private openedAt = 0;
  private readonly stats: NationalCallStats = { calls: 0, failures: 0, sent: 0, sentSeconds: 0 };

  protected constructor({ adapter, baseUrl, headers, options, defaults }: BreakerClientSettings) {
    this.adapter = adapter;
    const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
    this.resetTimeoutMs = options.breaker?.resetTimeoutMs ?? defaults.resetTimeoutMs;
    this.http = new JsonHttpTransport({
      baseUrl,
      timeoutMs,
      maxSockets: options.maxSockets ?? defaults.maxSockets,
      headers,
    });
    this.breaker = new CircuitBreaker(
      async (...args: A) => {
        const reply = await this.send(...args);
        if (this.countsAgainstBreaker(reply)) throw new CountedFailure(reply);
        return reply;
      },
      {
        name: adapter,
        timeout: timeoutMs,
        errorThresholdPercentage:
          options.breaker?.errorThresholdPercentage ?? defaults.errorThresholdPercentage,
        volumeThreshold: options.breaker?.volumeThreshold ?? defaults.volumeThreshold,
        resetTimeout: this.resetTimeoutMs,
        rollingCountTimeout:
          options.breaker?.rollingCountTimeoutMs ?? defaults.rollingCountTimeoutMs,
        rollingPercentilesEnabled: false,
        enableSnapshots: false,
      },
    );

    this.logger = options.logger?.child({ adapter });
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
    this.breakerGauge?.set({ adapter }, breakerGaugeValue.closed);

    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      this.breakerChanged('open');
    });
    this.breaker.on('halfOpen', () => this.breakerChanged('half-open'));
    this.breaker.on('close', () => this.breakerChanged('closed'));
  }

  breakerState(): BreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  /** Called on every breaker transition; returns the unsubscribe function. */
  onBreakerChange(listener: (state: BreakerState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** A copy of the call counts since the process started. */
  callStats(): NationalCallStats {
    return { ...this.stats };
  }

  /** Stops the breaker's timers and closes pooled sockets. */
  close(): void {
    this.listeners.clear();
    this.breaker.shutdown();
    this.http.close();
  }

  /**
   * One exchange with the national system, classified. Resolve with a reply for every outcome,
   * transport failures included; a throw reaches the caller as `unexpected`.
   */
  protected abstract send(...args: A): Promise<R>;

  /** True for the replies the breaker counts as failures: the transient ones. */
  protected abstract countsAgainstBreaker(reply: R): boolean;

  /** One call through the breaker; never throws. */
  protected async fire(...args: A): Promise<BreakerCall<R>> {
    try {
      return { kind: 'classified', reply: await this.breaker.fire(...args) };
    } catch (error) {
      if (error instanceof CountedFailure) {
        // Only this client's action makes one, from a reply of type R.
        return { kind: 'classified', reply: (error as CountedFailure<R>).reply };
      }
      // opossum's own refusals, told apart by their codes.
      const code = errorCodeOf(error);
      if (code === 'EOPENBREAKER') {
        return { kind: 'breaker-open', retryAfterMs: this.untilHalfOpenMs() };
      }
      if (code === 'ETIMEDOUT') return { kind: 'timed-out' };
      if (code === 'ESHUTDOWN') return { kind: 'shut-down' };
      return { kind: 'unexpected', error };
    }
  }

  /** Counts a finished call and its duration; returns the duration in whole ms for the log. */
  protected recordCall(service: string, outcome: string, startedAt: bigint): number {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const labels = { adapter: this.adapter, service, outcome };
    this.calls?.inc(labels);
    this.durations?.observe(labels, seconds);
    this.stats.calls++;
    if (UNANSWERED_OUTCOMES.has(outcome)) this.stats.failures++;
    if (!REFUSED_OUTCOMES.has(outcome)) {
      this.stats.sent++;
      this.stats.sentSeconds += seconds;
    }
    return Math.round(seconds * 1000);
  }

  private untilHalfOpenMs(): number {
    // Half-open lets exactly one trial through; others wait for its verdict, which comes soon.
    if (this.breaker.halfOpen) return Math.min(1000, this.resetTimeoutMs);
    return Math.max(0, this.openedAt + this.resetTimeoutMs - Date.now());
  }

  private breakerChanged(state: BreakerState): void {
    this.breakerGauge?.set({ adapter: this.adapter }, breakerGaugeValue[state]);
    this.logger?.event(state === 'open' ? 'warn' : 'info', `${this.adapter} breaker ${state}`, {
      breaker: state,
    });
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (error) {
        this.logger?.event('error', `${this.adapter} breaker listener failed`, {
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
