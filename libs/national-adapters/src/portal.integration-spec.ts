import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { CaseEvent } from '@hub/contracts';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import pino from 'pino';
import {
  type PortalAdapterOptions,
  type PortalBreakerState,
  PortalAdapter,
  PortalErrorCode,
  buildDossier,
} from '@hub/national-adapters';
import { exampleHistory, statusChange, variant } from './portal/test/case-events';

/*
 * The adapter against the real mock portal (apps/mock-portal), run as its own process exactly as
 * `main.ts` starts it. Each test resets the mock and uses its own adapter instance.
 */

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../../..');
const PERSONAL_ID = '001203004567';
const PASSWORD = 'demo-secret';

interface MockStats {
  dossiers: number;
  applied: number;
  duplicates: number;
  rejected: number;
  calls: number;
}

interface MockDossier {
  TrangThaiHoSo: string;
  history: { TrangThaiHoSo: string; idempotencyKey: string | null; isUpdating: boolean }[];
  progress: { TrangThai: string; NoiDungXuLy: string }[];
  duplicates: { service: string; idempotencyKey: string }[];
  [field: string]: unknown;
}

class MockPortalProcess {
  private output = '';
  private exited = false;
  private serverPid: number | undefined;

  private constructor(
    private readonly watchdog: ChildProcessWithoutNullStreams,
    readonly baseUrl: string,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
      const pid = /^mock-portal-pid (\d+)$/m.exec(this.output)?.[1];
      if (pid !== undefined) this.serverPid ??= Number(pid);
    };
    watchdog.stdout.on('data', keep);
    watchdog.stderr.on('data', keep);
    watchdog.on('exit', () => {
      this.exited = true;
    });
  }

  /**
   * Starts the mock under a shell watchdog that holds a pipe from this process: when the test
   * runner ends in any way the pipe closes and the watchdog stops the server
   * (TEST_INFRA.md, "Keeping helper processes from leaking").
   */
  static async start(): Promise<MockPortalProcess> {
    const port = await freePort();
    const watchdog = spawn(
      'sh',
      [
        '-c',
        // SIGTERM, not SIGINT: a non-interactive shell starts background jobs with SIGINT ignored.
        '"$@" </dev/null & k=$!; echo "mock-portal-pid $k"; while read -r _; do :; done; kill -TERM $k; wait $k',
        'sh',
        process.execPath,
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'apps/mock-portal/src/main.ts',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, MOCK_PORTAL_PORT: String(port), LOG_LEVEL: 'warn' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const mock = new MockPortalProcess(watchdog, `http://127.0.0.1:${port}`);
    await mock.waitUntilLive(45_000);
    return mock;
  }

  get portalUrl(): string {
    return `${this.baseUrl}/dvcqg/api`;
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
    const res = await fetch(`${this.baseUrl}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    if (res.status !== 200) throw new Error(`faults: HTTP ${res.status} ${await res.text()}`);
  }

  async reset(): Promise<void> {
    const res = await fetch(`${this.baseUrl}/__mock/state`, { method: 'DELETE' });
    if (res.status !== 204) throw new Error(`reset: HTTP ${res.status}`);
  }

  /** Logins the mock has answered, from its metrics. */
  async logins(): Promise<number> {
    const text = await (await fetch(`${this.baseUrl}/metrics`)).text();
    return text
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('hub_mock_portal_calls_total{') && line.includes('service="login"'),
      )
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  async stats(): Promise<MockStats> {
    return (await (await fetch(`${this.baseUrl}/__mock/stats`)).json()) as MockStats;
  }

  async dossier(caseCode: string): Promise<MockDossier> {
    const res = await fetch(`${this.baseUrl}/__mock/dossiers/${encodeURIComponent(caseCode)}`);
    if (res.status !== 200) throw new Error(`dossier ${caseCode}: HTTP ${res.status}`);
    return (await res.json()) as MockDossier;
  }

  private async waitUntilLive(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`mock portal exited:\n${this.output}`);
      try {
        const res = await fetch(`${this.baseUrl}/health/live`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await this.stop();
    throw new Error(`mock portal not live after ${timeoutMs} ms:\n${this.output}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every event of `history` synced in order, each with the history up to it. */
async function syncAll(adapter: PortalAdapter, history: readonly CaseEvent[]) {
  const outcomes = [];
  for (const [i, event] of history.entries()) {
    outcomes.push(await adapter.syncEvent(event, history.slice(0, i + 1)));
  }
  return outcomes;
}

describe('PortalAdapter against the mock portal', () => {
  let mock: MockPortalProcess;
  const adapters: PortalAdapter[] = [];
  let logLines: string[];

  const adapterFor = (options: Partial<PortalAdapterOptions> = {}): PortalAdapter => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    const adapter = new PortalAdapter({
      url: mock.portalUrl,
      username: 'hanoi-hub',
      password: PASSWORD,
      agencyCode: '000.00.01.H26',
      timeoutMs: 2_000,
      logger: new HubLogger(pino({ level: 'debug' }, sink)),
      ...options,
    });
    adapters.push(adapter);
    return adapter;
  };

  beforeAll(async () => {
    mock = await MockPortalProcess.start();
  });

  afterAll(async () => {
    await mock?.stop();
  });

  beforeEach(async () => {
    logLines = [];
    await mock.reset();
  });

  afterEach(() => {
    for (const adapter of adapters.splice(0)) adapter.close();
    // Law 91/2025/QH15: no personal ID, password or dossier body in the adapter's logs.
    const log = logLines.join('');
    expect(log).not.toContain(PERSONAL_ID);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('Nguyễn Văn An');
  });

  it('syncs the whole example lifecycle: portal history 2, 4, 4, 9, 10', async () => {
    const metrics = new MetricsRegistry('national-adapters-spec');
    const adapter = adapterFor({ metrics });
    const history = exampleHistory();

    const outcomes = await syncAll(adapter, history);

    expect(outcomes).toEqual(
      ['2', '4', '4', '9', '10'].map((portalStatus) => ({ kind: 'synced', portalStatus })),
    );
    const stored = await mock.dossier(history[0].subject);
    expect(stored.history.map((h) => h.TrangThaiHoSo)).toEqual(['2', '4', '4', '9', '10']);
    expect(stored.history.map((h) => h.isUpdating)).toEqual([false, true, true, true, true]);
    expect(stored.history.map((h) => h.idempotencyKey)).toEqual(
      history.map((e) => `${e.id}:DongBoHoSoMC`),
    );
    expect(stored.progress.map((p) => p.TrangThai)).toEqual(['2', '4', '4', '9', '10']);
    const { history: _h, progress: _p, duplicates: _d, ...fields } = stored;
    expect(fields).toEqual(buildDossier(history));

    const found = await adapter.lookupDossier(history[0].subject);
    expect(found).toMatchObject({
      kind: 'found',
      dossier: {
        caseCode: history[0].subject,
        portalStatus: '10',
        status: 'result_returned',
        paidOnline: true,
        resultDocumentNos: ['KS-260312-42/2026'],
        returnedAt: '2026-03-12T11:30:00+07:00',
      },
    });
    expect(await adapter.lookupDossier('000.00.01.H26-260312-09999')).toEqual({
      kind: 'not-found',
    });

    const rendered = await metrics.render();
    expect(rendered).toMatch(
      /hub_national_calls_total\{[^}]*adapter="portal",service="DongBoHoSoMC",outcome="success"[^}]*\} 5/,
    );
    expect(rendered).toMatch(/hub_national_calls_total\{[^}]*service="login"[^}]*\} 1/);
    expect(rendered).toMatch(/hub_breaker_state\{[^}]*adapter="portal"[^}]*\} 0/);
    expect(rendered).toContain('hub_national_call_duration_seconds_bucket');
  });

  it('answers a re-sent event from the portal’s memory, not as a second write', async () => {
    const adapter = adapterFor();
    const [received, processing] = exampleHistory();
    await syncAll(adapter, [received, processing]);
    const before = await mock.stats();

    expect(await adapter.syncEvent(processing, [received, processing])).toEqual({
      kind: 'synced',
      portalStatus: '4',
    });

    const after = await mock.stats();
    expect(after.duplicates - before.duplicates).toBe(2);
    expect(after.applied).toBe(before.applied);
    const stored = await mock.dossier(received.subject);
    expect(stored.history).toHaveLength(2);
    expect(stored.progress).toHaveLength(2);
    expect(stored.duplicates.map((d) => d.idempotencyKey)).toEqual([
      `${processing.id}:DongBoHoSoMC`,
      `${processing.id}:CapNhatTienDoHoSoMC`,
    ]);
  });

  it('resends a create the portal already holds as an update', async () => {
    const adapter = adapterFor();
    const [received] = exampleHistory();
    await adapter.syncEvent(received, [received]);
    // The same case received again under another event id (e.g. re-entered by the department).
    const again = variant(received, {}, { id: `${received.id}-again` });

    expect(await adapter.syncEvent(again, [again])).toEqual({ kind: 'synced', portalStatus: '2' });

    const stored = await mock.dossier(received.subject);
    expect(stored.history.map((h) => [h.isUpdating, h.idempotencyKey])).toEqual([
      [false, `${received.id}:DongBoHoSoMC`],
      [true, `${again.id}:DongBoHoSoMC:update`],
    ]);
  });

  it('syncs events of different cases synced at once in one call per kind of write, each keyed', async () => {
    const adapter = adapterFor();
    const cases = Array.from({ length: 12 }, (_, n) => exampleHistory({ number: 200 + n }));
    await adapter.syncEvent(cases[0][0], cases[0].slice(0, 1)); // log in first
    const before = await mock.stats();

    const outcomes = await Promise.all(
      cases.slice(1).map((h) => adapter.syncEvent(h[0], h.slice(0, 1))),
    );

    expect(outcomes).toEqual(cases.slice(1).map(() => ({ kind: 'synced', portalStatus: '2' })));
    const after = await mock.stats();
    // Eleven creates in one DongBoHoSoMC; eleven progress entries in two calls (10 at most each).
    expect(after.calls - before.calls).toBe(1 + 2);
    expect(after.applied - before.applied).toBe(11 + 11);
    for (const history of cases.slice(1)) {
      const stored = await mock.dossier(history[0].subject);
      expect(stored.history.map((h) => h.idempotencyKey)).toEqual([
        `${history[0].id}:DongBoHoSoMC`,
      ]);
      expect(stored.progress).toHaveLength(1);
    }
  });

  it('isolates a dossier the portal refuses from the others synced with it', async () => {
    const adapter = adapterFor();
    const cases = Array.from({ length: 5 }, (_, n) => exampleHistory({ number: 300 + n }));
    await mock.faults({ mode: 'up', rejectCaseCodes: [cases[2][0].subject] });

    const outcomes = await Promise.all(cases.map((h) => adapter.syncEvent(h[0], h.slice(0, 1))));

    expect(outcomes.map((o) => o.kind)).toEqual([
      'synced',
      'synced',
      'rejected',
      'synced',
      'synced',
    ]);
    expect(outcomes[2]).toMatchObject({ kind: 'rejected', code: 'PORTAL_REJECTED' });
    expect((await mock.stats()).applied).toBe(4 + 4);
  });

  it('applies an item resent in another batch after a lost answer once', async () => {
    const adapter = adapterFor();
    const [a, b, c] = [400, 401, 402].map((number) => exampleHistory({ number }));
    await Promise.all([a, b].map((h) => adapter.syncEvent(h[0], h.slice(0, 1))));
    // b's outcome was never recorded (a crash): it is sent again, now together with c.
    const again = await Promise.all([b, c].map((h) => adapter.syncEvent(h[0], h.slice(0, 1))));

    expect(again).toEqual([
      { kind: 'synced', portalStatus: '2' },
      { kind: 'synced', portalStatus: '2' },
    ]);
    const stored = await mock.dossier(b[0].subject);
    expect(stored.history).toHaveLength(1);
    expect(stored.progress).toHaveLength(1);
    expect((await mock.stats()).applied).toBe(3 + 3);
  });

  it('logs in again, once, when the portal has expired the session', async () => {
    const adapter = adapterFor();
    const cases = [1, 2, 3, 4].map((n) => exampleHistory({ number: 100 + n }));
    for (const history of cases) {
      expect(await adapter.syncEvent(history[0], history.slice(0, 1))).toMatchObject({
        kind: 'synced',
      });
    }
    const fresh = [5, 6, 7, 8].map((n) => exampleHistory({ number: 100 + n }));
    await mock.faults({ mode: 'up', expireSessions: true });
    const before = await mock.stats();
    const loginsBefore = await mock.logins();

    // Two calls at once, both refused for the expired session: the updates of four cases and the
    // creates of four others (events synced together share a call per kind of write).
    const outcomes = await Promise.all([
      ...cases.map((history) => adapter.syncEvent(history[1], history.slice(0, 2))),
      ...fresh.map((history) => adapter.syncEvent(history[0], history.slice(0, 1))),
    ]);

    expect(outcomes).toEqual([
      ...cases.map(() => ({ kind: 'synced', portalStatus: '4' })),
      ...fresh.map(() => ({ kind: 'synced', portalStatus: '2' })),
    ]);
    // ONE login shared by both; the two refused calls (-2), their two resends, and the progress
    // entries in one call or two (as the two dossier answers arrive in one tick or two).
    expect((await mock.logins()) - loginsBefore).toBe(1);
    const after = await mock.stats();
    expect(after.calls - before.calls - 1).toBeGreaterThanOrEqual(2 + 2 + 1);
    expect(after.calls - before.calls - 1).toBeLessThanOrEqual(2 + 2 + 2);
    // Each dossier written once and each progress entry appended once.
    expect(after.applied - before.applied).toBe(8 + 8);
  });

  it('reports a refused login as transient LOGIN_FAILED', async () => {
    const adapter = adapterFor({ password: 'wrong-secret' });
    const [received] = exampleHistory();
    expect(await adapter.syncEvent(received, [received])).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.LOGIN_FAILED,
    });
  });

  it('reports a portal that is down, throttling or slow as transient', async () => {
    const adapter = adapterFor({ timeoutMs: 300, breaker: { volumeThreshold: 100 } });
    const [received] = exampleHistory();

    await mock.faults({ mode: 'down' });
    expect(await adapter.syncEvent(received, [received])).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_HTTP_5XX,
    });

    await mock.faults({ mode: 'error', status: 429 });
    expect(await adapter.syncEvent(received, [received])).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_RATE_LIMITED,
      retryAfterMs: 1000,
    });

    await mock.faults({ mode: 'slow', latencyMs: 1_000 });
    const started = Date.now();
    expect(await adapter.syncEvent(received, [received])).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_TIMEOUT,
    });
    expect(Date.now() - started).toBeLessThan(900);
    await sleep(1_200); // let the mock finish the slow call before the next test resets it
  });

  it('reads the whole catalog the mock serves; an outage fails the read as a whole', async () => {
    const adapter = adapterFor({ timeoutMs: 1_000, breaker: { volumeThreshold: 100 } });
    const shipped = JSON.parse(
      readFileSync(path.join(ROOT, 'apps/mock-portal/config/catalog.json'), 'utf8'),
    ) as { procedures: { MATTHC: string }[]; agencies: { MADONVI: string }[] };

    const read = await adapter.readCatalog();
    if (read.kind !== 'read') throw new Error(`catalog read failed: ${JSON.stringify(read)}`);
    expect(read.listed).toEqual(shipped.procedures.map((p) => p.MATTHC));
    expect(read.procedures.map((p) => p.code)).toEqual(read.listed);
    expect(read.agencies.map((a) => a.code)).toEqual(shipped.agencies.map((a) => a.MADONVI));
    expect(read.skipped).toEqual([]);
    const residence = read.procedures.find((p) => p.code === '1.004194');
    expect(
      residence?.documents.flatMap((d) => (d.replacedByResult ? [d.replacedByResult] : [])).sort(),
    ).toEqual(['KQ-KS', 'KQ-XNHN']);

    await mock.faults({ mode: 'down' });
    expect(await adapter.readCatalog()).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_HTTP_5XX,
    });
  });

  it('reports a port nobody listens on as transient PORTAL_UNAVAILABLE', async () => {
    const adapter = adapterFor({ url: `http://127.0.0.1:${await freePort()}/dvcqg/api` });
    const [received] = exampleHistory();
    expect(await adapter.syncEvent(received, [received])).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_UNAVAILABLE,
    });
  });

  it('opens the breaker after enough failures, fails fast, and closes again on recovery', async () => {
    const metrics = new MetricsRegistry('national-adapters-spec');
    const adapter = adapterFor({
      metrics,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 1_500 },
    });
    const transitions: PortalBreakerState[] = [];
    adapter.onBreakerChange((state) => transitions.push(state));
    const history = exampleHistory();
    const [received] = history;

    await mock.faults({ mode: 'down' });
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push(await adapter.syncEvent(received, [received]));
    expect(failures.map((f) => f.kind)).toEqual(['transient', 'transient', 'transient']);
    expect(adapter.breakerState()).toBe('open');
    expect(await metrics.render()).toMatch(/hub_breaker_state\{[^}]*\} 2/);

    const callsBefore = (await mock.stats()).calls;
    const started = Date.now();
    const fast = await adapter.syncEvent(received, [received]);
    expect(Date.now() - started).toBeLessThan(50);
    expect(fast).toMatchObject({ kind: 'breaker-open', code: PortalErrorCode.BREAKER_OPEN });
    expect(fast.kind === 'breaker-open' && fast.retryAfterMs).toBeGreaterThan(0);
    expect(fast.kind === 'breaker-open' && fast.retryAfterMs).toBeLessThanOrEqual(1_500);
    expect((await mock.stats()).calls).toBe(callsBefore + 0);

    await mock.faults({ mode: 'up' });
    const halfOpen = new Promise<void>((resolve) => {
      const stop = adapter.onBreakerChange((state) => {
        if (state === 'half-open') {
          stop();
          resolve();
        }
      });
    });
    await halfOpen;
    expect(adapter.breakerState()).toBe('half-open');

    expect(await syncAll(adapter, history)).toEqual(
      ['2', '4', '4', '9', '10'].map((portalStatus) => ({ kind: 'synced', portalStatus })),
    );
    expect(adapter.breakerState()).toBe('closed');
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
    expect(await metrics.render()).toMatch(/hub_breaker_state\{[^}]*\} 0/);
  });

  it('does not count business rejections against the portal', async () => {
    const adapter = adapterFor({ breaker: { volumeThreshold: 2 } });
    const [received] = exampleHistory();
    await mock.faults({ mode: 'up', rejectCaseCodes: [received.subject] });
    for (let i = 0; i < 4; i++) {
      expect(await adapter.syncEvent(received, [received])).toMatchObject({ kind: 'rejected' });
    }
    expect(adapter.breakerState()).toBe('closed');
  });

  it('passes a portal rejection on with the portal’s code and message', async () => {
    const adapter = adapterFor();
    const [received] = exampleHistory();
    await mock.faults({ mode: 'up', rejectCaseCodes: [received.subject] });

    const outcome = await adapter.syncEvent(received, [received]);

    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: PortalErrorCode.PORTAL_REJECTED,
      portalCode: '5',
    });
    expect(outcome.kind === 'rejected' && outcome.message).toMatch(
      /^Hồ sơ 000\.00\.01\.H26-260312-00042 bị từ chối/,
    );
  });

  it('passes on a transition the portal does not allow (code 4)', async () => {
    const adapter = adapterFor();
    const [received] = exampleHistory();
    await adapter.syncEvent(received, [received]);
    const returned = statusChange([received, ...exampleHistory().slice(1)], 2, 'result_returned');

    expect(await adapter.syncEvent(returned, [received, returned])).toMatchObject({
      kind: 'rejected',
      code: PortalErrorCode.PORTAL_REJECTED,
      portalCode: '4',
    });
  });

  it('refuses a history that does not end with the event, without calling the portal', async () => {
    const adapter = adapterFor();
    const [received, processing] = exampleHistory();
    const before = await mock.stats();
    expect(await adapter.syncEvent(processing, [received])).toMatchObject({
      kind: 'rejected',
      code: PortalErrorCode.INVALID_HISTORY,
    });
    expect((await mock.stats()).calls).toBe(before.calls);
  });
});
