import { Client } from 'pg';
import { startPostgres, type PostgresHandle, waitFor } from '@hub/testing';
import { ClaimLoop, WorkSignal, workChannel } from '@hub/durable-work';

/*
 * A ClaimLoop whose poll is a minute long, woken only by a WorkSignal over a real Postgres: a
 * table with the statement trigger the hub's work tables have (it notifies while a loop waits,
 * as `work_waiters` says), and a claim that leases rows.
 */

jest.setTimeout(30_000);

const TABLE = 'signal_spec_items';
const LONG_POLL_MS = 60_000;
/** Far below the poll: only a notification (or the wake after a reconnect) explains a claim. */
const PROMPTLY_MS = 2000;

let pg: PostgresHandle;
let db: Client;

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  db = new Client({ connectionString: pg.url, application_name: 'signal-spec-writer' });
  await db.connect();
  await db.query(`CREATE TABLE ${TABLE} (id serial PRIMARY KEY, claimed_at timestamptz)`);
  await db.query(`CREATE UNLOGGED TABLE work_waiters (
    channel text NOT NULL, waiter text NOT NULL, until timestamptz NOT NULL,
    PRIMARY KEY (channel, waiter))`);
  await db.query(`
    CREATE FUNCTION signal_spec_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM work_waiters WHERE channel = TG_ARGV[0] AND until > now()) THEN
        PERFORM pg_notify(TG_ARGV[0], '');
      END IF;
      RETURN NULL;
    END $$`);
  await db.query(`CREATE TRIGGER ${TABLE}_notify AFTER INSERT ON ${TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION signal_spec_notify('${workChannel(TABLE)}')`);
});

afterAll(async () => {
  await db?.end();
  await pg?.stop();
});

interface Worker {
  signal: WorkSignal;
  claimed: number[];
  claims: () => number;
  stop(): Promise<void>;
}

async function startWorker(name: string, reconnectMs = { first: 50, max: 200 }): Promise<Worker> {
  const claimer = new Client({ connectionString: pg.url, application_name: `${name}-claims` });
  await claimer.connect();
  const claimed: number[] = [];
  let claims = 0;
  const loop: ClaimLoop<number> = new ClaimLoop<number>({
    pollMs: LONG_POLL_MS,
    beforePause: () => signal.waiting(workChannel(TABLE), LONG_POLL_MS),
    capacity: () => 4,
    claim: async (limit) => {
      claims += 1;
      const { rows } = await claimer.query<{ id: number }>(
        `UPDATE ${TABLE} SET claimed_at = now() WHERE id IN (
           SELECT id FROM ${TABLE} WHERE claimed_at IS NULL ORDER BY id LIMIT $1
           FOR UPDATE SKIP LOCKED) RETURNING id`,
        [limit],
      );
      return rows.map((r) => r.id);
    },
    handle: (id) => {
      claimed.push(id);
      return Promise.resolve();
    },
    logger: { event: () => undefined },
    names: { item: 'item', round: 'claim' },
    describe: (id) => ({ id }),
  });
  const signal = new WorkSignal({
    connection: () =>
      new Client({ connectionString: pg.url, application_name: `${name}-work-signal` }),
    logger: { event: () => undefined },
    reconnectMs,
  });
  signal.subscribe(workChannel(TABLE), () => loop.wake());
  await signal.start();
  loop.start();
  // Idle: it said it waits, and looked once more after.
  await waitFor('the loop to go idle', async () => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM work_waiters WHERE until > now() + interval '1 minute'`,
    );
    return (rows[0]?.n ?? 0) > 0 && claims >= 2;
  });
  return {
    signal,
    claimed,
    claims: () => claims,
    stop: async () => {
      await loop.stop();
      await signal.stop();
      await claimer.end();
    },
  };
}

async function insertItem(): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO ${TABLE} DEFAULT VALUES RETURNING id`,
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('no row inserted');
  return id;
}

it('a committed insert wakes the loop at once although its poll is a minute', async () => {
  const worker = await startWorker('signal-spec-commit');
  try {
    const started = Date.now();
    const id = await insertItem();
    await waitFor('the item to be claimed', () => worker.claimed.includes(id), PROMPTLY_MS, 5);
    const tookMs = Date.now() - started;
    console.info(`work-signal spec: insert → claim in ${tookMs} ms (poll ${LONG_POLL_MS} ms)`);
    expect(tookMs).toBeLessThan(PROMPTLY_MS);
  } finally {
    await worker.stop();
  }
});

it('a transaction that rolls back wakes nobody, not even with an explicit NOTIFY', async () => {
  const worker = await startWorker('signal-spec-rollback');
  try {
    const idle = worker.claims();
    await db.query('BEGIN');
    await db.query(`INSERT INTO ${TABLE} DEFAULT VALUES`);
    await db.query(`NOTIFY ${workChannel(TABLE)}`);
    await db.query('ROLLBACK');
    // A notification would arrive within milliseconds (the first spec); give it ample time.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(worker.claims()).toBe(idle);
    // The loop was idle, not stuck: a committed insert is claimed.
    const id = await insertItem();
    await waitFor('the committed item', () => worker.claimed.includes(id), PROMPTLY_MS, 5);
  } finally {
    await worker.stop();
  }
});

it('after its connection is killed it reconnects, and work committed meanwhile is claimed', async () => {
  // A reconnect slow enough that the insert below surely lands while nobody listens.
  const worker = await startWorker('signal-spec-killed', { first: 500, max: 1000 });
  try {
    const { rows } = await db.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE application_name = 'signal-spec-killed-work-signal'`,
    );
    expect(rows).toEqual([{ terminated: true }]);
    await waitFor('the signal to notice', () => !worker.signal.isListening, PROMPTLY_MS, 5);
    // Committed while nobody listens: its notification is lost, the wake after the reconnect is not.
    const missed = await insertItem();
    await waitFor('the missed item', () => worker.claimed.includes(missed), PROMPTLY_MS, 5);
    await waitFor('the signal to listen again', () => worker.signal.isListening, PROMPTLY_MS, 5);
    const { rows: listeners } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE application_name = 'signal-spec-killed-work-signal'`,
    );
    expect(listeners).toEqual([{ n: 1 }]);
    const later = await insertItem();
    await waitFor(
      'an item after the reconnect',
      () => worker.claimed.includes(later),
      PROMPTLY_MS,
      5,
    );
  } finally {
    await worker.stop();
  }
});
