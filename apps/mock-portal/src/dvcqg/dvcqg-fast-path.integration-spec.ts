import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@hub/config';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import pino from 'pino';
import { BODY_LIMIT_BYTES, createMockPortalApp } from '../app';
import { mockPortalConfigSpec } from '../mock-portal.config';
import type { PortalStats } from '../state/portal-state.service';
import { newDossier } from '../test/dossier.factory';
import { DvcqgFastPath } from './dvcqg-fast-path';
import type { PortalApiService } from './portal-api.service';

/**
 * POST /dvcqg/api is served from node:http in front of Nest (dvcqg-fast-path.ts). These answers
 * were recorded from the Express/Nest route before the fast path existed; the fast path must give
 * the same ones, and whatever it declines must still reach Express. Express sets X-Powered-By on
 * everything it answers and the fast path does not, which tells the two apart on the wire.
 */
const AGENCY = '000.00.01.H26';
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

interface Sent {
  method?: string;
  path?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Sent with Transfer-Encoding: chunked, one write each. */
  chunks?: (string | Buffer)[];
}

let app: NestExpressApplication;
let port: number;
const logLines: string[] = [];

beforeAll(async () => {
  const config = loadConfig(mockPortalConfigSpec, { MOCK_PORTAL_USERS: 'hanoi-hub:demo-secret' });
  const logger = new HubLogger(
    pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
  );
  app = await createMockPortalApp(config, { logger });
  await app.listen(0, '127.0.0.1');
  port = (app.getHttpServer().address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
});

beforeEach(async () => {
  expect((await send({ method: 'DELETE', path: '/__mock/state' }, port)).status).toBe(204);
  await setFaults({ mode: 'up' });
});

function send(sent: Sent, to: number = port): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: to,
        method: sent.method ?? 'POST',
        path: sent.path ?? '/dvcqg/api',
        headers: sent.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    for (const chunk of sent.chunks ?? []) req.write(chunk);
    req.end(sent.body);
  });
}

/** A JSON request as DVCQG clients send it; a string or Buffer body is sent as it is. */
function json(body: unknown, headers: Record<string, string> = {}, path?: string): Sent {
  const payload =
    typeof body === 'string' || Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  return {
    path,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      ...headers,
    },
    body: payload,
  };
}

function parsed(answer: Answer): unknown {
  return JSON.parse(answer.text) as unknown;
}

async function setFaults(faults: Record<string, unknown>): Promise<void> {
  const answer = await send({ ...json(faults), path: '/__mock/faults' });
  expect(answer.status).toBe(200);
}

async function login(): Promise<string> {
  const answer = await send(json({ username: 'hanoi-hub', password: 'demo-secret' }));
  const { session } = parsed(answer) as { session: string };
  return session;
}

async function stats(): Promise<PortalStats> {
  return parsed(await send({ method: 'GET', path: '/__mock/stats' })) as PortalStats;
}

async function metricsText(): Promise<string> {
  return (await send({ method: 'GET', path: '/metrics' })).text;
}

