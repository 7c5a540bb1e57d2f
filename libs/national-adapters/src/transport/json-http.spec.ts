import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { JsonHttpError, JsonHttpTransport } from './json-http';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: string;
  remotePort: number | undefined;
}

/** A real local HTTP server; each test sets how it answers. */
let server: http.Server;
let base: string;
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
let seen: Seen[];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
      });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  answer = (_req, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error_code: '0', message: 'thành công' }));
  };
});

function transport(overrides: Partial<ConstructorParameters<typeof JsonHttpTransport>[0]> = {}) {
  return new JsonHttpTransport({
    baseUrl: `${base}/dvcqg/api`,
    timeoutMs: 1000,
    maxSockets: 4,
    ...overrides,
  });
}

it('posts JSON with the given headers and parses the JSON answer', async () => {
  const t = transport({ headers: { 'x-platform-key': 'k' } });
  const res = await t.request({
    method: 'POST',
    body: { service: 'DongBoHoSoMC', data: [{ MaHoSo: 'H26-1' }], note: 'tiếng Việt' },
    headers: { 'Idempotency-Key': 'e1:DongBoHoSoMC' },
  });
  t.close();
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ error_code: '0', message: 'thành công' });
  expect(seen).toHaveLength(1);
  expect(seen[0].method).toBe('POST');
  expect(seen[0].url).toBe('/dvcqg/api');
  expect(JSON.parse(seen[0].body)).toEqual({
    service: 'DongBoHoSoMC',
    data: [{ MaHoSo: 'H26-1' }],
    note: 'tiếng Việt',
  });
  expect(seen[0].headers['content-type']).toBe('application/json');
  expect(seen[0].headers['content-length']).toBe(String(Buffer.byteLength(seen[0].body)));
  expect(seen[0].headers['idempotency-key']).toBe('e1:DongBoHoSoMC');
  expect(seen[0].headers['x-platform-key']).toBe('k');
  expect(seen[0].headers['accept']).toBe('application/json');
  // The answer is read as sent: asking for compression would hand the classifiers gzip bytes.
  expect(seen[0].headers['accept-encoding']).toBeUndefined();
});

it('speaks HTTPS through the same adapter when the base URL is https', async () => {
  // Nothing listens with TLS here: the call must fail at the TLS layer of https, not send
  // plain HTTP to an https URL (which this plain server would answer 200).
  const t = transport({ baseUrl: `${base.replace('http:', 'https:')}/dvcqg/api` });
  const error: unknown = await t.request({ method: 'POST', body: {} }).catch((e: unknown) => e);
  t.close();
  expect(error).toBeInstanceOf(JsonHttpError);
  expect(seen).toHaveLength(0);
});

it('joins a path and query to the base URL and sends no body on GET', async () => {
  const t = new JsonHttpTransport({ baseUrl: `${base}/dkkd/`, timeoutMs: 1000, maxSockets: 1 });
  await t.request({
    method: 'GET',
    path: '/api/v1/DoanhNghiep/chiTietDoanhNghiep',
    query: { msdn: '0101234567-001', q: 'a b' },
  });
  t.close();
  expect(seen[0].method).toBe('GET');
  expect(seen[0].url).toBe('/dkkd/api/v1/DoanhNghiep/chiTietDoanhNghiep?msdn=0101234567-001&q=a+b');
  expect(seen[0].body).toBe('');
  expect(seen[0].headers['content-type']).toBeUndefined();
});

it('returns every status instead of throwing, and does not follow redirects', async () => {
  const t = transport();
  answer = (_req, res) => {
    res.writeHead(503, { 'retry-after': '7', 'content-type': 'application/json' });
    res.end('{"error":"busy"}');
  };
  const unavailable = await t.request({ method: 'POST', body: {} });
  answer = (_req, res) => {
    res.writeHead(302, { location: `${base}/elsewhere` });
    res.end();
  };
  const redirect = await t.request({ method: 'POST', body: {} });
  t.close();
  expect(unavailable).toMatchObject({ status: 503, body: { error: 'busy' } });
  expect(unavailable.headers['retry-after']).toBe('7');
  expect(redirect.status).toBe(302);
  expect(seen.map((s) => s.url)).toEqual(['/dvcqg/api', '/dvcqg/api']);
});

it('hands back an answer that is not JSON as text, and an empty one as ""', async () => {
  const t = transport();
  answer = (_req, res) => res.end('<html>proxy error</html>');
  const html = await t.request({ method: 'POST', body: {} });
  answer = (_req, res) => res.end();
  const empty = await t.request({ method: 'POST', body: {} });
  t.close();
  expect(html.body).toBe('<html>proxy error</html>');
  expect(empty.body).toBe('');
});

it('fails with ETIMEDOUT when the whole answer does not arrive in time', async () => {
  const t = transport({ timeoutMs: 100 });
  answer = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"error_code":');
    // The rest never comes: a trickling answer must hit the deadline too.
  };
  const error: unknown = await t.request({ method: 'POST', body: {} }).catch((e: unknown) => e);
  t.close();
  expect(error).toBeInstanceOf(JsonHttpError);
  expect(error).toMatchObject({ code: 'ETIMEDOUT' });
});

it('fails an answer larger than the limit', async () => {
  const t = transport({ maxResponseBytes: 1024 });
  answer = (_req, res) => res.end(JSON.stringify({ blob: 'x'.repeat(4096) }));
  const error: unknown = await t.request({ method: 'POST', body: {} }).catch((e: unknown) => e);
  t.close();
  expect(error).toMatchObject({ code: 'ERR_RESPONSE_TOO_LARGE' });
});

