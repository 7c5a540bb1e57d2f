import CircuitBreaker from 'opossum';
import type { HubLogger, LogContext } from '@hub/observability';
import type { Counter, Gauge, Histogram } from 'prom-client';
import {
  PortalErrorCode,
  type PortalBreakerOpen,
  type PortalFailure,
  type PortalTransient,
} from './portal-errors';
import {
  type PortalAnswer,
  type PortalReply,
  classifyPortalReply,
  classifyTransportError,
  errorCodeOf,
} from './portal-protocol';
import { JsonHttpTransport } from '../transport/json-http';
import {
  PORTAL_DEFAULTS,
  type PortalAdapterOptions,
  type PortalBreakerState,
} from './portal-options';

/** One POST to the portal endpoint. `service` labels metrics and logs ("login" for the login). */
interface PortalRequest {
  service: string;
  body: Record<string, unknown>;
  idempotencyKey?: string;
}

export type PortalCallResult = { kind: 'success'; answer: PortalAnswer } | PortalFailure;

/** Carries a transient classification out of the breaker's action, so opossum counts it. */
class TransientFailure extends Error {
  constructor(readonly outcome: PortalTransient) {
    super(outcome.message);
    this.name = 'TransientFailure';
  }
}

type CallOutcomeLabel = 'success' | 'rejected' | 'transient' | 'breaker-open' | 'session-expired';

const ADAPTER = 'portal';
const breakerGaugeValue: Readonly<Record<PortalBreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/**
 * The portal's transport: JSON over keep-alive sockets, an opossum breaker around every POST,
 * and the login session (re-established once when the portal says it expired).
 */
export class PortalClient {
  private readonly http: JsonHttpTransport;
  private readonly breaker: CircuitBreaker<[PortalRequest], PortalReply>;
  private readonly resetTimeoutMs: number;
  private readonly listeners = new Set<(state: PortalBreakerState) => void>();
  private readonly logger: HubLogger | undefined;
  private readonly calls: Counter<'adapter' | 'service' | 'outcome'> | undefined;
  private readonly durations: Histogram<'adapter' | 'service' | 'outcome'> | undefined;
  private readonly breakerGauge: Gauge<'adapter'> | undefined;
  private openedAt = 0;
  private session: string | undefined;
  private loginInFlight: Promise<{ session: string } | PortalFailure> | undefined;

