import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CloudEvent, HTTP } from 'cloudevents';
import fc from 'fast-check';
import { loadConfig } from '@hub/config';
import {
  type CaseEvent,
  type CaseEventInput,
  exampleCase,
  parseCaseEvent,
  unstorableString,
} from '@hub/contracts';
import { applyCaseEvent, buildDossier, buildProgressEntry } from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import { createDataSource, runMigrations } from '@hub/persistence';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { gatewayConfigSpec } from './config';
import { EventIntakeRepository } from './event-intake.repository';
import { GatewayModule } from './gateway.module';
import { AcceptEventsCommand } from './usecases/accept-events/accept-events.command';

/*
 * Issue 16, "one rule for what the hub can store": properties over generated, hostile case
 * events. (a) Whatever the contract accepts, Postgres stores and the portal mapping turns into a
 * dossier the portal's format holds. (b) Whatever is posted, the gateway answers 2xx or 4xx,
 * never 5xx. And the CloudEvents SDK's binary mode reaches the same contract.
 */
jest.setTimeout(180_000);

const KEY = 'hostile-input-key-stp';
const DEPARTMENT = 'STP';
const RUNS = Number(process.env['HOSTILE_INPUT_RUNS'] ?? 500);

// ---------------------------------------------------------------- generators of hostile input

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const hostileString = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 12 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\ud83d\ude00', '😀', ' ', ''),
  fc.string({ maxLength: 12 }),
);

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

/** RFC 3339 date-times of years 0000..9999 with any offset up to ±23:59 (zod's own limit). */
const hostileDateTime = fc
  .record({
    ms: fc.integer({
      min: Date.parse('0000-01-01T00:00:00Z'),
      max: Date.parse('9999-12-31T23:59:59Z'),
    }),
    offset: fc.oneof(fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }), fc.constant(0)),
  })
  .map(({ ms, offset }) => {
    const date = new Date(ms);
    const sign = offset < 0 ? '-' : '+';
    const tz =
      offset === 0 ? 'Z' : `${sign}${pad(Math.trunc(offset / 60), 2)}:${pad(offset % 60, 2)}`;
    return `${pad(date.getUTCFullYear(), 4)}${date.toISOString().slice(-20, -5)}${tz}`;
  });
const nearBoundsDateTime = fc.constantFrom(
  '0000-01-01T00:00:00Z',
  '1999-12-31T23:59:59Z',
  '2000-01-01T00:00:00+14:00',
  '2099-12-31T23:59:59-14:00',
  '9999-12-31T23:59:59-14:00',
  '2026-03-12T08:30:00+23:59',
  '2026-03-12T08:30:00-15:59',
);
const hostileDate = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
  )
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
const hostileCaseCode = fc
  .tuple(
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 19 }),
    fc.integer({ min: 0, max: 39 }),
  )
  .map(([y, m, d]) => `000.00.01.H26-${pad(y, 2)}${pad(m, 2)}${pad(d, 2)}-00001`);

const hostileLeaf = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileDateTime },
  { weight: 2, arbitrary: nearBoundsDateTime },
  { weight: 2, arbitrary: hostileDate },
  { weight: 1, arbitrary: hostileCaseCode },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
);

/** A header value as the binding sends it; a lone surrogate has no UTF-8, so it goes as such. */
function percentEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a leaf of a JSON value. */
function leafPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...prefix, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  }
  return [prefix];
}

function setAt(value: Json, path: (string | number)[], leaf: Json): Json {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    Json
  >;
  copy[head] = setAt(copy[head], rest, leaf);
  return copy;
}

/** The five events of a fresh example case (its own case code), as plain JSON. */
function freshCase(n: number): Json[] {
  const day = `26${pad(1 + (n % 12), 2)}${pad(1 + (n % 28), 2)}`;
  const { events } = exampleCase({ number: 1 + (n % 99_999), day, department: DEPARTMENT });
  return events.map((e) => ({
    ...(structuredClone(e) as { [key: string]: Json }),
    id: `hi-${n}-${String(e.sequence)}`,
  }));
}

let caseNumber = Math.floor(Math.random() * 50_000);

/** One event of a fresh case with 0..3 leaves replaced by hostile values. */
const hostileEvent = fc
  .record({
    which: fc.integer({ min: 0, max: 4 }),
    mutations: fc.array(fc.tuple(fc.nat(), hostileLeaf), { maxLength: 3 }),
  })
  .map(({ which, mutations }) => {
    const events = freshCase(caseNumber++);
    let event = events[which];
    const paths = leafPaths(event);
    for (const [pick, leaf] of mutations) event = setAt(event, paths[pick % paths.length], leaf);
    return { received: events[0], event };
  });

