import { Writable } from 'node:stream';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import pino from 'pino';
import {
  type BreakerCall,
  BreakerClient,
  type BreakerClientOptions,
  type BreakerState,
} from './breaker-client';

/*
 * The shared breaker client with a scripted `send`: no sockets, and opossum's timers under
 * Jest's fake clock, so opening, half-opening and closing happen when the test says.
 */

type Reply = { kind: 'ok' } | { kind: 'rejected' } | { kind: 'transient' };

const DEFAULTS = {
  timeoutMs: 2_000,
  maxSockets: 1,
  errorThresholdPercentage: 50,
  volumeThreshold: 3,
  resetTimeoutMs: 10_000,
  rollingCountTimeoutMs: 10_000,
} as const;

/** Answers each call with the next scripted reply (a promise the test may hold back). */
class ScriptedClient extends BreakerClient<[string], Reply> {
  readonly sent: string[] = [];
  private readonly script: (Reply | Promise<Reply> | Error)[] = [];

  constructor(options: BreakerClientOptions) {
    // Port 9 (discard) is never called: `send` below does not use the transport.
    super({ adapter: 'sample', baseUrl: 'http://127.0.0.1:9/', options, defaults: DEFAULTS });
  }

  willAnswer(...replies: (Reply | Promise<Reply> | Error)[]): this {
    this.script.push(...replies);
    return this;
  }

  call(service: string): Promise<BreakerCall<Reply>> {
    return this.fire(service);
  }

  record(service: string, outcome: string, startedAt: bigint): number {
    return this.recordCall(service, outcome, startedAt);
  }

  protected async send(service: string): Promise<Reply> {
    this.sent.push(service);
    const next = this.script.shift();
    if (next === undefined) throw new Error('no scripted reply left');
    if (next instanceof Error) throw next;
    return next;
  }

  protected countsAgainstBreaker(reply: Reply): boolean {
    return reply.kind === 'transient';
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const ok: Reply = { kind: 'ok' };
const rejected: Reply = { kind: 'rejected' };
const transient: Reply = { kind: 'transient' };

let logLines: Record<string, unknown>[];
let metrics: MetricsRegistry;
let client: ScriptedClient;
let transitions: BreakerState[];

beforeEach(() => {
  metrics = new MetricsRegistry('spec');
  jest.useFakeTimers({ now: 1_000_000 });
  logLines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  client = new ScriptedClient({ metrics, logger: new HubLogger(pino({ level: 'debug' }, sink)) });
  transitions = [];
  client.onBreakerChange((state) => transitions.push(state));
});

afterEach(() => {
  client.close();
  jest.useRealTimers();
});

async function gauge(): Promise<string | undefined> {
  return /^hub_breaker_state\{[^}]*adapter="sample"[^}]*\} (\d)$/m.exec(
    await metrics.render(),
  )?.[1];
}

async function openBreaker(): Promise<void> {
  client.willAnswer(transient, transient, transient);
  for (let i = 0; i < 3; i++) await client.call('lookup');
  expect(client.breakerState()).toBe('open');
}

it('starts closed, on the gauge too', async () => {
  expect(client.breakerState()).toBe('closed');
  expect(await gauge()).toBe('0');
});

it('hands back every classified reply, a counted failure included', async () => {
  client.willAnswer(ok, rejected, transient);
  expect(await client.call('a')).toEqual({ kind: 'classified', reply: ok });
  expect(await client.call('b')).toEqual({ kind: 'classified', reply: rejected });
  expect(await client.call('c')).toEqual({ kind: 'classified', reply: transient });
  expect(client.sent).toEqual(['a', 'b', 'c']);
});

it('does not open for replies that do not count against it', async () => {
  client.willAnswer(rejected, rejected, rejected, rejected, rejected);
  for (let i = 0; i < 5; i++) await client.call('lookup');
  expect(client.breakerState()).toBe('closed');
  expect(transitions).toEqual([]);
});

it('opens on counted failures and then refuses calls until the reset timeout', async () => {
  await openBreaker();
  expect(transitions).toEqual(['open']);
  expect(await gauge()).toBe('2');
  expect(logLines).toContainEqual(
    expect.objectContaining({ level: 40, adapter: 'sample', msg: 'sample breaker open' }),
  );

  jest.advanceTimersByTime(4_000);
  expect(await client.call('lookup')).toEqual({ kind: 'breaker-open', retryAfterMs: 6_000 });
  expect(client.sent).toHaveLength(3);
});