  constructor(private readonly options: PortalAdapterOptions) {
    const timeoutMs = options.timeoutMs ?? PORTAL_DEFAULTS.timeoutMs;
    const maxSockets = options.maxSockets ?? PORTAL_DEFAULTS.maxSockets;
    this.resetTimeoutMs = options.breaker?.resetTimeoutMs ?? PORTAL_DEFAULTS.resetTimeoutMs;
    this.http = new JsonHttpTransport({ baseUrl: options.url, timeoutMs, maxSockets });
    this.breaker = new CircuitBreaker((request: PortalRequest) => this.send(request), {
      name: ADAPTER,
      timeout: timeoutMs,
      errorThresholdPercentage:
        options.breaker?.errorThresholdPercentage ?? PORTAL_DEFAULTS.errorThresholdPercentage,
      volumeThreshold: options.breaker?.volumeThreshold ?? PORTAL_DEFAULTS.volumeThreshold,
      resetTimeout: this.resetTimeoutMs,
      rollingCountTimeout:
        options.breaker?.rollingCountTimeoutMs ?? PORTAL_DEFAULTS.rollingCountTimeoutMs,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });

    this.logger = options.logger?.child({ adapter: ADAPTER });
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
    this.breakerGauge?.set({ adapter: ADAPTER }, breakerGaugeValue.closed);

    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      this.breakerChanged('open');
    });
    this.breaker.on('halfOpen', () => this.breakerChanged('half-open'));
    this.breaker.on('close', () => this.breakerChanged('closed'));
  }

  breakerState(): PortalBreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  onBreakerChange(listener: (state: PortalBreakerState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * One service call with the current session. When the portal answers -2 (session missing or
   * expired) the client logs in again, once, and resends the very same call (same key).
   */
  async call(
    service: string,
    params: Record<string, unknown>,
    idempotencyKey: string,
    context: LogContext,
  ): Promise<PortalCallResult> {
    for (let attempt = 1; ; attempt++) {
      const login = await this.currentSession(context);
      if (!('session' in login)) return login;
      const body = {
        session: login.session,
        madonvi: this.options.agencyCode,
        service,
        ...params,
      };
      const reply = await this.post({ service, body, idempotencyKey }, context);
      if (reply.kind !== 'session-expired') return reply;
      if (attempt >= 2) {
        return {
          kind: 'transient',
          code: PortalErrorCode.SESSION_REJECTED,
          message: `portal rejected a fresh session: ${reply.message}`,
        };
      }
      // Only drop the session this call used: a concurrent call may already have replaced it.
      if (this.session === login.session) this.session = undefined;
    }
  }

  /** Stops the breaker's timers and closes pooled sockets. */
  close(): void {
    this.listeners.clear();
    this.breaker.shutdown();
    this.http.close();
  }

  private async currentSession(context: LogContext): Promise<{ session: string } | PortalFailure> {
    if (this.session !== undefined) return { session: this.session };
    // Concurrent callers share one in-flight login instead of each opening a session.
    this.loginInFlight ??= this.login(context).finally(() => {
      this.loginInFlight = undefined;
    });
    return this.loginInFlight;
  }

  private async login(context: LogContext): Promise<{ session: string } | PortalFailure> {
    const reply = await this.post(
      {
        service: 'login',
        body: { username: this.options.username, password: this.options.password },
      },
      context,
    );
    switch (reply.kind) {
      case 'success': {
        const session = reply.answer['session'];
        if (typeof session !== 'string' || session === '') {
          return {
            kind: 'transient',
            code: PortalErrorCode.PORTAL_BAD_RESPONSE,
            message: 'portal login answered success without a session',
          };
        }
        this.session = session;
        this.logger?.event('info', 'portal session opened', { username: this.options.username });
        return { session };
      }
      case 'rejected':
      case 'session-expired':
        // Wrong credentials are a deployment problem, not the event's: retry later, never park.
        this.logger?.event('error', 'portal login refused', {
          username: this.options.username,
          message: reply.message,
        });
        return {
          kind: 'transient',
          code: PortalErrorCode.LOGIN_FAILED,
          message: `portal login refused: ${reply.message}`,
        };
      case 'transient':
      case 'breaker-open':
        return reply;
    }
  }

  private async post(
    request: PortalRequest,
    context: LogContext,
  ): Promise<PortalReply | PortalBreakerOpen> {
    const started = process.hrtime.bigint();
    let reply: PortalReply | PortalBreakerOpen;
    try {
      reply = await this.breaker.fire(request);
    } catch (error) {
      reply = this.failureOf(error);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const outcome: CallOutcomeLabel = reply.kind;
    const labels = { adapter: ADAPTER, service: request.service, outcome };
    this.calls?.inc(labels);
    this.durations?.observe(labels, seconds);
    const durationMs = Math.round(seconds * 1000);
    if (reply.kind === 'success') {
      this.logger?.event('debug', 'portal call', {
        ...context,
        service: request.service,
        outcome,
        durationMs,
      });
    } else {
      // Never the request or answer body: dossiers carry personal IDs (Law 91/2025/QH15).
      this.logger?.event(reply.kind === 'breaker-open' ? 'debug' : 'warn', 'portal call failed', {
        ...context,
        service: request.service,
        outcome,
        ...('code' in reply ? { code: reply.code } : {}),
        ...('portalCode' in reply ? { portalCode: reply.portalCode } : {}),
        ...('message' in reply ? { message: reply.message } : {}),
        durationMs,
      });
    }
    return reply;
  }

  /** The breaker's action: resolves for every business answer, throws only transient failures. */
  private async send(request: PortalRequest): Promise<PortalReply> {
    let response;
    try {
      response = await this.http.request({
        method: 'POST',
        body: request.body,
        headers:
          request.idempotencyKey === undefined ? {} : { 'Idempotency-Key': request.idempotencyKey },
      });
    } catch (error) {
      throw new TransientFailure(classifyTransportError(error));
    }
    const retryAfter: unknown = response.headers['retry-after'];
    const reply = classifyPortalReply({
      status: response.status,
      body: response.body,
      retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
    });
    if (reply.kind === 'transient') throw new TransientFailure(reply);
    return reply;
  }

  private failureOf(error: unknown): PortalTransient | PortalBreakerOpen {
    if (error instanceof TransientFailure) return error.outcome;
    const code = errorCodeOf(error);
    if (code === 'EOPENBREAKER') {
      return {
        kind: 'breaker-open',
        code: PortalErrorCode.BREAKER_OPEN,
        retryAfterMs: this.untilHalfOpenMs(),
      };
    }
    // opossum's own timer (`timeout`), which fires even when the socket stays silent.
    if (code === 'ETIMEDOUT') {
      return {
        kind: 'transient',
        code: PortalErrorCode.PORTAL_TIMEOUT,
        message: 'portal did not answer in time',
      };
    }
    if (code === 'ESHUTDOWN') {
      return {
        kind: 'transient',
        code: PortalErrorCode.PORTAL_UNAVAILABLE,
        message: 'portal adapter is shut down',
      };
    }
    return classifyTransportError(error);
  }

  private untilHalfOpenMs(): number {
    // Half-open lets exactly one trial through; others wait for its verdict, which comes soon.
    if (this.breaker.halfOpen) return Math.min(1000, this.resetTimeoutMs);
    return Math.max(0, this.openedAt + this.resetTimeoutMs - Date.now());
  }

  private breakerChanged(state: PortalBreakerState): void {
    this.breakerGauge?.set({ adapter: ADAPTER }, breakerGaugeValue[state]);
    this.logger?.event(state === 'open' ? 'warn' : 'info', `portal breaker ${state}`, {
      breaker: state,
    });
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (error) {
        this.logger?.event('error', 'portal breaker listener failed', {
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
