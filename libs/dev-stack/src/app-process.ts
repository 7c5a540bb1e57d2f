import { closeSync, existsSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { APP_PORTS, isAppName } from './apps';
import { DevStackError, DevStackErrorCode } from './dev-stack.error';
import { isMockApp } from './deploy/deployed-apps';
import { backoffMs, type BackoffPolicy } from '@hub/retry';
import {
  LogEcho,
  lastLines,
  waitUntil,
  repoRoot,
  WatchedProcess,
  describeExit,
  type ExitInfo,
} from '@hub/testing';

/**
 * Node options every hub app runs with, here and in the image (deploy/Dockerfile sets the same
 * in NODE_OPTIONS; a test keeps the two equal). Without a heap cap V8 sizes the old generation
 * from the host's memory and collects lazily: on a 24 GB machine the apps reached 245–310 MB RSS
 * under the benchmark, over a 256 MiB container limit. 160 MB kept every app under 175 MB there.
 * The mock national systems are not deployed and keep every dossier in memory: they run uncapped.
 */
export const APP_NODE_OPTIONS: readonly string[] = [
  '--enable-source-maps',
  '--max-old-space-size=160',
];

/** Node's own arguments for an app: the hub's options (mocks: source maps only), then extras. */
export function nodeArgsFor(app: string, extra: readonly string[] = []): string[] {
  return [...(isMockApp(app) ? ['--enable-source-maps'] : APP_NODE_OPTIONS), ...extra];
}

export interface AppSpec {
  /** The app folder under apps/, e.g. `gateway`. */
  name: string;
  port: number;
  /** The variable the app reads its port from; known for the hub's own apps. */
  portEnv?: string;
  /** Set for replicas: the log becomes `<name>-<replica>.log`. */
  replica?: number;
  /** Merged over process.env. */
  env?: Record<string, string>;
  /** Extra options for node itself, e.g. `--cpu-prof` (NODE_OPTIONS refuses some of them). */
  nodeArgs?: readonly string[];
  /** Default `<repo>/test-artifacts/logs`. */
  logDir?: string;
  /** Also print the app's output here, each line prefixed with `[name] `. */
  echoLogs?: boolean;
  /** Where echoed lines go; default stdout. */
  echo?: (line: string) => void;
  /** Default 30 s. */
  readyTimeoutMs?: number;
  /** How long `kill()` waits after the signal before SIGKILL; default 15 s. */
  stopTimeoutMs?: number;
  /** The script to run, relative to the repo root; default `dist/apps/<name>/src/main.js`. */
  entry?: string;
  /** Aborts the readiness wait (the launcher's Ctrl-C during start-up); the app is stopped. */
  signal?: AbortSignal;
}

const READY_PATH = '/health/live';
const LOG_TAIL_LINES = 40;

/** One running app (one replica), started under the watchdog and ready when this resolves. */
export async function spawnApp(spec: AppSpec): Promise<AppProcess> {
  const app = new AppProcess(spec);
  await app.start();
  return app;
}

export class AppProcess {
  readonly name: string;
  readonly replica: number | undefined;
  readonly port: number;
  readonly url: string;
  readonly logFile: string;
  private readonly label: string;
  private readonly entry: string;
  private readonly portEnv: string;
  private process: WatchedProcess | undefined;
  private echo: LogEcho | undefined;

  constructor(private readonly spec: AppSpec) {
    this.name = spec.name;
    this.replica = spec.replica;
    this.port = spec.port;
    this.url = `http://127.0.0.1:${spec.port}`;
    this.label = spec.replica === undefined ? spec.name : `${spec.name}-${spec.replica}`;
    const root = repoRoot();
    const logDir = spec.logDir ?? join(root, 'test-artifacts', 'logs');
    this.logFile = join(logDir, `${this.label}.log`);
    const entry = spec.entry ?? join('dist', 'apps', spec.name, 'src', 'main.js');
    this.entry = isAbsolute(entry) ? entry : join(root, entry);
    const portEnv = spec.portEnv ?? (isAppName(spec.name) ? APP_PORTS[spec.name].env : undefined);
    if (portEnv === undefined) {
      throw new Error(`spawnApp(${spec.name}): portEnv is required for apps outside APP_PORTS`);
    }
    this.portEnv = portEnv;
  }

  /** The app's own pid (not the watchdog's); changes on restart. */
  get pid(): number {
    if (!this.process) throw new Error(`${this.label} was never started`);
    return this.process.pid;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  /** Resolves when the current incarnation exits. */
  get exited(): Promise<ExitInfo> {
    if (!this.process) throw new Error(`${this.label} was never started`);
    return this.process.exited;
  }

  /** Starts the app and waits until GET /health/live answers 2xx (or `signal` aborts). */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.running) throw new Error(`${this.label} is already running (pid ${this.pid})`);
    if (!existsSync(this.entry)) {
      const source = join(repoRoot(), 'apps', this.name, 'src', 'main.ts');
      const hint =
        this.spec.entry === undefined && !existsSync(source)
          ? `there is no ${source} to build it from`
          : 'run `npm run build` first';
      throw new DevStackError(
        DevStackErrorCode.AppNotBuilt,
        `${this.label}: ${this.entry} does not exist; ${hint}.`,
      );
    }
    mkdirSync(dirname(this.logFile), { recursive: true });
    const fd = openSync(this.logFile, 'a');
    let echoFrom: number;
    try {
      writeSync(
        fd,
        `--- dev-stack: starting ${this.label} on port ${this.port} at ${new Date().toISOString()} ---\n`,
      );
      echoFrom = fstatSync(fd).size;
      this.process = await WatchedProcess.start({
        command: process.execPath,
        args: [...nodeArgsFor(this.spec.name, this.spec.nodeArgs), this.entry],
        // Nest's shutdown hooks listen for SIGTERM; a background job of sh ignores SIGINT anyway.
        stopSignal: 'SIGTERM',
        graceMs: this.spec.stopTimeoutMs ?? 15_000,
        cwd: repoRoot(),
        env: { ...process.env, ...this.spec.env, [this.portEnv]: String(this.port) },
        // Straight into the file: the log is complete even if we die, and no pipe can fill up.
        stdout: fd,
        stderr: fd,
      });
    } finally {
      closeSync(fd);
    }
    if (this.spec.echoLogs) {
      this.echo?.stop();
      const write = this.spec.echo ?? ((line: string) => void process.stdout.write(`${line}\n`));
      this.echo = new LogEcho(this.logFile, `[${this.label}] `, write, echoFrom);
    }
    await this.waitUntilReady(signal ?? this.spec.signal);
  }

  /** Sends `signal` to the app, waits for it to exit (SIGKILL after the stop timeout). */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitInfo | undefined> {
    if (!this.process) return undefined;
    const exit = await this.process.stop(signal, this.spec.stopTimeoutMs ?? 15_000);
    this.echo?.stop();
    return exit;
  }

  /** SIGKILL of the app itself — a crash, no shutdown hooks — and waits until it is gone. */
  async kill9(): Promise<ExitInfo | undefined> {
    if (!this.process) return undefined;
    this.process.signal('SIGKILL');
    return this.process.exited;
  }

  /** Stops the app if it still runs, then starts it again with the same env and port. */
  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  private async waitUntilReady(signal: AbortSignal | undefined): Promise<void> {
    const current = this.process;
    if (!current) return;
    const timeoutMs = this.spec.readyTimeoutMs ?? 30_000;
    const ready = await waitUntil(() => this.answersLive(), {
      timeoutMs,
      intervalMs: 100,
      abort: () => !current.running || signal?.aborted === true,
    });
    if (ready) return;
    if (signal?.aborted) {
      await this.kill();
      signal.throwIfAborted();
    }
    const exit = current.exitStatus;
    if (!exit) await this.kill();
    const tail = await lastLines(this.logFile, LOG_TAIL_LINES);
    throw new DevStackError(
      exit ? DevStackErrorCode.AppExited : DevStackErrorCode.AppNotReady,
      `${this.label} ${
        exit
          ? `exited before it was ready (${describeExit(exit)})`
          : `did not answer GET ${this.url}${READY_PATH} within ${timeoutMs} ms`
      }. Last ${LOG_TAIL_LINES} lines of ${this.logFile}:\n${tail}`,
    );
  }

  private async answersLive(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}${READY_PATH}`, {
        signal: AbortSignal.timeout(1000),
      });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }
}

/** How `npm start` restarts an app that dies; see AppSupervisor. */
export interface RestartPolicy {
  /** Delay before restart n of an app that keeps dying (n = deaths in a row); `@hub/retry`. */
  backoff: BackoffPolicy;
  /** A run at least this long counts as healthy: the next death starts the backoff over. */
  stableAfterMs: number;
  /** Give up after this many deaths in a row, each within `stableAfterMs` of its start. */
  maxQuickDeaths: number;
}

/** Doubling from 0.5 s to 30 s; giving up after 8 quick deaths in a row is about 1.5 minutes. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  backoff: { baseMs: 500, maxMs: 30_000, jitter: 'none' },
  stableAfterMs: 10_000,
  maxQuickDeaths: 8,
};

/** What a supervisor tells its owner (`npm start` prints one line for each). */
export type SupervisorNotice =
  | {
      kind: 'died';
      app: string;
      pid: number;
      exit: ExitInfo;
      restartInMs: number;
      /** The restart about to happen: 1 for the first of this app. */
      restart: number;
      /** Deaths in a row within `stableAfterMs` of a start, this one included. */
      quickDeaths: number;
    }
  | { kind: 'restarted'; app: string; pid: number; restart: number }
  | { kind: 'restart-failed'; app: string; restart: number; reason: string }
  | { kind: 'gave-up'; app: string; exit: ExitInfo; quickDeaths: number };

/**
 * Restarts an app whenever it dies on its own (a crash, an OOM kill, kill -9), as compose's
 * `restart: unless-stopped` and Kubernetes' `restartPolicy: Always` do: on the same port, after a
 * capped exponential backoff that starts over once a run lasted `stableAfterMs`. An app that
 * keeps dying right after start is given up on after `maxQuickDeaths` in a row. `stop()` ends the
 * supervision first (a pending restart is cancelled) and then stops the app.
 */
export class AppSupervisor {
  private readonly abort = new AbortController();
  /** Resolves (once) when stop() is called; raced against exits and backoff sleeps. */
  private readonly stopped: Promise<undefined>;
  private restarts = 0;
  private loop: Promise<void> | undefined;

  constructor(
    readonly app: AppProcess,
    private readonly policy: RestartPolicy,
    private readonly notify: (notice: SupervisorNotice) => void,
  ) {
    this.stopped = new Promise((resolve) =>
      this.abort.signal.addEventListener('abort', () => resolve(undefined), { once: true }),
    );
  }

  get restartCount(): number {
    return this.restarts;
  }

  /** Watches the app, which must be running and ready (since `readyAt`). */
  watch(readyAt = Date.now()): void {
    this.loop ??= this.supervise(readyAt);
  }

  /** No more restarts; stops the app (SIGTERM, then SIGKILL after its stop timeout). */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await this.app.kill();
  }

  private async supervise(firstReadyAt: number): Promise<void> {
    const signal = this.abort.signal;
    // Undefined while a restart has not become ready: such a death always counts as quick, so
    // an app that hangs before it is ready is given up on too.
    let readyAt: number | undefined = firstReadyAt;
    let quickDeaths = 0;
    for (;;) {
      const pid = this.app.pid;
      const exit = await Promise.race([this.app.exited, this.stopped]);
      if (exit === undefined) return;
      const quick = readyAt === undefined || Date.now() - readyAt < this.policy.stableAfterMs;
      quickDeaths = quick ? quickDeaths + 1 : 1;
      if (quickDeaths > this.policy.maxQuickDeaths) {
        this.notify({ kind: 'gave-up', app: this.app.name, exit, quickDeaths: quickDeaths - 1 });
        return;
      }
      const restart = this.restarts + 1;
      const restartInMs = backoffMs(quickDeaths, this.policy.backoff);
      this.notify({
        kind: 'died',
        app: this.app.name,
        pid,
        exit,
        restartInMs,
        restart,
        quickDeaths,
      });
      if (!(await this.sleep(restartInMs))) return;
      this.restarts = restart;
      readyAt = undefined;
      try {
        await this.app.start(signal);
        readyAt = Date.now();
        this.notify({ kind: 'restarted', app: this.app.name, pid: this.app.pid, restart });
      } catch (e) {
        if (signal.aborted) return;
        // It died (or hung) before it was ready: the loop sees that run's exit and counts it.
        this.notify({
          kind: 'restart-failed',
          app: this.app.name,
          restart,
          reason: e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e),
        });
      }
    }
  }

  /** False when stop() came first. */
  private async sleep(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const slept = await Promise.race([
      new Promise<true>((resolve) => {
        timer = setTimeout(() => resolve(true), ms);
      }),
      this.stopped.then(() => false as const),
    ]);
    clearTimeout(timer);
    return slept;
  }
}
