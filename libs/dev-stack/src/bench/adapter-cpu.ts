import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { PortalAdapter } from '@hub/national-adapters';

/** CPU of one national call through the portal adapter, against a bare node:http client. */
export interface AdapterCpuResult {
  calls: number;
  concurrency: number;
  /** µs of this process's CPU per call: a keep-alive `http.request` with JSON in and out. */
  rawUsPerCall: number;
  /** µs per call through `PortalAdapter` (breaker, metrics, session, axios, classification). */
  adapterUsPerCall: number;
}

/**
 * A stand-in portal in a child process (its CPU is not counted): logins get a session, every
 * other call the portal's "no such dossier" answer, which the adapter reads as a business answer
 * (no retry, no breaker failure), so each measured call is exactly one HTTP exchange.
 */
const STUB_PORTAL = `
const http = require('node:http');
const server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const answer = body.username !== undefined
      ? { error_code: '0', session: 'bench-session' }
      : { error_code: '3', message: 'Không tìm thấy hồ sơ' };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(answer));
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('end', () => process.exit(0)).resume();
`;

async function startStub(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['-e', STUB_PORTAL], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return { child, port };
}

async function cpuUsPerCall(
  calls: number,
  concurrency: number,
  call: (n: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const run = async (count: number): Promise<void> => {
    const worker = async (): Promise<void> => {
      while (next < count) await call(next++);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  // Warm-up (JIT, sockets, the portal session) before anything is counted.
  await run(Math.min(1000, calls));
  next = 0;
  const before = process.cpuUsage();
  await run(calls);
  const used = process.cpuUsage(before);
  return Math.round(((used.user + used.system) / calls) * 10) / 10;
}

export async function measureAdapterCpu(calls: number, concurrency = 8): Promise<AdapterCpuResult> {
  const { child, port } = await startStub();
  const url = `http://127.0.0.1:${port}/dvcqg/api`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const adapter = new PortalAdapter({
    url,
    username: 'bench',
    password: 'bench',
    agencyCode: '000.00.01.H26',
    maxSockets: concurrency,
  });
  try {
    const raw = await cpuUsPerCall(calls, concurrency, (n) =>
      rawPost(agent, url, {
        session: 'bench-session',
        madonvi: '000.00.01.H26',
        service: 'TraCuuHoSo',
        mahoso: `H26.BENCH.${n}`,
      }),
    );
    const viaAdapter = await cpuUsPerCall(calls, concurrency, async (n) => {
      const outcome = await adapter.lookupDossier(`H26.BENCH.${n}`);
      if (outcome.kind !== 'not-found')
        throw new Error(`unexpected answer: ${JSON.stringify(outcome)}`);
    });
    return { calls, concurrency, rawUsPerCall: raw, adapterUsPerCall: viaAdapter };
  } finally {
    adapter.onModuleDestroy();
    agent.destroy();
    child.stdin?.end();
  }
}

function rawPost(agent: http.Agent, url: string, body: unknown): Promise<void> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve();
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
