import { type BreakerCall, BreakerClient, unanswered } from '../transport/breaker-client';
import { RegistryError, RegistryErrorCode } from './registry-errors';
import { REGISTRY_DEFAULTS, type RegistryAdapterOptions } from './registry-options';
import {
  type RegistryHttpReply,
  classifyRegistryFailure,
  classifyTransportError,
} from './registry-protocol';
import type { RegistryLookupContext, RegistryName } from './registry-types';

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

/**
 * A registry's transport: the shared breaker-wrapped JSON client around every call, the
 * registry's Retry-After honoured for all callers, and the adapter's reader for 2xx answers.
 * Only Unavailable failures count against the breaker; a "004" or a not-found is the registry
 * working as it should.
 */
export class RegistryClient extends BreakerClient<
  [RegistryRequest, Reader],
  RegistryReading<unknown>
> {
  /** Until when the registry asked us (429 + Retry-After) not to call; 0 when it did not. */
  private throttledUntil = 0;

  constructor(
    private readonly registry: RegistryName,
    options: RegistryAdapterOptions,
  ) {
    super({
      adapter: registry,
      baseUrl: options.baseUrl,
      headers: { ...options.headers },
      options,
      defaults: REGISTRY_DEFAULTS,
    });
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
    if (throttledMs > 0) {
      outcome = 'throttled';
      result = { error: this.throttled(throttledMs) };
    } else {
      const call = await this.fire(request, read);
      const reading = this.readingOf(call) as RegistryReading<T>;
      if (reading instanceof RegistryError) {
        outcome = call.kind === 'breaker-open' ? 'breaker-open' : outcomeLabel(reading);
        result = { error: reading };
      } else {
        outcome = reading.outcome;
        result = { value: reading.value };
      }
    }
    const durationMs = this.recordCall(request.service, outcome, started);
    // Request id, official, procedure and purpose go to the log; the looked-up ID never does.
    const context = {
      service: request.service,
      requestId: ctx.requestId,
      officialCode: ctx.officialCode,
      serviceCode: ctx.serviceCode,
      purpose: ctx.purpose,
      outcome,
      durationMs,
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

  /** One exchange, classified: every answer and every transport failure becomes a reading. */
  protected async send(request: RegistryRequest, read: Reader): Promise<RegistryReading<unknown>> {
    let response;
    try {
      response = await this.http.request({
        method: request.method,
        path: request.path,
        query: request.query,
        body: request.body,
      });
    } catch (error) {
      return classifyTransportError(this.registry, error);
    }
    const header: unknown = response.headers['retry-after'];
    const reply: RegistryHttpReply = {
      status: response.status,
      body: response.body,
      retryAfter: typeof header === 'string' ? header : undefined,
    };
    return classifyRegistryFailure(this.registry, reply) ?? read(reply);
  }

  protected countsAgainstBreaker(reading: RegistryReading<unknown>): boolean {
    return reading instanceof RegistryError && reading.transient;
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

  private readingOf(call: BreakerCall<RegistryReading<unknown>>): RegistryReading<unknown> {
    switch (call.kind) {
      case 'classified': {
        const reading = call.reply;
        if (
          reading instanceof RegistryError &&
          reading.transient &&
          reading.registryCode === 'HTTP 429' &&
          reading.retryAfterMs !== undefined
        ) {
          this.throttledUntil = Math.max(this.throttledUntil, Date.now() + reading.retryAfterMs);
        }
        return reading;
      }
      case 'breaker-open':
      case 'timed-out':
      case 'shut-down': {
        const why = unanswered(call, `${this.registry} registry`);
        return new RegistryError(RegistryErrorCode.Unavailable, why.message, {
          registry: this.registry,
          registryCode: why.code,
          ...(why.retryAfterMs === undefined ? {} : { retryAfterMs: why.retryAfterMs }),
        });
      }
      case 'unexpected':
        return call.error instanceof RegistryError
          ? call.error
          : classifyTransportError(this.registry, call.error);
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
