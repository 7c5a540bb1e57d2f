import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
} from '@opentelemetry/api';
import { tracingEnabled } from './tracing';

/**
 * How a trace crosses what no instrumentation sees: the outbox row, the Kafka record and the
 * durable job. The W3C `traceparent` (and `tracestate`) travel as plain headers next to the
 * CloudEvents `ce_*` ones, as Kafka clients' own tracing carries them. The event's own CloudEvents
 * `traceparent` attribute is the department's and is never rewritten: it is part of the event,
 * whose content decides whether a resend is a duplicate.
 */
export const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

const tracer = () => trace.getTracer('lienthong-hub');

/** The W3C headers of `ctx` (the active context by default); empty when tracing is off. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  if (!tracingEnabled()) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context that `headers` carry (`traceparent`, `tracestate`); the root context when none. */
export function contextFrom(headers: Readonly<Record<string, unknown>> | undefined): Context {
  if (!headers) return ROOT_CONTEXT;
  const carrier: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') carrier[name] = value;
    else if (Buffer.isBuffer(value)) carrier[name] = value.toString('utf8');
  }
  return carrier['traceparent'] ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/** The trace id in a `traceparent` value, or null when there is none (tracing off). */
export function traceIdOf(traceparent: string | undefined | null): string | null {
  const match = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent ?? '');
  return match && !/^0+$/.test(match[1]) ? match[1] : null;
}

export interface SpanOptions {
  kind?: 'internal' | 'producer' | 'consumer';
  attributes?: Attributes;
  /** The headers the parent travelled in; the active context when absent. */
  parent?: Readonly<Record<string, unknown>>;
}

const kinds = {
  internal: SpanKind.INTERNAL,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
} as const;

/**
 * Runs `fn` in a span named `name`, a child of `options.parent`'s context (or of the active one),
 * and passes it the span's own headers to carry on. The span ends when `fn` settles; an error
 * marks it failed and is rethrown. With tracing off, `fn` simply runs (with no headers).
 */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return fn({});
  const parent = options.parent ? contextFrom(options.parent) : context.active();
  const span = tracer().startSpan(
    name,
    { kind: kinds[options.kind ?? 'internal'], attributes: options.attributes },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  try {
    return await context.with(ctx, () => fn(traceHeaders(ctx)));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * One short span per item, each a child of the context its own headers carry (a batch of Kafka
 * records or outbox rows came from as many traces), all ended when `fn` settles. Answers each
 * item's new headers, in order, for `fn` to send on. With tracing off: empty headers.
 */
export async function withSpans<T>(
  name: (index: number) => string,
  items: readonly { headers?: Readonly<Record<string, unknown>>; attributes?: Attributes }[],
  kind: 'producer' | 'consumer',
  fn: (headers: Record<string, string>[]) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return fn(items.map(() => ({})));
  const spans = items.map((item, i) => {
    const parent = contextFrom(item.headers);
    const span = tracer().startSpan(
      name(i),
      { kind: kinds[kind], attributes: item.attributes },
      parent,
    );
    return { span, headers: traceHeaders(trace.setSpan(parent, span)) };
  });
  try {
    return await fn(spans.map((s) => s.headers));
  } catch (error) {
    for (const { span } of spans) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    throw error;
  } finally {
    for (const { span } of spans) span.end();
  }
}
