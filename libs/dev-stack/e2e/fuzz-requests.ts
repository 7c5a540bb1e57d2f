import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import type { CaseEventInput } from '@hub/contracts';
import type { AppName, Stack } from '@hub/dev-stack';
import { existingPersonalId, missingPersonalId } from '@hub/testing';
import { cases } from './hub-client';

/**
 * Generated HTTP requests against the hub's public surfaces (gateway, ops, webhooks): valid and
 * hostile paths, query strings, keys, headers and bodies. A request is plain data, so a failure
 * prints what was sent, and the same seed generates the same requests again.
 */

export type FuzzedApp = Extract<AppName, 'gateway' | 'ops' | 'webhooks'>;

export interface FuzzRequest {
  app: FuzzedApp;
  method: string;
  /** Path and query, percent-encoded as sent on the request line. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What the answer must be besides "not 5xx": 431 for an oversized header. */
  expectStatus?: number;
}

export type Role = 'department' | 'ops' | 'admin' | 'auditor';

export interface FuzzContext {
  keys: Record<Role, string>;
  /** Applicants' personal IDs the requests may carry; the run greps the logs for them. */
  personalIds: string[];
}

/** Case events of cases of our own (day 261126), and the applicants' IDs they carry. */
export function fuzzCases(count: number): { events: CaseEventInput[][]; personalIds: string[] } {
  const list = cases({ day: '261126', count });
  return {
    events: list.map((c) => c.events),
    personalIds: list.map(
      (c) =>
        (c.events[0] as { data: { applicant: { personalId?: string } } }).data.applicant
          .personalId ?? '',
    ),
  };
}

export function contextOf(stack: Stack, personalIds: string[]): FuzzContext {
  return {
    keys: {
      department: stack.keys.departments['STP'] ?? '',
      ops: stack.keys.ops,
      admin: stack.keys.admin,
      auditor: stack.keys.auditor,
    },
    personalIds: [
      ...personalIds,
      ...Array.from({ length: 5 }, (_, n) => existingPersonalId(n)),
      ...Array.from({ length: 5 }, (_, n) => missingPersonalId(n)),
    ],
  };
}

const hex = (byte: number): string => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
/** Percent-encodes UTF-8, and a string's lone surrogates as the bytes a WTF-8 client sends. */
function encode(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/^[A-Za-z0-9\-._~]$/.test(ch)) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff) {
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map(hex).join('');
    } else out += [...Buffer.from(ch, 'utf8')].map(hex).join('');
  }
  return out;
}

/** Already-encoded hostile values: NUL, lone surrogates, bad UTF-8, huge and negative numbers. */
const HOSTILE_ENCODED = [
  '%00',
  'a%00b',
  '000.00.01.H26-261126-00001%00',
  '%ED%A0%80',
  'x%ED%B0%80',
  '%FF',
  '%C0%80',
  '%F4%90%80%80',
  '%',
  '%zz',
  '%25',
  '',
  '%20',
  '-1',
  '-0',
  '0',
  '1.5',
  '1e3',
  '1e309',
  '0x10',
  'NaN',
  'Infinity',
  '99999999999999999999999999999',
  '9007199254740993',
  '2147483648',
  '-9223372036854775809',
  'null',
  '%5B%5D',
  '..%2F..%2Fetc%2Fpasswd',
  '%2E%2E',
  '%3Cscript%3E',
  "'%3B%20drop%20table%20cases%3B--",
  '0000-00',
  '2026-13',
  '2026-00',
  '9999-12',
  '2026-11',
  'STP',
  'stp',
  'ZZZ',
  'active',
  'paused',
  'deleted',
  'pending',
  'delivered',
  'curiosity',
  'x'.repeat(300),
];

const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_ENCODED) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(encode) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((b) => [...b].map(hex).join('')) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 2000 }).map(String) },
);

interface Route {
  app: FuzzedApp;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** `{}` marks a path parameter. */
  template: string;
  role: Role;
  query?: string[];
  body?: 'json' | 'none';
}

