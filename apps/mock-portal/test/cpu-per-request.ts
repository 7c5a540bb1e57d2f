/**
 * CPU the mock portal spends per request, under the load the hub's benchmark puts on it: one
 * login, then per case a DongBoHoSoMC create (status 2) and a CapNhatTienDoHoSoMC, each with a
 * fresh Idempotency-Key, many cases in flight over keep-alive connections.
 *
 * CPU time (utime + stime of the mock's process from /proc), not wall time: the machine is shared
 * with other load, and CPU per request is what decides how many cores the mock steals from the hub.
 *
 *   npm run build
 *   npx ts-node --transpile-only -r tsconfig-paths/register apps/mock-portal/test/cpu-per-request.ts
 *
 * Options: --cases 3000 --warmup 600 --concurrency 64; --entry (default the built main.js) is
 * started with LOG_LEVEL=info and --enable-source-maps as the dev stack starts it, plus any
 * --node-args (e.g. --node-args="--cpu-prof --cpu-prof-dir=/tmp/mockprof"). --pid with --url measures a mock
 * that is already running instead.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { feeLine, newDossier, progressEntry } from '../src/test/dossier.factory';

const USERNAME = 'hanoi-hub';
const PASSWORD = 'demo-secret';
const AGENCY = '000.00.01.H26';

interface PortalAnswer {
  status: number;
  body: { error_code?: string | number; message?: string; session?: string };
}

interface Target {
  url: string;
  pid: number;
  child?: ChildProcess;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '3000' },
      warmup: { type: 'string', default: '600' },
      concurrency: { type: 'string', default: '64' },
      entry: { type: 'string', default: 'dist/apps/mock-portal/src/main.js' },
      'node-args': { type: 'string', default: '' },
      pid: { type: 'string' },
      url: { type: 'string' },
    },
  });
  const cases = Number(values.cases);
  const warmup = Number(values.warmup);
  const concurrency = Number(values.concurrency);
  if (warmup + cases > 99_999) throw new Error('a case code has 5 digits: at most 99,999 cases');

  const target =
    values.pid !== undefined && values.url !== undefined
      ? { url: values.url, pid: Number(values.pid) }
      : await startMock(resolve(values.entry), values['node-args'].split(' ').filter(Boolean));
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const post = (body: unknown, key?: string): Promise<PortalAnswer> =>
      postJson(agent, `${target.url}/dvcqg/api`, body, key);
    const login = await post({ username: USERNAME, password: PASSWORD });
    const session = login.body.session;
    if (session === undefined) throw new Error(`login failed: ${JSON.stringify(login.body)}`);

    // Case codes unique per run, so a long-running mock can be measured more than once.
    const run = Math.random().toString(36).slice(2, 7).toUpperCase();
    let next = 0;
    const syncCase = async (): Promise<void> => {
      next += 1;
      const caseCode = `${run}.00.01.H26-260312-${String(next).padStart(5, '0')}`;
      const dossier = newDossier({ MaHoSo: caseCode, DanhSachLePhi: [feeLine()] });
      const eventId = `${caseCode}~1`;
      const envelope = { session, madonvi: AGENCY };
      expectSuccess(
        await post(
          { ...envelope, service: 'DongBoHoSoMC', isUpdating: 'False', data: [dossier] },
          `${eventId}:DongBoHoSoMC`,
        ),
      );
      expectSuccess(
        await post(
          {
            ...envelope,
            service: 'CapNhatTienDoHoSoMC',
            data: [progressEntry(caseCode, { TrangThai: '2' })],
          },
          `${eventId}:CapNhatTienDoHoSoMC`,
        ),
      );
    };

    await runCases(warmup, concurrency, syncCase);
    const cpuBefore = cpuMs(target.pid);
    const started = performance.now();
    await runCases(cases, concurrency, syncCase);
    const wallMs = performance.now() - started;
    const cpu = cpuMs(target.pid) - cpuBefore;
    const requests = cases * 2;
    console.log(
      JSON.stringify({
        cases,
        requests,
        concurrency,
        cpuMs: Math.round(cpu),
        cpuMsPerRequest: Number((cpu / requests).toFixed(3)),
        wallMs: Math.round(wallMs),
        requestsPerSecond: Math.round(requests / (wallMs / 1000)),
      }),
    );
  } finally {
    agent.destroy();
    if (target.child) await stop(target.child);
  }
}

async function runCases(
  count: number,
  concurrency: number,
  syncCase: () => Promise<void>,
): Promise<void> {
  let remaining = count;
  const worker = async (): Promise<void> => {
    while (remaining > 0) {
      remaining -= 1;
      await syncCase();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

function expectSuccess(answer: PortalAnswer): void {
  if (answer.status !== 200 || answer.body.error_code !== '0') {
    throw new Error(`unexpected answer: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** utime + stime of a process, in milliseconds. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after it are plain numbers.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicksPerSecond();
}

let ticksPerSecond: number | undefined;
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return ticksPerSecond;
}

function postJson(
  agent: Agent,
  url: string,
  body: unknown,
  idempotencyKey?: string,
): Promise<PortalAnswer> {
  const payload = JSON.stringify(body);
  return new Promise((resolvePost, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolvePost({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as PortalAnswer['body'],
            });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function startMock(entry: string, nodeArgs: string[]): Promise<Target> {
  const port = await freePort();
  const logFile = join(mkdtempSync(join(tmpdir(), 'mock-portal-cpu-')), 'mock-portal.log');
  const fd = openSync(logFile, 'a');
  // As the dev stack starts it: source maps on, log lines into a file.
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, entry], {
    env: { ...process.env, MOCK_PORTAL_PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${entry}`);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!(await isLive(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`${entry} did not come up; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  console.error(`mock portal pid ${child.pid} on ${url}, log ${logFile}`);
  return { url, pid: child.pid, child };
}

function isLive(url: string): Promise<boolean> {
  return new Promise((resolveLive) => {
    request(`${url}/health/live`, (res) => {
      res.resume();
      resolveLive(res.statusCode === 200);
    })
      .on('error', () => resolveLive(false))
      .end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** SIGTERM, as the dev stack stops apps, so shutdown hooks run and --cpu-prof writes its file. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null) return resolveStop();
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
