import { request as httpRequest } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  Controller,
  Get,
  type INestApplication,
  Module,
  Post,
  UnauthorizedException,
} from '@nestjs/common';
import { HubLogger, ObservabilityModule, startHttpApp } from '@hub/observability';

@Controller()
class PingController {
  @Get('ping')
  ping(): { ok: true } {
    return { ok: true };
  }

  /** Refuses before reading the body, as a failed API-key check or an unsupported type does. */
  @Post('refuse')
  refuse(): never {
    throw new UnauthorizedException('no key');
  }
}

/** As every hub app is: its errors rendered by ObservabilityModule's ProblemFilter. */
@Module({
  imports: [ObservabilityModule.forRoot('client-errors-spec', HubLogger.for('test', 'silent'))],
  controllers: [PingController],
})
class HubAppModule {}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real request over a real socket; rejects on a reset connection, as a client would see it. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Writes the request in 8 KiB pieces a few milliseconds apart and reads only once it has all
 * been sent, as curl does over a real network, and returns the raw answer. A server that closes
 * while the rest is still coming makes the kernel reset the connection (dropping the answer that
 * was not read yet), and this rejects with ECONNRESET or EPIPE, as curl did.
 */
async function slowRawRequest(port: number, head: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  const done = new Promise<string>((resolve, reject) => {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.pause();
  const bytes = Buffer.from(head);
  for (let at = 0; at < bytes.length && !socket.destroyed; at += 8192) {
    socket.write(bytes.subarray(at, at + 8192));
    await delay(5);
  }
  socket.resume();
  return done;
}

/** The bootstrap every hub app starts through, serving one route on a free port. */
describe('startHttpApp: requests refused before they are read', () => {
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    app = await startHttpApp({
      service: 'client-errors-spec',
      config: () => ({}),
      listen: () => ({ port: 0, host: '127.0.0.1' }),
      module: () => ({ module: HubAppModule }),
    });
    port = (app.getHttpServer() as { address(): AddressInfo }).address().port;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers a 100 KB Authorization header with 431 problem+json, then keeps serving', async () => {
    const answer = await get(port, '/ping', { authorization: `Bearer ${'x'.repeat(100 * 1024)}` });
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });

    const next = await get(port, '/ping');
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body)).toEqual({ ok: true });
  });

  it('answers 431 even while the client is still sending its headers (no reset)', async () => {
    const head =
      `GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      `Authorization: Bearer ${'z'.repeat(100 * 1024)}\r\nConnection: close\r\n\r\n`;
    const raw = await slowRawRequest(port, head);
    expect(raw).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(raw).toContain('"code":"HEADERS_TOO_LARGE"');
    expect((await get(port, '/ping')).status).toBe(200);
  });

  it('answers many oversized requests at once without a single reset', async () => {
    const big = { authorization: `Bearer ${'y'.repeat(200 * 1024)}` };
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(port, '/ping', big)));
    expect(answers.map((a) => a.status)).toEqual(Array<number>(20).fill(431));
    expect((await get(port, '/ping')).status).toBe(200);
  });

  it('reaches a client still sending its body on a closing connection as the answer, not a reset', async () => {
    const body = 'x'.repeat(512 * 1024);
    const head =
      `POST /refuse HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    // Without the wait, Node closes the socket once the 401 is written, while the rest of the
    // body is still coming: the client gets ECONNRESET or EPIPE here.
    const raw = await slowRawRequest(port, head + body);
    expect(raw).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(raw).toContain('application/problem+json');
    expect((await get(port, '/ping')).status).toBe(200);
  });

  it('still answers at once when there is no body to wait for', async () => {
    const raw = await slowRawRequest(
      port,
      'POST /refuse HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
    expect(raw).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
  });
});