const ROUTES: Route[] = [
  { app: 'gateway', method: 'GET', template: '/v1/cases/{}', role: 'department' },
  {
    app: 'gateway',
    method: 'POST',
    template: '/v1/cases/{}/payments',
    role: 'department',
    body: 'json',
  },
  // The payment platform's callback takes no key (its checksum authenticates it): any header goes.
  {
    app: 'gateway',
    method: 'POST',
    template: '/v1/national/payment-platform/confirm',
    role: 'department',
    body: 'json',
  },
  {
    app: 'gateway',
    method: 'GET',
    template: '/v1/prefill',
    role: 'department',
    query: ['personalId', 'enterpriseCode', 'procedureCode', 'purpose'],
  },
  {
    app: 'gateway',
    method: 'GET',
    template: '/v1/access-log',
    role: 'auditor',
    query: ['personalId', 'enterpriseCode', 'limit'],
  },
  { app: 'gateway', method: 'POST', template: '/v1/admin/keys', role: 'admin', body: 'json' },
  {
    app: 'gateway',
    method: 'GET',
    template: '/v1/admin/keys',
    role: 'admin',
    query: ['department', 'state'],
  },
  { app: 'gateway', method: 'GET', template: '/v1/admin/keys/{}', role: 'admin' },
  { app: 'gateway', method: 'PATCH', template: '/v1/admin/keys/{}', role: 'admin', body: 'json' },
  {
    app: 'gateway',
    method: 'POST',
    template: '/v1/admin/keys/{}/rotate',
    role: 'admin',
    body: 'json',
  },
  {
    app: 'gateway',
    method: 'POST',
    template: '/v1/admin/keys/{}/revoke',
    role: 'admin',
    body: 'json',
  },
  {
    app: 'gateway',
    method: 'GET',
    template: '/v1/admin/audit',
    role: 'admin',
    query: ['actor', 'action', 'target', 'limit', 'offset'],
  },
  { app: 'ops', method: 'GET', template: '/v1/console/settings', role: 'ops' },
  { app: 'ops', method: 'GET', template: '/v1/sync/history', role: 'ops', query: ['minutes'] },
  { app: 'ops', method: 'GET', template: '/v1/sync/procedures', role: 'ops' },
  { app: 'ops', method: 'GET', template: '/v1/national-adapters', role: 'ops' },
  { app: 'ops', method: 'GET', template: '/v1/cases/{}/timeline', role: 'ops' },
  { app: 'ops', method: 'POST', template: '/v1/dead-letters/replay', role: 'ops', body: 'json' },
  {
    app: 'ops',
    method: 'GET',
    template: '/v1/kpis/reuse',
    role: 'ops',
    query: ['month', 'department'],
  },
  { app: 'ops', method: 'GET', template: '/v1/sync/summary', role: 'ops' },
  {
    app: 'ops',
    method: 'GET',
    template: '/v1/sync/held-cases',
    role: 'ops',
    query: ['limit', 'offset'],
  },
  {
    app: 'ops',
    method: 'GET',
    template: '/v1/dead-letters',
    role: 'ops',
    query: ['department', 'limit', 'offset', 'procedure', 'reasonCode', 'q'],
  },
  { app: 'ops', method: 'POST', template: '/v1/dead-letters/{}/replay', role: 'ops' },
  {
    app: 'ops',
    method: 'GET',
    template: '/v1/indicators',
    role: 'ops',
    query: ['month', 'department'],
  },
  {
    app: 'ops',
    method: 'GET',
    template: '/v1/indicators.csv',
    role: 'ops',
    query: ['month', 'department'],
  },
  {
    app: 'ops',
    method: 'GET',
    template: '/v1/indicator-reports',
    role: 'ops',
    query: ['limit', 'offset'],
  },
  { app: 'ops', method: 'GET', template: '/v1/indicator-reports/{}', role: 'ops' },
  { app: 'ops', method: 'POST', template: '/v1/reconciliations', role: 'ops', body: 'json' },
  {
    app: 'ops',
    method: 'GET',
    template: '/v1/reconciliations',
    role: 'ops',
    query: ['limit', 'offset'],
  },
  { app: 'ops', method: 'GET', template: '/v1/reconciliations/{}', role: 'ops' },
  { app: 'ops', method: 'GET', template: '/console/{}', role: 'ops' },
  { app: 'webhooks', method: 'POST', template: '/v1/subscriptions', role: 'admin', body: 'json' },
  {
    app: 'webhooks',
    method: 'GET',
    template: '/v1/subscriptions',
    role: 'admin',
    query: ['state'],
  },
  { app: 'webhooks', method: 'GET', template: '/v1/subscriptions/{}', role: 'admin' },
  { app: 'webhooks', method: 'DELETE', template: '/v1/subscriptions/{}', role: 'admin' },
  { app: 'webhooks', method: 'POST', template: '/v1/subscriptions/{}/resume', role: 'admin' },
  { app: 'webhooks', method: 'POST', template: '/v1/subscriptions/{}/pause', role: 'admin' },
  {
    app: 'webhooks',
    method: 'GET',
    template: '/v1/subscriptions/{}/deliveries',
    role: 'admin',
    query: ['state', 'limit', 'offset'],
  },
  {
    app: 'webhooks',
    method: 'POST',
    template: '/v1/subscriptions/{}/deliveries/{}/redeliver',
    role: 'admin',
  },
  { app: 'webhooks', method: 'GET', template: '/v1/subscriptions/{}/audit', role: 'admin' },
  ...(['gateway', 'ops', 'webhooks'] as const).flatMap((app): Route[] =>
    ['/health', '/health/ready', '/health/live', '/metrics', '/docs/openapi.json'].map(
      (template) => ({ app, method: 'GET', template, role: 'ops' }),
    ),
  ),
];

