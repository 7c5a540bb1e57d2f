import { type BreakerCall, BreakerClient, unanswered } from '../transport/breaker-client';
import { errorCodeOf } from '../transport/json-http';
import { ResultsStoreError, ResultsStoreErrorCode } from './results-store-errors';
import { type StoreHttpReply, type StoreReading, transportFailure } from './results-store-mapping';
import { RESULTS_STORE_DEFAULTS, type ResultsStoreAdapterOptions } from './results-store-options';

/** One POST to the store. `service` labels metrics and logs. */
export interface StoreRequest {
  service: string;
  /** Relative to the adapter's `baseUrl`. */
  path: string;
  body: object;
}

/** Who the call serves, for the log line: codes only, never an owner's or requester's ID. */
export type StoreLogContext = Record<string, string>;

type Reader = (reply: StoreHttpReply) => StoreReading<unknown>;

const ADAPTER = 'results-store';

/**
 * The store's transport: the shared breaker-wrapped JSON client around every call and the
 * adapter's reader for every answer. Only transient failures count against the breaker; a
 * refusal is the store working as it should.
 */
export class ResultsStoreClient extends BreakerClient<
  [StoreRequest, Reader],
  StoreReading<unknown>
> {
  constructor(options: ResultsStoreAdapterOptions) {
    super({
      adapter: ADAPTER,
      baseUrl: options.baseUrl,
      headers: { ...options.headers },
      options,
      defaults: RESULTS_STORE_DEFAULTS,
    });
  }

  /** One call through the breaker; resolves with the reader's value, throws ResultsStoreError. */
  async call<T>(
    request: StoreRequest,
    read: (reply: StoreHttpReply) => StoreReading<T>,
    context: StoreLogContext,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    const call = await this.fire(request, read);
    const reading = this.readingOf(call) as StoreReading<T>;
    const outcome =
      reading instanceof ResultsStoreError
        ? call.kind === 'breaker-open'
          ? 'breaker-open'
          : outcomeLabel(reading)
        : reading.outcome;
    const durationMs = this.recordCall(request.service, outcome, started);
    const line = { service: request.service, ...context, outcome, durationMs };
    if (!(reading instanceof ResultsStoreError)) {
      this.logger?.event(outcome === 'rejected' ? 'warn' : 'info', 'results store call', line);
      return reading.value;
    }
    this.logger?.event(outcome === 'breaker-open' ? 'debug' : 'warn', 'results store call failed', {
      ...line,
      code: reading.code,
      storeCode: reading.storeCode,
      message: reading.message,
    });
    throw reading;
  }

  /** One exchange, read: every answer and every transport failure becomes a reading. */
  protected async send(request: StoreRequest, read: Reader): Promise<StoreReading<unknown>> {
    let response;
    try {
      response = await this.http.request({
        method: 'POST',
        path: request.path,
        body: request.body,
      });
    } catch (error) {
      return transportFailure(error, errorCodeOf(error));
    }
    const header: unknown = response.headers['retry-after'];
    return read({
      status: response.status,
      body: response.body,
      retryAfter: typeof header === 'string' ? header : undefined,
    });
  }

  protected countsAgainstBreaker(reading: StoreReading<unknown>): boolean {
    return reading instanceof ResultsStoreError && reading.transient;
  }

  private readingOf(call: BreakerCall<StoreReading<unknown>>): StoreReading<unknown> {
    switch (call.kind) {
      case 'classified':
        return call.reply;
      case 'breaker-open':
      case 'timed-out':
      case 'shut-down': {
        const why = unanswered(call, 'results store');
        return new ResultsStoreError(ResultsStoreErrorCode.Unavailable, why.message, {
          storeCode: why.code,
          ...(why.retryAfterMs === undefined ? {} : { retryAfterMs: why.retryAfterMs }),
        });
      }
      case 'unexpected':
        return call.error instanceof ResultsStoreError
          ? call.error
          : transportFailure(call.error, errorCodeOf(call.error));
    }
  }
}

function outcomeLabel(error: ResultsStoreError): string {
  switch (error.code) {
    case ResultsStoreErrorCode.Unavailable:
      return 'unavailable';
    case ResultsStoreErrorCode.Rejected:
      return 'rejected';
    case ResultsStoreErrorCode.InvalidInput:
      return 'invalid-input';
  }
}
