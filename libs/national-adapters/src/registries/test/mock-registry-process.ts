import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { HubLogger } from '@hub/observability';
import { freePort, sleep } from '@hub/testing';
import pino from 'pino';

/*
 * A national-system mock (apps/mock-population, apps/mock-business, apps/mock-payment) run as its own process exactly as
 * its `main.ts` starts it, under a shell watchdog that holds a pipe from the test runner: when
 * the runner ends in any way the pipe closes and the watchdog stops the server
 * (TEST_INFRA.md, "Keeping helper processes from leaking").
 */

const ROOT = path.resolve(__dirname, '../../../../..');

export interface MockRegistrySpec {
  app: 'mock-population' | 'mock-business' | 'mock-payment' | 'mock-results-store';
  portVariable:
    'MOCK_POPULATION_PORT' | 'MOCK_BUSINESS_PORT' | 'MOCK_PAYMENT_PORT' | 'MOCK_RESULTS_STORE_PORT';
  /** More of the mock's variables, e.g. where mock-payment sends its CONFIRMs. */
  env?: Record<string, string>;
  /** Base path of the registry API below the origin, e.g. `/csdlqgdc/api/v1`. */
  basePath: string;
}

export class MockRegistryProcess {
  private output = '';
  private exited = false;
  private serverPid: number | undefined;

  private constructor(
    private readonly spec: MockRegistrySpec,
    private readonly watchdog: ChildProcessWithoutNullStreams,
    readonly origin: string,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-200_000);
      const pid = /^mock-pid (\d+)$/m.exec(this.output)?.[1];
      if (pid !== undefined) this.serverPid ??= Number(pid);
    };
    watchdog.stdout.on('data', keep);
    watchdog.stderr.on('data', keep);
    watchdog.on('exit', () => {
      this.exited = true;
    });
  }

  static async start(spec: MockRegistrySpec): Promise<MockRegistryProcess> {
    const port = await freePort();
    const watchdog = spawn(
      'sh',
      [
        '-c',
        // SIGTERM, not SIGINT: a non-interactive shell starts background jobs with SIGINT ignored.
        '"$@" </dev/null & k=$!; echo "mock-pid $k"; while read -r _; do :; done; kill -TERM $k; wait $k',
        'sh',
        process.execPath,
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        `apps/${spec.app}/src/main.ts`,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...spec.env,
          [spec.portVariable]: String(port),
          LOG_LEVEL: 'info',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const mock = new MockRegistryProcess(spec, watchdog, `http://127.0.0.1:${port}`);
    await mock.waitUntilLive(60_000);
    return mock;
  }

  /** What `RegistryAdapterOptions.baseUrl` takes. */
  get baseUrl(): string {
    return `${this.origin}${this.spec.basePath}`;
  }

  /** Everything the mock printed so far (its JSON log lines). */
  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.watchdog.once('exit', () => resolve()));
    this.watchdog.stdin.end();
    const timer = setTimeout(() => {
      if (this.serverPid !== undefined) process.kill(this.serverPid, 'SIGKILL');
      this.watchdog.kill('SIGKILL');
    }, 10_000);
    await gone;
    clearTimeout(timer);
  }

  async faults(config: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.origin}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    if (res.status !== 200) throw new Error(`faults: HTTP ${res.status} ${await res.text()}`);
  }

  async reset(): Promise<void> {
    const res = await fetch(`${this.origin}/__mock/state`, { method: 'DELETE' });
    if (res.status !== 204) throw new Error(`reset: HTTP ${res.status}`);
  }

  async override(kind: 'citizens' | 'enterprises', id: string, patch: unknown): Promise<void> {
    const res = await fetch(`${this.origin}/__mock/${kind}/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
    if (res.status !== 200) throw new Error(`override: HTTP ${res.status} ${await res.text()}`);
  }

  async lookupsServed(): Promise<number> {
    const res = await fetch(`${this.origin}/__mock/stats`);
    return ((await res.json()) as { lookups: number }).lookups;
  }

  async trail(): Promise<Record<string, string>[]> {
    const res = await fetch(`${this.origin}/__mock/lookups`);
    return (await res.json()) as Record<string, string>[];
  }

  private async waitUntilLive(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`${this.spec.app} exited:\n${this.output}`);
      try {
        const res = await fetch(`${this.origin}/health/live`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await this.stop();
    throw new Error(`${this.spec.app} not live after ${timeoutMs} ms:\n${this.output}`);
  }
}

/** A logger whose lines land in `lines`: what a test reads back to check that no ID is logged. */
export function capturingLogger(lines: string[]): HubLogger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return new HubLogger(pino({ level: 'debug' }, sink));
}

/** Resolves when the adapter's breaker next reaches `wanted`. */
export function nextBreakerState<S>(
  adapter: { onBreakerChange(listener: (state: S) => void): () => void },
  wanted: S,
): Promise<void> {
  return new Promise((resolve) => {
    const stop = adapter.onBreakerChange((state) => {
      if (state === wanted) {
        stop();
        resolve();
      }
    });
  });
}

/**
 * An adapter spec's harness, for one describe block: the mock process started once and reset
 * before each test, and every adapter a test builds (`adapterFor`, with the mock's URL, a 3 s
 * timeout and a logger whose lines are in `logLines`) closed after it.
 */
export function againstMock<A extends { close(): unknown }, O>(
  spec: MockRegistrySpec,
  build: (base: { baseUrl: string; timeoutMs: number; logger: HubLogger }, options: O) => A,
): { readonly mock: MockRegistryProcess; readonly logLines: string[]; adapterFor(options?: O): A } {
  let mock: MockRegistryProcess | undefined;
  let logLines: string[] = [];
  const adapters: A[] = [];
  beforeAll(async () => {
    mock = await MockRegistryProcess.start(spec);
  });
  afterAll(async () => {
    await mock?.stop();
  });
  beforeEach(async () => {
    logLines = [];
    await mock?.reset();
  });
  afterEach(() => {
    for (const adapter of adapters.splice(0)) adapter.close();
  });
  const started = (): MockRegistryProcess => {
    if (!mock) throw new Error(`${spec.app} is not started (use the harness inside a test)`);
    return mock;
  };
  return {
    get mock() {
      return started();
    },
    get logLines() {
      return logLines;
    },
    adapterFor(options = {} as O) {
      const adapter = build(
        { baseUrl: started().baseUrl, timeoutMs: 3_000, logger: capturingLogger(logLines) },
        options,
      );
      adapters.push(adapter);
      return adapter;
    },
  };
}