function dvcqgRequests(metrics: string, status: string): number {
  const line = metrics
    .split('\n')
    .find((l) =>
      l.startsWith(
        `hub_http_request_duration_seconds_count{service="mock-portal",method="POST",route="/dvcqg/api",status="${status}"}`,
      ),
    );
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

function problem(status: number, code: string, title: string, detail: string): string {
  const slug = code.toLowerCase().replace(/_/g, '-');
  return JSON.stringify({
    type: `https://lienthong.hanoi.gov.vn/problems/${slug}`,
    title,
    status,
    code,
    detail,
  });
}

const badRequest = (detail: string): string => problem(400, 'BAD_REQUEST', 'Bad Request', detail);

const wrongLogin = JSON.stringify({
  error_code: '-1',
  message: 'Sai tên đăng nhập hoặc mật khẩu',
});
const notAnObject = JSON.stringify({
  error_code: '1',
  message: 'Yêu cầu không hợp lệ: nội dung phải là một đối tượng JSON',
});

describe('the fast path', () => {
  it('answers a call with the JSON and headers Nest sent, without Express', async () => {
    const answer = await send(json({ username: 'hanoi-hub', password: 'wrong' }));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(wrongLogin);
    expect(answer.headers['content-type']).toBe(JSON_TYPE);
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(wrongLogin)));
    expect(answer.headers['x-powered-by']).toBeUndefined();
    expect(answer.headers.etag).toBeUndefined();

    const session = await login();
    const agencies = await send(json({ session, madonvi: AGENCY, service: 'LayDanhMucCoQuan' }));
    expect(parsed(agencies)).toMatchObject({
      error_code: '0',
      message: 'Lấy danh mục cơ quan thành công',
    });
  });

  it('keeps a fault reply’s status and headers', async () => {
    await setFaults({ mode: 'error', status: 429 });
    const answer = await send(json({ username: 'hanoi-hub', password: 'demo-secret' }));
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.headers['content-type']).toBe(JSON_TYPE);
    expect(answer.text).toBe(
      JSON.stringify({
        error_code: '429',
        message: 'Vượt quá số lượng yêu cầu cho phép, vui lòng thử lại sau',
      }),
    );
  });

  it.each([
    ['a truncated object', '{"username":', 'Unexpected end of JSON input'],
    ['a trailing comma', '{"a":1,}', 'Expected double-quoted property name in JSON at position 7'],
    ['a top-level string', '"text"', 'Unexpected token \'"\', ""text"" is not valid JSON'],
    ['a top-level number', '  123', 'Unexpected token \'1\', "  123" is not valid JSON'],
    ['a top-level null', 'null', 'Unexpected token \'n\', "null" is not valid JSON'],
    ['whitespace only', '   ', 'Unexpected end of JSON input'],
  ])('refuses %s with the 400 problem body-parser raised', async (_name, body, detail) => {
    const before = await metricsText();
    const answer = await send(json(body));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe(PROBLEM_TYPE);
    expect(answer.text).toBe(badRequest(detail));
    // Express refused bodies before its metrics middleware ran; so does the fast path.
    expect(dvcqgRequests(await metricsText(), '400')).toBe(dvcqgRequests(before, '400'));
  });

  it('reads an empty body as {} and a top-level array as a value, as body-parser did', async () => {
    expect((await send(json(''))).text).toBe(wrongLogin);
    expect((await send(json('[1,2]'))).text).toBe(notAnObject);
  });

  it('drops a UTF-8 byte order mark, as iconv-lite did', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const body = Buffer.concat([bom, Buffer.from('{"username":"hanoi-hub","password":"x"}')]);
    expect((await send(json(body))).text).toBe(wrongLogin);
  });

  it('answers 413 over the body limit, declared or streamed, and takes the limit itself', async () => {
    const tooLarge = problem(
      413,
      'PAYLOAD_TOO_LARGE',
      'Payload Too Large',
      'request entity too large',
    );
    const oversized = `{"pad":"${'x'.repeat(BODY_LIMIT_BYTES)}"}`;
    const declared = await send(json(oversized));
    expect([declared.status, declared.headers['content-type'], declared.text]).toEqual([
      413,
      PROBLEM_TYPE,
      tooLarge,
    ]);
    const streamed = await send({
      headers: { 'content-type': 'application/json' },
      chunks: [oversized.slice(0, 3_000_000), oversized.slice(3_000_000)],
    });
    expect([streamed.status, streamed.text]).toEqual([413, tooLarge]);

    const prefix = '{"username":"hanoi-hub","password":"x","pad":"';
    const atLimit = `${prefix}${'x'.repeat(BODY_LIMIT_BYTES - prefix.length - 2)}"}`;
    expect(Buffer.byteLength(atLimit)).toBe(BODY_LIMIT_BYTES);
    const chunked = { headers: { 'content-type': 'application/json' }, chunks: [atLimit] };
    expect((await send(chunked)).text).toBe(wrongLogin);
  });

  it('treats a missing or empty Idempotency-Key as no key', async () => {
    const session = await login();
    const dossier = newDossier();
    const create = { session, madonvi: AGENCY, service: 'DongBoHoSoMC', isUpdating: 'False' };
    const first = parsed(await send(json({ ...create, data: [dossier] })));
    expect(first).toMatchObject({ error_code: '0' });
    // Without a key a repeat is processed again (and refused as a duplicate create), not replayed.
    const again = parsed(
      await send(json({ ...create, data: [dossier] }, { 'idempotency-key': '' })),
    );
    expect(again).toMatchObject({ error_code: '2' });
    expect((await stats()).duplicates).toBe(0);

    const keyed = newDossier();
    const withKey = json({ ...create, data: [keyed] }, { 'idempotency-key': 'k-1' });
    const answers = [await send(withKey), await send(withKey)].map((a) => a.text);
    expect(answers[1]).toBe(answers[0]);
    expect((await stats()).duplicates).toBe(1);
  });

  it('records the latency sample HttpMetricsMiddleware recorded', async () => {
    const before = dvcqgRequests(await metricsText(), '200');
    await send(json({ username: 'hanoi-hub', password: 'x' }));
    expect(dvcqgRequests(await metricsText(), '200')).toBe(before + 1);
  });

  it('logs each call once, as before', async () => {
    logLines.length = 0;
    await send(json({ username: 'hanoi-hub', password: 'x' }, { 'idempotency-key': 'k-log' }));
    const calls = logLines.filter((l) => l.includes('"msg":"dvcqg call"'));
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0])).toMatchObject({
      portalService: 'login',
      outcome: 'refused',
      errorCode: '-1',
      httpStatus: 200,
      idempotencyKey: 'k-log',
    });
  });
});

