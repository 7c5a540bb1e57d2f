import { EventEmitter } from 'node:events';
import { type ListeningConnection, WorkSignal, workChannel } from './work-signal';

/** A connection the test drives: it connects or refuses as told, and records its statements. */
class FakeConnection extends EventEmitter implements ListeningConnection {
  readonly statements: string[] = [];
  ended = false;
  constructor(private readonly refuse: boolean) {
    super();
  }
  connect(): Promise<void> {
    return this.refuse ? Promise.reject(new Error('connection refused')) : Promise.resolve();
  }
  query(text: string): Promise<void> {
    this.statements.push(text.split('\n')[0] ?? text);
    return Promise.resolve();
  }
  end(): Promise<void> {
    this.ended = true;
    return Promise.resolve();
  }
  announce(channel: string): void {
    this.emit('notification', { channel });
  }
  /** What pg.Client does when its backend is terminated: an error, then the end. */
  drop(): void {
    this.emit('error', new Error('terminating connection due to administrator command'));
    this.emit('end');
  }
}

function harness() {
  const connections: FakeConnection[] = [];
  const logged: string[] = [];
  let refusals = 0;
  const signal = new WorkSignal({
    connection: () => {
      const c = new FakeConnection(refusals-- > 0);
      connections.push(c);
      return c;
    },
    logger: { event: (_level, message) => void logged.push(message) },
    reconnectMs: { first: 100, max: 400 },
  });
  const wakes = { jobs: 0, outbox: 0 };
  signal.subscribe(workChannel('portal_sync_jobs'), () => wakes.jobs++);
  signal.subscribe(workChannel('outbox'), () => wakes.outbox++);
  return {
    signal,
    connections,
    wakes,
    logged,
    latest: () => connections[connections.length - 1],
    /** The next `n` connection attempts are refused (the database is restarting). */
    refuseNext: (n: number) => void (refusals = n),
  };
}

/** Lets the signal's promise chain run (fake timers do not advance microtasks by themselves). */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('listens on every subscribed channel and wakes only the loops of the channel announced', async () => {
  const h = harness();
  await h.signal.start();
  expect(h.latest()?.statements).toEqual(['LISTEN portal_sync_jobs_due', 'LISTEN outbox_due']);
  // Connecting wakes everyone once: anything announced before it was not heard.
  expect(h.wakes).toEqual({ jobs: 1, outbox: 1 });
  h.latest()?.announce('portal_sync_jobs_due');
  h.latest()?.announce('portal_sync_jobs_due');
  expect(h.wakes).toEqual({ jobs: 3, outbox: 1 });
  h.latest()?.announce('someone_elses_channel');
  expect(h.wakes).toEqual({ jobs: 3, outbox: 1 });
  expect(h.signal.isListening).toBe(true);
  await h.signal.stop();
});

it('listens on a channel subscribed after the start, on the same connection', async () => {
  const h = harness();
  await h.signal.start();
  let lookups = 0;
  const unsubscribe = h.signal.subscribe(workChannel('profile_lookup_tasks'), () => lookups++);
  await flush();
  expect(h.connections).toHaveLength(1);
  expect(h.latest()?.statements).toContain('LISTEN profile_lookup_tasks_due');
  h.latest()?.announce('profile_lookup_tasks_due');
  unsubscribe();
  h.latest()?.announce('profile_lookup_tasks_due');
  expect(lookups).toBe(1);
  await h.signal.stop();
});

it('reconnects with a doubling pause after a lost connection, then wakes every loop', async () => {
  const h = harness();
  await h.signal.start();
  const first = h.latest();
  h.refuseNext(2);
  first?.drop();
  expect(first?.ended).toBe(true);
  expect(h.signal.isListening).toBe(false);
  const before = { ...h.wakes };
  // Announcements on the dead connection reach nobody; the wake after the reconnect covers them.
  first?.announce('outbox_due');
  expect(h.wakes).toEqual(before);

  await jest.advanceTimersByTimeAsync(99);
  expect(h.connections).toHaveLength(1);
  await jest.advanceTimersByTimeAsync(1); // 100 ms: refused
  expect(h.connections).toHaveLength(2);
  await jest.advanceTimersByTimeAsync(199);
  expect(h.connections).toHaveLength(2);
  await jest.advanceTimersByTimeAsync(1); // 200 ms later: refused
  expect(h.connections).toHaveLength(3);
  await jest.advanceTimersByTimeAsync(400); // 400 ms later (the cap): connected
  expect(h.connections).toHaveLength(4);
  await flush();

  expect(h.signal.isListening).toBe(true);
  expect(h.latest()?.statements).toEqual(['LISTEN portal_sync_jobs_due', 'LISTEN outbox_due']);
  expect(h.wakes).toEqual({ jobs: before.jobs + 1, outbox: before.outbox + 1 });
  expect(h.logged.filter((m) => m.startsWith('work signal lost'))).toHaveLength(3);
  expect(h.logged).toContain('work signal listening again');
  h.latest()?.announce('outbox_due');
  expect(h.wakes.outbox).toBe(before.outbox + 2);

  // The pause starts again from the first after a success.
  h.latest()?.drop();
  await jest.advanceTimersByTimeAsync(100);
  expect(h.connections).toHaveLength(5);
  await h.signal.stop();
});

it('keeps polling loops going when the database is down at start, and stops cleanly', async () => {
  const h = harness();
  h.refuseNext(1);
  await h.signal.start(); // does not throw
  expect(h.signal.isListening).toBe(false);
  expect(h.wakes).toEqual({ jobs: 0, outbox: 0 });
  await h.signal.stop();
  // A stopped signal does not come back.
  await jest.advanceTimersByTimeAsync(10_000);
  expect(h.connections).toHaveLength(1);
});

it('closes its connection on stop and does not reconnect after', async () => {
  const h = harness();
  await h.signal.start();
  await h.signal.stop();
  expect(h.latest()?.ended).toBe(true);
  h.latest()?.drop();
  await jest.advanceTimersByTimeAsync(10_000);
  expect(h.connections).toHaveLength(1);
});

it('names channels after plain table names only', () => {
  expect(workChannel('webhook_deliveries')).toBe('webhook_deliveries_due');
  expect(() => workChannel('outbox; DROP TABLE outbox')).toThrow('not a plain table name');
});

it('writes its waiter row when a loop is about to pause, at most once per poll', async () => {
  const h = harness();
  const channel = workChannel('outbox');
  expect(await h.signal.waiting(channel, 2000)).toBe(false); // not connected: the poll covers
  await h.signal.start();
  const statements = () => h.latest()?.statements.filter((s) => s.includes('work_waiters')) ?? [];
  // Written: the loop looks for work once more, for a writer that committed meanwhile.
  expect(await h.signal.waiting(channel, 2000)).toBe(true);
  expect(statements()).toHaveLength(1);
  // Still good for a few polls: nothing to write, no need to look again.
  await jest.advanceTimersByTimeAsync(1999);
  expect(await h.signal.waiting(channel, 2000)).toBe(false);
  await jest.advanceTimersByTimeAsync(1);
  expect(await h.signal.waiting(channel, 2000)).toBe(true);
  expect(statements()).toHaveLength(2);
  // Not a channel it listens on: a waiter row would make writers notify for nobody.
  expect(await h.signal.waiting(workChannel('webhook_deliveries'), 2000)).toBe(false);
  await h.signal.stop();
  expect(h.latest()?.statements).toContain('DELETE FROM work_waiters WHERE waiter = $1');
});