/** Header values Node can send: tab, printable ASCII and Latin-1 (never CR, LF or NUL). */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c === 0x7f ? 0x20 : c)),
  maxLength: 40,
});

function authorization(ctx: FuzzContext, role: Role): fc.Arbitrary<string | undefined> {
  const otherRoles = (Object.keys(ctx.keys) as Role[]).filter((r) => r !== role);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(`Bearer ${ctx.keys[role]}`) },
    { weight: 2, arbitrary: fc.constantFrom(...otherRoles.map((r) => `Bearer ${ctx.keys[r]}`)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Bearer not-a-key',
        `bearer ${ctx.keys[role]}`,
        `Bearer  ${ctx.keys[role]}`,
        `Basic ${Buffer.from('admin:admin').toString('base64')}`,
        `Bearer ${ctx.keys[role]}x`,
        `Bearer ${ctx.keys[role]}, Bearer ${ctx.keys[role]}`,
      ),
    },
    { weight: 1, arbitrary: headerText.map((t) => `Bearer ${t}`) },
  );
}

const CONTENT_TYPES = [
  'application/cloudevents+json',
  'application/cloudevents-batch+json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'a/b/c',
  ';;',
  '',
];

/** A JSON value that breaks something: NUL, lone surrogates, impossible dates, huge numbers. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '0000-01-01T00:00:00+00:00',
    '2026-11-26T10:00:00+23:59',
    '2026-11-26T10:00:00+15:59',
    '9999-12-31T23:59:59Z',
    '2026-02-30T00:00:00+07:00',
    '',
    ' ',
    'x'.repeat(5000),
    1e308,
    -1,
    0,
    1.5,
    2 ** 53 + 1,
    null,
    true,
    [],
    {},
    { __proto__: { polluted: true } },
    { constructor: { prototype: { polluted: true } } },
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const EVENT_PATHS = [
  'id',
  'source',
  'type',
  'subject',
  'time',
  'sequence',
  'specversion',
  'datacontenttype',
  'dataschema',
  'traceparent',
  'unknownAttribute',
  'data',
  'data.caseCode',
  'data.procedureCode',
  'data.receivedAt',
  'data.dueAt',
  'data.applicant',
  'data.applicant.personalId',
  'data.applicant.fullName',
  'data.applicant.dateOfBirth',
  'data.documents',
  'data.fees',
  'data.status',
  'data.changedAt',
];

function setPath(target: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(target) as Record<string, unknown>;
  const parts = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (typeof next !== 'object' || next === null) return copy;
    at = next as Record<string, unknown>;
  }
  at[parts[parts.length - 1] ?? ''] = value;
  return copy;
}

/** JSON text; lone surrogates come out as `\udXXX` escapes, which JSON.parse turns back. */
const json = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