// ------------------------------------------------------------------ what the portal can take

const PORTAL_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

function isRealPortalDate(value: string): boolean {
  const m = PORTAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return (
    y >= 2000 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth && h < 24 && mi < 60 && s < 60
  );
}

/** Why the portal would refuse this dossier or progress entry, field by field ([] = none). */
function portalProblems(value: unknown, path = ''): string[] {
  if (typeof value === 'string') {
    const out: string[] = [];
    const bad = unstorableString(value);
    if (bad) out.push(`${path} ${bad}`);
    const field = path.split('.').pop() ?? '';
    if (/^(Ngay|ThoiDiem)/.test(field) && !isRealPortalDate(value)) {
      out.push(`${path} is not a portal date (yyyyMMddHHmmss, a real day from 2000): ${value}`);
    }
    if (field === 'MaHoSo' && !isRealPortalDate(`20${value.slice(-12, -6)}000000`)) {
      out.push(`${path}: its yyMMdd is not a real day`);
    }
    return out;
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => portalProblems(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => portalProblems(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** The dossier and progress entry the portal would receive for `event`, after `received`. */
function portalCallsFor(received: CaseEvent, event: CaseEvent): unknown[] {
  const before = buildDossier([received]);
  const after = event.type === 'case.received' ? before : applyCaseEvent(before, event);
  return [after, buildProgressEntry(event, after)];
}

// ------------------------------------------------------------------------------------ set-up

describe('hostile input (real Postgres, the gateway in-process)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 4 });
    await ds.initialize();
    const config = loadConfig(gatewayConfigSpec, {
      DATABASE_URL: pg.url,
      KAFKA_BROKERS: '127.0.0.1:1',
      INBOUND_ENABLED: 'false',
      HUB_API_KEYS: `${DEPARTMENT}:${KEY}`,
      HUB_AUDITOR_KEYS: 'auditor:hostile-auditor-key',
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
      PII_ENCRYPTION_KEY: 'KNxo2nucFREOwaSizzhKE6MujD58yWufNVyUQQTozlA=',
      PII_HASH_KEY: 'BMsz22w7dO1ZKNdlHWp2WHzFDx7PhOGDSDFh4ymITwU=',
      POPULATION_URL: 'http://127.0.0.1:1',
      BUSINESS_URL: 'http://127.0.0.1:1',
      RESULTS_STORE_URL: 'http://127.0.0.1:1',
    });
    const logger = HubLogger.for('gateway', 'silent');
    app = await NestFactory.create(GatewayModule.forRoot(config, logger), {
      logger: false,
      bodyParser: false,
      abortOnError: false,
    });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await pg?.stop();
  });

  it('(a) every event the contract accepts is stored by Postgres and mapped into a dossier the portal takes', async () => {
    const intake = new EventIntakeRepository(ds);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(hostileEvent, async ({ received, event }) => {
        const parsed = parseCaseEvent(event);
        if (!parsed.ok) return;
        accepted += 1;
        // Stored the way the gateway stores it: the case.received first when the event follows it.
        const receivedEvent = parseCaseEvent(received);
        if (!receivedEvent.ok) throw new Error('the example case.received must be valid');
        const batch = parsed.value.type === 'case.received' ? [event] : [received, event];
        const built = AcceptEventsCommand.create({
          department: DEPARTMENT,
          body: batch,
          kind: 'batch',
          maxBatch: 10,
        });
        if (!built.ok) throw new Error(`refused by the command: ${JSON.stringify(built.error)}`);
        const result = await intake.accept(DEPARTMENT, built.command.events);
        // A case code or sequence an earlier run already used is a conflict, answered as a value.
        expect(['accepted', 'conflict']).toContain(result.kind);
        const first = parsed.value.type === 'case.received' ? parsed.value : receivedEvent.value;
        expect(portalProblems(portalCallsFor(first, parsed.value))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    // The generators must reach the interesting side too, or the property says nothing.
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });

  /** Anything an integrator might send to POST /v1/events, and how. */
  const hostileRequest = fc.oneof(
    {
      weight: 5,
      arbitrary: hostileEvent.map(({ event }) => ({
        contentType: 'application/cloudevents+json',
        headers: {},
        body: JSON.stringify(event),
      })),
    },
    {
      weight: 2,
      arbitrary: fc.array(hostileEvent, { minLength: 1, maxLength: 3 }).map((list) => ({
        contentType: 'application/cloudevents-batch+json',
        headers: {},
        body: JSON.stringify(list.map((l) => l.event)),
      })),
    },
    {
      weight: 3,
      arbitrary: hostileEvent.map(({ event }) => {
        // Binary mode: attributes as headers, percent-encoded (so any code unit can travel).
        const { data, ...attributes } = event as { data?: Json; [k: string]: Json | undefined };
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(attributes)) {
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          headers[`ce-${name}`] = percentEncode(text);
        }
        return { contentType: 'application/json', headers, body: JSON.stringify(data ?? null) };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        contentType: fc.constantFrom(
          'application/json',
          'application/cloudevents+json',
          'text/plain',
        ),
        headers: fc.constant({}),
        body: fc.oneof(
          fc.json(),
          fc.string({ unit: codeUnit, maxLength: 30 }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
      }),
    },
  );

  it('(b) any request to POST /v1/events gets 2xx or 4xx, never 5xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileRequest, async ({ contentType, headers, body }) => {
        const res = await fetch(`${base}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': contentType, ...headers },
          body,
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${res.status} for ${body.slice(0, 300)}: ${text}`);
        expect(res.status).toBeGreaterThanOrEqual(200);
        if (res.status >= 400) {
          // A refusal is a problem that names its fields (when it is about fields).
          expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        }
      }),
      { numRuns: RUNS },
    );
    // Both sides were reached: accepted events and refusals.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  });

  describe('CloudEvents HTTP binary mode, sent by the CloudEvents JS SDK', () => {
    const send = async (message: { headers: Record<string, unknown>; body: unknown }) => {
      const headers: Record<string, string> = { authorization: `Bearer ${KEY}` };
      for (const [k, v] of Object.entries(message.headers)) headers[k] = String(v);
      const res = await fetch(`${base}/v1/events`, {
        method: 'POST',
        headers,
        body: message.body as string,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const sdkEvent = (event: CaseEventInput, overrides: Record<string, unknown> = {}) => {
      const { data, ...attributes } = event;
      return new CloudEvent({ ...attributes, data, ...overrides }, false);
    };

    it('accepts a valid case.received and stores it as the structured event', async () => {
      const [received] = exampleCase({ number: 77_001, day: '261204' }).events;
      const reply = await send(HTTP.binary(sdkEvent(received)));
      expect(reply).toEqual({
        status: 202,
        body: { accepted: 1, duplicates: 0, results: [{ id: received.id, status: 'accepted' }] },
      });
      // The same event again in structured mode is a harmless duplicate: the same content.
      const again = await fetch(`${base}/v1/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/cloudevents+json',
        },
        body: JSON.stringify(JSON.parse(HTTP.structured(sdkEvent(received)).body as string)),
      });
      expect(((await again.json()) as { duplicates: number }).duplicates).toBe(1);
    });

    it('refuses what the contract refuses, naming the header or the data path', async () => {
      const [received] = exampleCase({ number: 77_002, day: '261204' }).events;
      const badSubject = await send(
        HTTP.binary(sdkEvent(received, { subject: '000.00.01.H26-261304-77002' })),
      );
      expect(badSubject.status).toBe(400);
      expect(badSubject.body).toMatchObject({
        code: 'INVALID_EVENT',
        errors: expect.arrayContaining([
          expect.objectContaining({ path: 'headers.ce-subject' }),
        ]) as unknown,
      });
      const nul = await send(
        HTTP.binary(
          sdkEvent(received, {
            data: { ...received.data, summary: 'a\u0000b' },
          }),
        ),
      );
      expect(nul.body).toMatchObject({
        code: 'INVALID_EVENT',
        errors: [{ path: 'data.summary', message: expect.stringContaining('U+0000') as string }],
      });
    });

    it('reads percent-encoded header values, so a NUL sent as %00 is refused at its header', async () => {
      const [received] = exampleCase({ number: 77_003, day: '261204' }).events;
      const message = HTTP.binary(sdkEvent(received));
      const reply = await send({
        ...message,
        headers: { ...message.headers, 'ce-traceparent': '00-%00' },
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({
        errors: [
          { path: 'headers.ce-traceparent', message: expect.stringContaining('U+0000') as string },
        ],
      });
    });
  });
});
