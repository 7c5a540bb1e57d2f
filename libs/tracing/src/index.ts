export { startTracing, stopTracing, tracingEnabled } from './tracing';
export type { TracingOptions } from './tracing';
export {
  contextFrom,
  TRACE_HEADERS,
  traceHeaders,
  traceIdOf,
  withSpan,
  withSpans,
} from './propagation';
export type { SpanOptions } from './propagation';
