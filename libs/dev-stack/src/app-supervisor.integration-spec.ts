import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppSupervisor,
  spawnApp,
  type AppProcess,
  type AppSpec,
  type RestartPolicy,
  type SupervisorNotice,
} from '@hub/dev-stack';
import { freePort, isAlive, waitForExit } from '@hub/testing';

jest.setTimeout(30_000);

/**
 * Stands in for a built Nest app: liveness on /health/live, graceful exit on SIGTERM. With
 * CRASH_MARKER set, only its first run starts: every later one exits 7 at once (a crash loop).
 */
const FAKE_APP = `
const fs = require('node:fs');
const marker = process.env.CRASH_MARKER;
if (marker) {
  if (fs.existsSync(marker)) { console.error('config error: cannot start'); process.exit(7); }
  fs.writeFileSync(marker, 'started once');
}
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.statusCode = req.url === '/health/live' ? 200 : 404;
  res.end('ok');
});
server.listen(Number(process.env.FAKE_APP_PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const FAST: RestartPolicy = {
  backoff: { baseMs: 100, maxMs: 400, jitter: 'none' },
  stableAfterMs: 1_000,
  maxQuickDeaths: 3,
};

/** The notices a supervisor gave, and a way to wait for the next of a kind. */
class Notices {
  readonly all: SupervisorNotice[] = [];
  private waiters: { kind: SupervisorNotice['kind']; resolve: (n: SupervisorNotice) => void }[] =
    [];
  private seen = 0;

  readonly push = (notice: SupervisorNotice): void => {
    this.all.push(notice);
    this.flush();
  };

  /** The next notice of `kind` not yet taken (notices are taken in order). */
  next<K extends SupervisorNotice['kind']>(
    kind: K,
    timeoutMs = 10_000,
  ): Promise<Extract<SupervisorNotice, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no '${kind}' notice; got ${JSON.stringify(this.all)}`)),
        timeoutMs,
      );
      this.waiters.push({
        kind,
        resolve: (n) => {
          clearTimeout(timer);
          resolve(n as Extract<SupervisorNotice, { kind: K }>);
        },
      });
      this.flush();
    });
  }

  private flush(): void {
    while (this.waiters.length > 0 && this.seen < this.all.length) {
      const notice = this.all[this.seen++];
      const index = this.waiters.findIndex((w) => w.kind === notice?.kind);
      if (notice && index >= 0) this.waiters.splice(index, 1)[0]?.resolve(notice);
    }
  }
}

describe('AppSupervisor (npm start restarts an app that dies)', () => {
  let dir: string;
  let spec: Omit<AppSpec, 'port'>;
  const supervisors: AppSupervisor[] = [];
  const pids: number[] = [];

  const supervised = async (
    policy: RestartPolicy,
    extra: Partial<AppSpec> = {},
  ): Promise<{ app: AppProcess; supervisor: AppSupervisor; notices: Notices }> => {
    const app = await spawnApp({ ...spec, port: await freePort(), ...extra });
    const notices = new Notices();
    const supervisor = new AppSupervisor(app, policy, notices.push);
    supervisors.push(supervisor);
    supervisor.watch();
    pids.push(app.pid);
    return { app, supervisor, notices };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dev-stack-supervisor-spec-'));
    writeFileSync(join(dir, 'fake-app.js'), FAKE_APP);
    spec = {
      name: 'fake-app',
      portEnv: 'FAKE_APP_PORT',
      entry: join(dir, 'fake-app.js'),
      logDir: dir,
    };
  });
  afterAll(async () => {
    await Promise.all(supervisors.map((s) => s.stop()));
    expect(pids.filter(isAlive)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts an app killed with kill -9 on the same port, saying which, how and when', async () => {
    const { app, supervisor, notices } = await supervised(FAST);
    const firstPid = app.pid;
    await app.kill9();

    const died = await notices.next('died');
    expect(died).toEqual({
      kind: 'died',
      app: 'fake-app',
      pid: firstPid,
      exit: { code: null, signal: 'SIGKILL' },
      restartInMs: 100,
      restart: 1,
      quickDeaths: 1,
    });
    const restarted = await notices.next('restarted');
    expect(restarted).toEqual({ kind: 'restarted', app: 'fake-app', pid: app.pid, restart: 1 });
    expect(app.pid).not.toBe(firstPid);
    pids.push(app.pid);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    expect(supervisor.restartCount).toBe(1);

    // Dying again soon after: the backoff doubles.
    await app.kill9();
    expect(await notices.next('died')).toMatchObject({ restart: 2, restartInMs: 200 });
    await notices.next('restarted');
    pids.push(app.pid);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
  });

  it('starts the backoff over once a run has lasted stableAfterMs', async () => {
    const { app, notices } = await supervised({ ...FAST, stableAfterMs: 300 });
    await app.kill9();
    expect(await notices.next('died')).toMatchObject({ restartInMs: 100, quickDeaths: 1 });
    await notices.next('restarted');
    pids.push(app.pid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await app.kill9();
    expect(await notices.next('died')).toMatchObject({
      restart: 2,
      restartInMs: 100,
      quickDeaths: 1,
    });
    await notices.next('restarted');
    pids.push(app.pid);
  });

  it('gives up on an app that keeps dying right after start, and says so', async () => {
    const marker = join(dir, 'crash-loop.marker');
    const { app, notices } = await supervised(FAST, {
      name: 'crash-loop',
      env: { CRASH_MARKER: marker },
    });
    expect(existsSync(marker)).toBe(true);
    await app.kill9();

    const gaveUp = await notices.next('gave-up');
    expect(gaveUp).toEqual({
      kind: 'gave-up',
      app: 'crash-loop',
      exit: { code: 7, signal: null },
      quickDeaths: 3,
    });
    const kinds = notices.all.map((n) => n.kind);
    expect(kinds).toEqual([
      'died',
      'restart-failed',
      'died',
      'restart-failed',
      'died',
      'restart-failed',
      'gave-up',
    ]);
    expect(notices.all.filter((n) => n.kind === 'died').map((n) => n.restartInMs)).toEqual([
      100, 200, 400,
    ]);
    const failed = notices.all.find((n) => n.kind === 'restart-failed');
    expect(failed).toMatchObject({ reason: expect.stringContaining('exit code 7') as unknown });
    expect(app.running).toBe(false);
  });

  it('stop() cancels a pending restart and leaves no process behind', async () => {
    const { app, supervisor, notices } = await supervised({
      ...FAST,
      backoff: { baseMs: 20_000, maxMs: 20_000, jitter: 'none' },
    });
    const pid = app.pid;
    await app.kill9();
    expect(await notices.next('died')).toMatchObject({ restartInMs: 20_000 });
    const stopping = Date.now();
    await supervisor.stop();
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(notices.all.map((n) => n.kind)).toEqual(['died']);
    expect(isAlive(pid)).toBe(false);
    expect(app.running).toBe(false);
  });

  it('stop() of a running app stops it gracefully and it is not restarted', async () => {
    const { app, supervisor, notices } = await supervised(FAST);
    const pid = app.pid;
    await supervisor.stop();
    expect(await waitForExit(pid)).toBe(true);
    expect(await app.exited).toEqual({ code: 0, signal: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(notices.all).toEqual([]);
    expect(app.running).toBe(false);
  });
});