function eventRequests(ctx: FuzzContext, events: CaseEventInput[][]): fc.Arbitrary<FuzzRequest> {
  const someCase = fc.constantFrom(...events);
  const oneEvent = someCase.chain((list) => fc.constantFrom(...list));
  const mutated = fc
    .tuple(oneEvent, fc.constantFrom(...EVENT_PATHS), hostileJson)
    .map(([event, path, value]) => setPath(event, path, value));
  const structuredBody = fc.oneof(
    { weight: 3, arbitrary: oneEvent.map(json) },
    { weight: 1, arbitrary: someCase.map(json) },
    { weight: 4, arbitrary: mutated.map(json) },
    { weight: 1, arbitrary: fc.array(mutated, { maxLength: 4 }).map(json) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '[',
        'null',
        '[]',
        '{}',
        '"\\u0000"',
        '{"specversion":"1.0"}',
        '['.repeat(5000) + ']'.repeat(5000),
        '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
        `[${'1,'.repeat(600_000)}1]`,
      ),
    },
  );
  const structured = fc
    .record({
      auth: authorization(ctx, 'department'),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      body: structuredBody,
      encoding: fc.constantFrom(undefined, undefined, undefined, 'gzip', 'br', 'identity', 'x'),
    })
    .map(({ auth, contentType, body, encoding }): FuzzRequest => ({
      app: 'gateway',
      method: 'POST',
      path: '/v1/events',
      headers: {
        ...(auth === undefined ? {} : { authorization: auth }),
        ...(contentType === '' ? {} : { 'content-type': contentType }),
        ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
      },
      body,
    }));
  // CloudEvents HTTP binary mode: the attributes as ce-* headers, the data as the body.
  const binary = fc
    .record({
      auth: authorization(ctx, 'department'),
      event: fc.oneof(oneEvent, mutated),
      breakHeader: fc.option(
        fc.tuple(
          fc.constantFrom(
            'ce-specversion',
            'ce-id',
            'ce-source',
            'ce-type',
            'ce-subject',
            'ce-time',
            'ce-sequence',
            'ce-unknown',
          ),
          headerText,
        ),
      ),
      contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', ''),
    })
    .map(({ auth, event, breakHeader, contentType }): FuzzRequest => {
      const headers: Record<string, string> = {};
      const e = (event ?? {}) as Record<string, unknown>;
      for (const [name, value] of Object.entries(e)) {
        if (name === 'data' || name === 'datacontenttype') continue;
        const text = typeof value === 'string' ? value : json(value);
        // Only what Node can put in a header; the rest stays out (a missing attribute).
        if (/^[\t\x20-\x7e\x80-\xff]*$/.test(text)) headers[`ce-${name}`] = text;
      }
      if (breakHeader) headers[breakHeader[0]] = breakHeader[1];
      if (auth !== undefined) headers['authorization'] = auth;
      if (contentType !== '') headers['content-type'] = contentType;
      return { app: 'gateway', method: 'POST', path: '/v1/events', headers, body: json(e['data']) };
    });
  return fc.oneof({ weight: 3, arbitrary: structured }, { weight: 1, arbitrary: binary });
}

