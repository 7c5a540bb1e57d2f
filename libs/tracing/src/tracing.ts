import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** Requests that are not work: probes and scrapes would drown the traces of real requests. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

export interface TracingOptions {
  /** Where spans go instead of OTLP (tests: an in-memory exporter), exported one by one. */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

let provider: NodeTracerProvider | undefined;

/**
 * Turns tracing on for this process when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-only
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, and leaves it off otherwise: the OpenTelemetry API
 * then stays the no-op it is by default and costs next to nothing.
 *
 * Call it before anything else is loaded (each app's `tracing.ts`, imported first by its
 * `main.ts`): the HTTP and Postgres instrumentations patch `http` and `pg` as they are required.
 * Kafka is traced by the hub's own code (`traceHeaders`, `withSpan`), because an event crosses
 * the outbox and durable jobs on its way, which no Kafka client instrumentation can follow.
 *
 * The service name is `OTEL_SERVICE_NAME` when set, else `service`. Other `OTEL_*` variables of
 * the OTLP exporter (headers, timeout) apply as the OpenTelemetry docs describe.
 */
export function startTracing(service: string, options: TracingOptions = {}): boolean {
  const env = options.env ?? process.env;
  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (provider || (!endpoint && !options.exporter)) return provider !== undefined;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env['OTEL_SERVICE_NAME'] ?? service }),
    spanProcessors: [
      options.exporter
        ? new SimpleSpanProcessor(options.exporter)
        : new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1000 }),
    ],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      // Statement text only (the parameters may hold personal data), and only inside a trace.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  const flush = () => void provider?.shutdown();
  process.once('SIGTERM', flush);
  process.once('SIGINT', flush);
  return true;
}

/** Whether this process records spans (tracing on and a provider registered). */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/** Ends tracing (tests): flushes what is buffered and forgets the provider. */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  await stopping?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}
