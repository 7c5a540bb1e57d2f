import { closeSync, existsSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { APP_PORTS, isAppName } from './apps';
import { DevStackError, DevStackErrorCode } from './dev-stack.error';
import { isMockApp } from './deploy/deployed-apps';
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

  /** Starts the app and waits until GET /health/live answers 2xx. */
  async start(): Promise<void> {
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
    await this.waitUntilReady();
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

  private async waitUntilReady(): Promise<void> {
    const current = this.process;
    if (!current) return;
    const timeoutMs = this.spec.readyTimeoutMs ?? 30_000;
    const ready = await waitUntil(() => this.answersLive(), {
      timeoutMs,
      intervalMs: 100,
      abort: () => !current.running || this.spec.signal?.aborted === true,
    });
    if (ready) return;
    if (this.spec.signal?.aborted) {
      await this.kill();
      this.spec.signal.throwIfAborted();
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