function routeRequests(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const pathValue = fc.oneof(
    { weight: 3, arbitrary: hostileValue },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '000.00.01.H26-261126-00001',
        '1',
        'e3b0c442-98fc-4c34-8e9e-f6e2c8f1a001',
        'index.html',
        'app.js',
      ),
    },
  );
  const queryValue = fc.oneof(
    { weight: 4, arbitrary: hostileValue },
    { weight: 1, arbitrary: fc.constantFrom(...ctx.personalIds) },
  );
  const jsonBody = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map(json),
    fc
      .record(
        {
          department: hostileJson,
          label: hostileJson,
          url: fc.constantFrom('http://127.0.0.1:1/hook', 'http://[::1]/', 'ftp://x', 'a\u0000'),
          types: fc.array(hostileJson, { maxLength: 3 }),
          eventIds: fc.array(hostileJson, { maxLength: 3 }),
          windowFrom: hostileJson,
          windowTo: hostileJson,
          expiresAt: hostileJson,
          overlapSeconds: hostileJson,
        },
        { requiredKeys: [] },
      )
      .map(json),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc.constantFrom('', '{', '{"department":"STP","label":"fuzz\\u0000"}'),
  );
  return fc
    .record({
      route: fc.constantFrom(...ROUTES),
      params: fc.array(pathValue, { minLength: 2, maxLength: 2 }),
      query: fc.array(fc.tuple(fc.nat(), queryValue), { maxLength: 5 }),
      extraName: fc.constantFrom('x', 'limit[]', 'a%00', '__proto__', 'constructor'),
      authSeed: fc.nat(),
      body: jsonBody,
      contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', ''),
    })
    .chain(({ route, params, query, extraName, body, contentType }) =>
      authorization(ctx, route.role).map((auth): FuzzRequest => {
        let i = 0;
        const path = route.template.replace(/\{\}/g, () => params[i++] ?? '');
        const names = [...(route.query ?? []), extraName];
        const pairs = query.map(([n, v]) => `${names[n % names.length] ?? 'x'}=${v}`);
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers['authorization'] = auth;
        const withBody = route.body === 'json' || route.method !== 'GET';
        if (withBody && contentType !== '') headers['content-type'] = contentType;
        return {
          app: route.app,
          method: route.method,
          path: pairs.length > 0 ? `${path}?${pairs.join('&')}` : path,
          headers,
          body: withBody ? body : undefined,
        };
      }),
    );
}

/** Oversized and odd headers on any surface: every one must get an HTTP answer. */
function headerRequests(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      app: fc.constantFrom<FuzzedApp>('gateway', 'ops', 'webhooks'),
      path: fc.constantFrom('/v1/events', '/v1/sync/summary', '/v1/subscriptions', '/health'),
      size: fc.integer({ min: 20_000, max: 200_000 }),
      where: fc.constantFrom('authorization', 'x-filler', 'cookie'),
    })
    .map(({ app, path, size, where }): FuzzRequest => ({
      app,
      method: path === '/v1/events' ? 'POST' : 'GET',
      path,
      headers: {
        authorization: `Bearer ${ctx.keys.department}`,
        [where]: where === 'authorization' ? `Bearer ${'k'.repeat(size)}` : 'v'.repeat(size),
        'content-type': 'application/json',
      },
      body: path === '/v1/events' ? '{}' : undefined,
      expectStatus: 431,
    }));
}

export function fuzzRequests(
  ctx: FuzzContext,
  events: CaseEventInput[][],
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 5, arbitrary: eventRequests(ctx, events) },
    { weight: 8, arbitrary: routeRequests(ctx) },
    { weight: 1, arbitrary: headerRequests(ctx) },
  );
}

/** An HTTP status, a transport error (reset, timeout), or a request Node refused to send. */
export type FuzzOutcome = { status: number } | { error: string } | { unsendable: string };

/**
 * Sends one request on a connection of its own (no keep-alive: a reused socket the server has
 * just closed would look like a reset that the hub did not cause) and waits for the answer.
 */
export function send(stack: Stack, req: FuzzRequest, timeoutMs = 30_000): Promise<FuzzOutcome> {
  const url = new URL(stack.urls[req.app]);
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: FuzzOutcome): void => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    try {
      const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
      const r = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: req.method,
          path: req.path,
          agent: false,
          headers: {
            ...req.headers,
            ...(body === undefined ? {} : { 'content-length': String(body.length) }),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          res.resume();
          res.on('end', () => done({ status }));
          res.on('error', () => done({ status }));
          res.on('close', () => done({ status }));
        },
      );
      r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      r.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
      r.end(body);
    } catch (e) {
      // Node refused to send it (an invalid header from the generator): not the hub's doing.
      done({ unsendable: e instanceof Error ? e.message : String(e) });
    }
  });
}

/** A request as one short line for a failure report. */
export function describeRequest(req: FuzzRequest): string {
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [
      k,
      v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v,
    ]),
  );
  const body =
    req.body === undefined
      ? ''
      : ` body=${JSON.stringify(req.body.length > 300 ? `${req.body.slice(0, 300)}…(${req.body.length})` : req.body)}`;
  return `${req.app} ${req.method} ${req.path} ${JSON.stringify(headers)}${body}`;
}
