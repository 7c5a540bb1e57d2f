import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DevStackError,
  DevStackErrorCode,
  spawnApp,
  type AppProcess,
  type AppSpec,
} from '@hub/dev-stack';
import { freePort, isAlive, startAndKillChild, waitForExit } from '@hub/testing';

jest.setTimeout(30_000);

/** Stands in for a built Nest app: liveness on /health/live, graceful exit on SIGTERM. */
const FAKE_APP = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.statusCode = req.url === '/health/live' ? 200 : 404;
  res.end(process.env.GREETING || 'ok');
});
server.listen(Number(process.env.FAKE_APP_PORT), '127.0.0.1', () => {
  console.log('listening on ' + process.env.FAKE_APP_PORT);
});
process.on('SIGTERM', () => {
  console.log('graceful shutdown');
  server.close(() => process.exit(0));
});
`;

const BROKEN_APP = `console.error('config error: DATABASE_URL is required'); process.exit(3);`;

describe('spawnApp', () => {
  let dir: string;
  let spec: Omit<AppSpec, 'port'>;
  const started: AppProcess[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dev-stack-app-spec-'));
    writeFileSync(join(dir, 'fake-app.js'), FAKE_APP);
    writeFileSync(join(dir, 'broken-app.js'), BROKEN_APP);
    spec = {
      name: 'fake-app',
      portEnv: 'FAKE_APP_PORT',
      entry: join(dir, 'fake-app.js'),
      logDir: dir,
      env: { GREETING: 'xin chào' },
    };
  });
  afterAll(async () => {
    await Promise.all(started.map((app) => app.kill()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for /health/live, passes env and logs to <name>-<replica>.log', async () => {
    const app = await spawnApp({ ...spec, port: await freePort(), replica: 2 });
    started.push(app);
    expect(app.logFile).toBe(join(dir, 'fake-app-2.log'));
    const body = await (await fetch(`${app.url}/health/live`)).text();
    expect(body).toBe('xin chào');
    expect(readFileSync(app.logFile, 'utf8')).toContain(`listening on ${app.port}`);
  });

  it('echoes the log with a prefix when asked', async () => {
    const lines: string[] = [];
    const app = await spawnApp({
      ...spec,
      name: 'echoed-app',
      port: await freePort(),
      echoLogs: true,
      echo: (line) => lines.push(line),
    });
    started.push(app);
    await app.kill();
    expect(lines).toContain(`[echoed-app] listening on ${app.port}`);
    expect(lines).toContain('[echoed-app] graceful shutdown');
  });

  it('kill9 kills the app itself; restart brings it back on the same port', async () => {
    const app = await spawnApp({ ...spec, port: await freePort() });
    started.push(app);
    const firstPid = app.pid;
    const exit = await app.kill9();
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isAlive(firstPid)).toBe(false);
    expect(readFileSync(app.logFile, 'utf8')).not.toContain('graceful shutdown');

    await app.restart();
    expect(app.pid).not.toBe(firstPid);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);

    expect(await app.kill()).toEqual({ code: 0, signal: null });
    expect(readFileSync(app.logFile, 'utf8')).toContain('graceful shutdown');
  });

  it('reports an app that exits before it is ready, with its log', async () => {
    const failure = await spawnApp({
      ...spec,
      name: 'broken-app',
      entry: join(dir, 'broken-app.js'),
      port: await freePort(),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DevStackError);
    expect((failure as DevStackError).code).toBe(DevStackErrorCode.AppExited);
    expect((failure as DevStackError).message).toContain('exit code 3');
    expect((failure as DevStackError).message).toContain('DATABASE_URL is required');
  });

  it('says to build first when the app is not built', async () => {
    const failure = await spawnApp({
      ...spec,
      entry: join(dir, 'missing.js'),
      port: await freePort(),
    }).catch((e: unknown) => e);
    expect((failure as DevStackError).code).toBe(DevStackErrorCode.AppNotBuilt);
    expect((failure as DevStackError).message).toContain('npm run build');
  });

  it('dies with the process that spawned it, even when that one is SIGKILLed', async () => {
    const port = await freePort();
    const { appPid } = await startAndKillChild<{ appPid: number }>(
      join(__dirname, '../test/crash-app.ts'),
      [join(dir, 'fake-app.js'), dir],
      { ...process.env, FAKE_APP_PORT: String(port) },
    );
    expect(await waitForExit(appPid)).toBe(true);
    expect(readFileSync(join(dir, 'fake-app.log'), 'utf8')).toContain('graceful shutdown');
  });
});