it('half-opens after the reset timeout, lets one trial through and closes on its success', async () => {
  await openBreaker();
  jest.advanceTimersByTime(DEFAULTS.resetTimeoutMs);
  expect(client.breakerState()).toBe('half-open');
  expect(await gauge()).toBe('1');

  const trial = deferred<Reply>();
  client.willAnswer(trial.promise);
  const first = client.call('trial');
  // The others wait for the trial's verdict, which comes within a second at most.
  expect(await client.call('other')).toEqual({ kind: 'breaker-open', retryAfterMs: 1_000 });
  trial.resolve(ok);
  expect(await first).toEqual({ kind: 'classified', reply: ok });

  expect(client.breakerState()).toBe('closed');
  expect(transitions).toEqual(['open', 'half-open', 'closed']);
  expect(await gauge()).toBe('0');
  expect(logLines.map((line) => [line['level'], line['msg']])).toEqual([
    [40, 'sample breaker open'],
    [30, 'sample breaker half-open'],
    [30, 'sample breaker closed'],
  ]);
});

it('opens again when the trial fails', async () => {
  await openBreaker();
  jest.advanceTimersByTime(DEFAULTS.resetTimeoutMs);
  client.willAnswer(transient);
  await client.call('trial');
  expect(client.breakerState()).toBe('open');
  expect(transitions).toEqual(['open', 'half-open', 'open']);
});

it('keeps calling the other listeners when one throws, and logs it', async () => {
  const seen: BreakerState[] = [];
  client.onBreakerChange(() => {
    throw new Error('listener broke');
  });
  const stop = client.onBreakerChange((state) => seen.push(state));
  await openBreaker();
  stop();
  jest.advanceTimersByTime(DEFAULTS.resetTimeoutMs);

  expect(seen).toEqual(['open']);
  expect(transitions).toEqual(['open', 'half-open']);
  expect(logLines).toContainEqual(
    expect.objectContaining({
      level: 50,
      msg: 'sample breaker listener failed',
      message: 'listener broke',
    }),
  );
});

it("reports opossum's own timeout when send does not settle in time", async () => {
  client.willAnswer(new Promise<Reply>(() => undefined));
  const call = client.call('slow');
  jest.advanceTimersByTime(DEFAULTS.timeoutMs);
  expect(await call).toEqual({ kind: 'timed-out' });
});

it('hands back what send threw as unexpected', async () => {
  const error = new Error('reader broke');
  client.willAnswer(error);
  expect(await client.call('lookup')).toEqual({ kind: 'unexpected', error });
});

it('after close, refuses calls as shut down and tells no listener', async () => {
  client.close();
  expect(await client.call('lookup')).toEqual({ kind: 'shut-down' });
  expect(client.sent).toEqual([]);
  expect(transitions).toEqual([]);
});

it('counts each call and its duration by adapter, service and outcome', async () => {
  const started = process.hrtime.bigint() - 25_000_000n;
  expect(client.record('lookup', 'found', started)).toBeGreaterThanOrEqual(25);
  client.record('lookup', 'found', process.hrtime.bigint());
  const text = await metrics.render();
  expect(text).toMatch(
    /^hub_national_calls_total\{[^}]*adapter="sample",service="lookup",outcome="found"[^}]*\} 2$/m,
  );
  expect(text).toMatch(
    /^hub_national_call_duration_seconds_count\{[^}]*adapter="sample",service="lookup",outcome="found"[^}]*\} 2$/m,
  );
});

it('keeps running call counts for the ops console: unanswered calls fail, refused ones are not timed', () => {
  const started = process.hrtime.bigint() - 200_000_000n;
  client.record('lookup', 'found', started);
  client.record('lookup', 'rejected', started); // an answer, not a failure
  client.record('lookup', 'transient', started);
  client.record('lookup', 'breaker-open', process.hrtime.bigint());
  const stats = client.callStats();
  expect(stats).toMatchObject({ calls: 4, failures: 2, sent: 3 });
  expect(stats.sentSeconds).toBeGreaterThanOrEqual(0.6);
  expect(stats.sentSeconds).toBeLessThan(5);
  // A copy: the caller cannot change the client's counts.
  stats.calls = 0;
  expect(client.callStats().calls).toBe(4);
});
