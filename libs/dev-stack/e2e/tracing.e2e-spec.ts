import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exampleCase } from '@hub/contracts';
import { startStack, type Stack } from '@hub/dev-stack';
import { waitFor } from '@hub/testing';
import { HubClient } from './hub-client';

/**
 * Issue 20, item 4: one event posted to the gateway yields ONE trace across the processes that
 * carry it — the gateway's request, the relay's publish, portal-sync's consume and its later sync,
 * and the portal call — exported over OTLP/HTTP (JSON) to a collector this test runs, as Jaeger
 * would receive it. The case timeline names the trace and links to it.
 */
jest.setTimeout(180_000);

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

const KIND = { server: 2, client: 3, producer: 4, consumer: 5 } as const;

/** OTLP JSON ids are hex; accept base64 too, as the protocol's JSON mapping once had it. */
const hex = (id: unknown): string =>
  typeof id !== 'string' || id === ''
    ? ''
    : /^[\da-f]+$/i.test(id)
      ? id.toLowerCase()
      : Buffer.from(id, 'base64').toString('hex');

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
type OtlpAttributes = { key: string; value: OtlpValue }[] | undefined;

const attributesOf = (list: OtlpAttributes): Record<string, unknown> =>
  Object.fromEntries(
    (list ?? []).map(({ key, value }) => [
      key,
      value.stringValue ?? value.intValue ?? value.boolValue,
    ]),
  );

/** A minimal OTLP/HTTP traces receiver: keeps every span it is sent. */
class Collector {
  readonly spans: Span[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') this.take(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(body: string): void {
    const payload = JSON.parse(body) as {
      resourceSpans?: {
        resource?: { attributes?: OtlpAttributes };
        scopeSpans?: {
          spans?: {
            traceId: string;
            spanId: string;
            parentSpanId?: string;
            name: string;
            kind: number;
            attributes?: OtlpAttributes;
          }[];
        }[];
      }[];
    };
    for (const rs of payload.resourceSpans ?? []) {
      const service = String(attributesOf(rs.resource?.attributes)['service.name']);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({
            service,
            traceId: hex(s.traceId),
            spanId: hex(s.spanId),
            parentSpanId: hex(s.parentSpanId),
            name: s.name,
            kind: s.kind,
            attributes: attributesOf(s.attributes),
          });
        }
      }
    }
  }
}

let stack: Stack;
let hub: HubClient;
const collector = new Collector();

beforeAll(async () => {
  const endpoint = await collector.start();
  const traced = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint };
  stack = await startStack({
    ports: 'ephemeral',
    apps: ['gateway', 'relay', 'portal-sync', 'ops', 'mock-portal'],
    env: {
      gateway: traced,
      relay: traced,
      'portal-sync': { ...traced, KAFKA_MAX_WAIT_MS: '100' },
      ops: { OPS_TRACE_URL: 'http://jaeger.example:16686/trace/{traceId}' },
    },
  });
  hub = new HubClient(stack);
});

afterAll(async () => {
  await stack?.stop();
  await collector.stop();
});

describe('one trace per event, end to end', () => {
  it('spans gateway → relay → portal-sync → the portal call, each a child of the one before', async () => {
    const c = exampleCase({ department: 'STP', day: '261205', number: 7301 });
    const received = c.events[0];
    const posted = await hub.postEvents('STP', received);
    expect(posted.status).toBe(202);

    // The gateway's request span is the root of the event's trace.
    const request = await waitFor(
      'the gateway’s span of the POST',
      () =>
        Promise.resolve(
          collector.spans.find(
            (s) => s.service === 'gateway' && s.kind === KIND.server && s.parentSpanId === '',
          ),
        ),
      30_000,
    );
    const inTrace = () => collector.spans.filter((s) => s.traceId === request.traceId);
    const portalCall = await waitFor(
      'the portal call in the same trace',
      () =>
        Promise.resolve(
          inTrace().find((s) => s.service === 'portal-sync' && s.kind === KIND.client),
        ),
      60_000,
    );

    const spans = inTrace();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const one = (predicate: (s: Span) => boolean, what: string): Span => {
      const found = spans.filter(predicate);
      expect({ what, count: found.length }).toEqual({ what, count: 1 });
      return found[0];
    };
    const publish = one(
      (s) => s.service === 'relay' && s.kind === KIND.producer,
      'relay publish span',
    );
    const consume = one(
      (s) => s.service === 'portal-sync' && s.kind === KIND.consumer,
      'portal-sync consume span',
    );
    const sync = one(
      (s) => s.service === 'portal-sync' && s.name === 'portal sync case.received',
      'portal-sync sync span',
    );

    // Each hop's parent is a span of the hop before, in the same trace.
    const ancestors = (s: Span): Span[] => {
      const chain: Span[] = [];
      for (let p = byId.get(s.parentSpanId); p; p = byId.get(p.parentSpanId)) chain.push(p);
      return chain;
    };
    expect(byId.get(publish.parentSpanId)?.service).toBe('gateway');
    expect(ancestors(publish)).toContain(request);
    expect(consume.parentSpanId).toBe(publish.spanId);
    expect(sync.parentSpanId).toBe(consume.spanId);
    expect(ancestors(portalCall)).toContain(sync);
    expect(publish.attributes).toMatchObject({
      'messaging.destination.name': 'hub.case-events.v1',
      'messaging.message.id': received.id,
    });
    // The gateway's Postgres work is in the trace too.
    expect(spans.some((s) => s.service === 'gateway' && s.kind === KIND.client)).toBe(true);
    // Nothing of this event started a trace of its own.
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([request.traceId]));

    // The case timeline names the trace and links to it.
    const timeline = await hub.ops<{
      events: { eventId: string; traceId: string | null; traceUrl: string | null }[];
    }>(`/v1/cases/${encodeURIComponent(c.caseCode)}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.events[0]).toMatchObject({
      eventId: received.id,
      traceId: request.traceId,
      traceUrl: `http://jaeger.example:16686/trace/${request.traceId}`,
    });
  });

  it('keeps probes and scrapes out of the traces', () => {
    const paths = collector.spans
      .filter((s) => s.kind === KIND.server)
      .map((s) => String(s.attributes['url.path'] ?? s.attributes['http.target']));
    // The stack polled every app's /health/live to start; none of it is a span.
    expect(paths).toContain('/v1/events');
    expect(paths.filter((p) => /^\/(health|metrics)/.test(p))).toEqual([]);
  });
});