describe('what the fast path leaves to Express', () => {
  it.each<[string, Sent, number, string]>([
    [
      'text/plain',
      { headers: { 'content-type': 'text/plain' }, body: '{"username":"hanoi-hub"}' },
      200,
      notAnObject,
    ],
    ['no content type', { body: '{"username":"hanoi-hub"}' }, 200, notAnObject],
    [
      'a form',
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=hanoi-hub&password=x',
      },
      200,
      wrongLogin,
    ],
    [
      'a form over its 100 kB limit',
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `a=${'x'.repeat(200 * 1024)}`,
      },
      413,
      problem(413, 'PAYLOAD_TOO_LARGE', 'Payload Too Large', 'request entity too large'),
    ],
    [
      'a UTF-16 body',
      {
        headers: { 'content-type': 'application/json; charset=utf-16le' },
        body: Buffer.from('{"username":"hanoi-hub","password":"x"}', 'utf16le'),
      },
      200,
      wrongLogin,
    ],
    [
      'an unsupported charset',
      {
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: '{"username":"hanoi-hub"}',
      },
      415,
      problem(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported Media Type',
        'unsupported charset "LATIN1"',
      ),
    ],
    [
      'a gzip body',
      {
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync('{"username":"hanoi-hub","password":"x"}'),
      },
      200,
      wrongLogin,
    ],
    [
      'an unsupported content encoding',
      {
        headers: { 'content-type': 'application/json', 'content-encoding': 'bogus' },
        body: '{"username":"hanoi-hub"}',
      },
      415,
      problem(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported Media Type',
        'unsupported content encoding "bogus"',
      ),
    ],
    [
      'GET',
      { method: 'GET' },
      404,
      problem(404, 'NOT_FOUND', 'Not Found', 'No route for GET /dvcqg/api'),
    ],
  ])('%s, answered as before', async (_name, sent, status, text) => {
    const answer = await send(sent);
    expect([answer.status, answer.text]).toEqual([status, text]);
    expect(answer.headers['content-type']).toBe(status === 200 ? JSON_TYPE : PROBLEM_TYPE);
    expect(answer.headers['x-powered-by']).toBe('Express');
  });

  it('serves a form login end to end', async () => {
    const answer = await send({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=hanoi-hub&password=demo-secret',
    });
    expect(parsed(answer)).toMatchObject({ error_code: 0, message: 'Đăng nhập thành công' });
  });

  it.each(['/__mock/stats', '/__mock/faults', '/health/live', '/health', '/metrics'])(
    'serves GET %s through Nest',
    async (path) => {
      const answer = await send({ method: 'GET', path });
      expect(answer.status).toBe(200);
      expect(answer.headers['x-powered-by']).toBe('Express');
    },
  );
});

describe('the fast path against Express, request for request', () => {
  // Express matches routes case-insensitively and the fast path takes only the exact path, so
  // /DVCQG/API still reaches the Nest controller: the same request answered both ways.
  it.each<[string, (session: string) => string | Buffer]>([
    ['a valid login', () => '{"username":"hanoi-hub","password":"x"}'],
    ['a truncated object', () => '{"username":'],
    ['a stray token', () => '{"a":tru}'],
    ['a leading letter', () => 'x{"a":1}'],
    ['a top-level true', () => '\n true'],
    ['a top-level string with quotes', () => '"a \\"quoted\\" text"'],
    ['a long broken body', () => `{"pad":"${'y'.repeat(500)}",}`],
    [
      'invalid UTF-8, echoed in the answer',
      (session) =>
        Buffer.concat([
          Buffer.from(`{"session":"${session}","madonvi":"${AGENCY}","service":"Dịch`),
          Buffer.from([0xff, 0xc3]),
          Buffer.from('vụ"}'),
        ]),
    ],
    [
      'Vietnamese text, echoed in the answer',
      (session) => `{"session":"${session}","madonvi":"${AGENCY}","service":"Tra cứu"}`,
    ],
    ['an array', () => '[{"username":"hanoi-hub"}]'],
    ['an empty body', () => ''],
  ])('%s', async (_name, bodyFor) => {
    const body = bodyFor(await login());
    const fast = await send(json(body));
    const express = await send(json(body, {}, '/DVCQG/API'));
    expect(fast.headers['x-powered-by']).toBeUndefined();
    expect(express.headers['x-powered-by']).toBe('Express');
    expect([fast.status, fast.headers['content-type'], fast.text]).toEqual([
      express.status,
      express.headers['content-type'],
      express.text,
    ]);
  });
});

describe('an unexpected error on the fast path', () => {
  let server: Server;
  let serverPort: number;
  const lines: string[] = [];

  beforeAll(async () => {
    const failing = {
      handle: () => Promise.reject(new Error('state corrupted')),
    } as unknown as PortalApiService;
    const logger = new HubLogger(
      pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
    );
    const fastPath = new DvcqgFastPath(
      failing,
      logger,
      new MetricsRegistry('mock-portal'),
      BODY_LIMIT_BYTES,
    );
    server = createServer((req, res) => fastPath.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverPort = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('is a 500 problem whose errorId is logged, as ProblemFilter answers it', async () => {
    const answer = await send(json({ username: 'hanoi-hub' }), serverPort);
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toBe(PROBLEM_TYPE);
    const body = parsed(answer) as Record<string, unknown>;
    expect(body).toEqual({
      type: 'https://lienthong.hanoi.gov.vn/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      code: 'INTERNAL',
      detail: 'The hub could not complete this request. Quote the errorId when reporting it.',
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'unhandled error',
        errorId: body['errorId'],
        method: 'POST',
        path: '/dvcqg/api',
      }),
    );
  });
});
