import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  startTracing,
  stopTracing,
  traceHeaders,
  traceIdOf,
  tracingEnabled,
  withSpan,
  withSpans,
} from './index';

describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  afterAll(() => stopTracing());

  it('is off without an OTLP endpoint: no headers, and the work still runs', async () => {
    expect(startTracing('test', { env: {} })).toBe(false);
    expect(tracingEnabled()).toBe(false);
    expect(traceHeaders()).toEqual({});
    await expect(withSpan('off', {}, (headers) => Promise.resolve(headers))).resolves.toEqual({});
    await expect(
      withSpans(
        () => 'off',
        [{ headers: {} }],
        'producer',
        (h) => Promise.resolve(h),
      ),
    ).resolves.toEqual([{}]);
  });

  it('carries one trace through headers, as the outbox, Kafka and a durable job do', async () => {
    expect(startTracing('test', { exporter, env: {} })).toBe(true);
    // The gateway: a request span whose headers go into the outbox row.
    const outboxHeaders = await withSpan('POST /v1/events', {}, (h) => Promise.resolve(h));
    expect(outboxHeaders['traceparent']).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
    const traceId = traceIdOf(outboxHeaders['traceparent']);
    // The relay publishes a batch whose rows came from two traces.
    const other = await withSpan('other request', {}, (h) => Promise.resolve(h));
    const kafkaHeaders = await withSpans(
      (i) => `publish ${i}`,
      [{ headers: { ce_id: 'e1', ...outboxHeaders } }, { headers: other }],
      'producer',
      (h) => Promise.resolve(h),
    );
    expect(kafkaHeaders.map((h) => traceIdOf(h['traceparent']))).toEqual([
      traceId,
      traceIdOf(other['traceparent']),
    ]);
    // Portal-sync consumes the record and later syncs the job it stored.
    const stored = await withSpan(
      'ingest',
      { kind: 'consumer', parent: { traceparent: Buffer.from(kafkaHeaders[0]['traceparent']) } },
      (h) => Promise.resolve(h['traceparent']),
    );
    await withSpan('sync', { parent: { traceparent: stored } }, () =>
      withSpan('portal call', {}, () => Promise.resolve()),
    );

    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    const chain = ['POST /v1/events', 'publish 0', 'ingest', 'sync', 'portal call'].map(
      (name) => byName.get(name) as ReadableSpan,
    );
    expect(chain.map((s) => s.spanContext().traceId)).toEqual(Array(5).fill(traceId));
    for (let i = 1; i < chain.length; i++) {
      expect(parentOf(chain[i])).toBe(chain[i - 1].spanContext().spanId);
    }
    expect(byName.get('publish 1')?.spanContext().traceId).not.toBe(traceId);
  });

  it('marks a failed span and rethrows', async () => {
    exporter.reset();
    await expect(
      withSpan('fails', {}, () => Promise.reject(new Error('portal down'))),
    ).rejects.toThrow('portal down');
    const [span] = exporter.getFinishedSpans();
    expect(span.status.code).toBe(2);
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('reads trace ids only from well-formed traceparent values', () => {
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(traceIdOf('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(traceIdOf('garbage')).toBeNull();
    expect(traceIdOf(undefined)).toBeNull();
  });
});