it('fails with the socket error code when nothing listens', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const t = new JsonHttpTransport({
    baseUrl: `http://127.0.0.1:${port}/`,
    timeoutMs: 1000,
    maxSockets: 1,
  });
  const error: unknown = await t.request({ method: 'POST', body: {} }).catch((e: unknown) => e);
  t.close();
  expect(error).toMatchObject({ code: 'ECONNREFUSED' });
});

it('reuses one kept-alive connection for sequential calls', async () => {
  const t = transport();
  for (let i = 0; i < 3; i++) await t.request({ method: 'POST', body: { i } });
  t.close();
  expect(new Set(seen.map((s) => s.remotePort)).size).toBe(1);
});

it('sets TCP keep-alive once per socket, not again on every call (two system calls each)', async () => {
  const serverSockets = new Set<net.Socket>();
  const onConnection = (socket: net.Socket): void => void serverSockets.add(socket);
  server.on('connection', onConnection);
  const setKeepAlive = jest.spyOn(net.Socket.prototype, 'setKeepAlive');
  try {
    const t = transport();
    for (let i = 0; i < 5; i++) await t.request({ method: 'POST', body: { i } });
    t.close();
    expect(new Set(seen.map((s) => s.remotePort)).size).toBe(1);
    const clientCalls = setKeepAlive.mock.contexts.filter(
      (socket) => !serverSockets.has(socket as net.Socket),
    );
    expect(clientCalls).toHaveLength(1);
  } finally {
    setKeepAlive.mockRestore();
    server.off('connection', onConnection);
  }
});

it('refuses a base URL that is not http or https', () => {
  expect(
    () => new JsonHttpTransport({ baseUrl: 'ftp://portal', timeoutMs: 1, maxSockets: 1 }),
  ).toThrow('unsupported protocol');
});

it('returns client and server errors with their bodies', async () => {
  const t = transport();
  answer = (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<h1>not here</h1>');
  };
  const missing = await t.request({ method: 'GET', path: 'nowhere' });
  answer = (_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error_code":"-1","message":"lỗi hệ thống"}');
  };
  const broken = await t.request({ method: 'POST', body: {} });
  t.close();
  expect(missing).toMatchObject({ status: 404, body: '<h1>not here</h1>' });
  expect(broken).toMatchObject({
    status: 500,
    body: { error_code: '-1', message: 'lỗi hệ thống' },
  });
});

it('does not follow a redirect on GET either', async () => {
  const t = transport();
  answer = (req, res) => {
    if (req.url?.startsWith('/elsewhere') === true) {
      res.end('{"followed":true}');
      return;
    }
    res.writeHead(301, { location: `${base}/elsewhere` });
    res.end();
  };
  const redirect = await t.request({ method: 'GET', path: 'old' });
  t.close();
  expect(redirect.status).toBe(301);
  expect(redirect.headers['location']).toBe(`${base}/elsewhere`);
  expect(seen.map((s) => s.url)).toEqual(['/dvcqg/api/old']);
});

it('ignores proxy settings in the environment', async () => {
  const saved = { http_proxy: process.env.http_proxy, HTTP_PROXY: process.env.HTTP_PROXY };
  const savedNoProxy = { no_proxy: process.env.no_proxy, NO_PROXY: process.env.NO_PROXY };
  // Port 9 (discard) on loopback: a proxy there would refuse, so an answer means a direct call.
  process.env.http_proxy = 'http://127.0.0.1:9';
  process.env.HTTP_PROXY = 'http://127.0.0.1:9';
  delete process.env.no_proxy;
  delete process.env.NO_PROXY;
  try {
    const t = transport();
    const res = await t.request({ method: 'POST', body: {} });
    t.close();
    expect(res.status).toBe(200);
    expect(seen[0].url).toBe('/dvcqg/api');
  } finally {
    for (const [name, value] of Object.entries({ ...saved, ...savedNoProxy })) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

it('fails with ECONNRESET when the answer is cut short', async () => {
  const t = transport();
  answer = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"error_code":', () => res.socket?.destroy());
  };
  const error: unknown = await t.request({ method: 'POST', body: {} }).catch((e: unknown) => e);
  t.close();
  expect(error).toBeInstanceOf(JsonHttpError);
  expect(error).toMatchObject({ code: 'ECONNRESET' });
});

it('drops the connection of a failed answer and serves the next call on a fresh one', async () => {
  const t = transport({ maxResponseBytes: 1024, timeoutMs: 100 });
  answer = (_req, res) => res.end(JSON.stringify({ blob: 'x'.repeat(4096) }));
  const tooLarge: unknown = await t.request({ method: 'POST', body: {} }).catch((e: unknown) => e);
  answer = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"error_code":');
  };
  const timedOut: unknown = await t.request({ method: 'POST', body: {} }).catch((e: unknown) => e);
  answer = (_req, res) => res.end('{"error_code":"0"}');
  const ok = await t.request({ method: 'POST', body: {} });
  t.close();
  expect(tooLarge).toMatchObject({ code: 'ERR_RESPONSE_TOO_LARGE' });
  expect(timedOut).toMatchObject({ code: 'ETIMEDOUT' });
  expect(ok.body).toEqual({ error_code: '0' });
  expect(new Set(seen.map((s) => s.remotePort)).size).toBe(3);
});
