import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { HubLogger } from '@hub/observability';
import { backoffMs } from '@hub/retry';

/**
 * The channel on which Postgres announces due work in `table`: the work tables' triggers notify
 * on it (see the migrations that create them) and `WorkSignal` listens on it.
 */
export function workChannel(table: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a plain table name: ${table}`);
  return `${table}_due`;
}

/** What `WorkSignal` needs of its connection; `pg.Client` is one. */
export interface ListeningConnection {
  connect(): Promise<unknown>;
  query(text: string, values?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'notification', listener: (message: { channel: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

export interface WorkSignalOptions {
  /** A new, unconnected connection; called again for every reconnect. */
  connection: () => ListeningConnection;
  logger: Pick<HubLogger, 'event'>;
  /** First and longest pause before a reconnect; the pause doubles in between. */
  reconnectMs?: { first: number; max: number };
}

/**
 * Wakes worker loops when Postgres says work is due. One dedicated connection per process
 * LISTENs on the channels its loops asked for; the work tables' triggers NOTIFY on commit, so a
 * loop hears of new work within a round trip instead of at its next poll, and an idle hub sends
 * no queries at all between polls.
 *
 * Nothing depends on a notification arriving: each loop still polls (slowly), and after the
 * connection is lost and made again every loop is woken, since notifications sent meanwhile are
 * gone. A notification only ends a loop's pause early; the loop's claim decides what is due.
 */
export class WorkSignal {
  private readonly wakers = new Map<string, Set<() => void>>();
  /** This process in `work_waiters`. */
  private readonly waiter = `${process.pid}-${randomUUID().slice(0, 8)}`;
  /** When each channel's waiter row was last written on this connection. */
  private readonly waitingSince = new Map<string, number>();
  private readonly reconnectMs: { first: number; max: number };
  private connection?: ListeningConnection;
  private listening = new Set<string>();
  private retryTimer?: ReturnType<typeof setTimeout>;
  private failures = 0;
  private stopped = false;
  /** Serialises connects and LISTENs, so a subscribe during a reconnect is not lost. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: WorkSignalOptions) {
    this.reconnectMs = options.reconnectMs ?? { first: 100, max: 5000 };
  }

  /** A signal on its own connection to `url`, named `<applicationName>-work-signal` in pg_stat_activity. */
  static forDatabase(
    url: string,
    applicationName: string,
    logger: Pick<HubLogger, 'event'>,
  ): WorkSignal {
    return new WorkSignal({
      logger,
      connection: () =>
        new Client({
          connectionString: url,
          application_name: `${applicationName}-work-signal`,
          // An idle listener sends nothing: keep-alives notice a connection the network dropped.
          keepAlive: true,
        }),
    });
  }

  /** True while the connection is up and LISTENs on every subscribed channel. */
  get isListening(): boolean {
    return (
      this.connection !== undefined && [...this.wakers.keys()].every((c) => this.listening.has(c))
    );
  }

  /**
   * Calls `wake` whenever work is announced on `channel` (see `workChannel`), and after every
   * reconnect. Answers the unsubscribe.
   */
  subscribe(channel: string, wake: () => void): () => void {
    const set = this.wakers.get(channel) ?? new Set();
    set.add(wake);
    this.wakers.set(channel, set);
    if (this.connection && !this.listening.has(channel)) void this.enqueue(() => this.listen());
    return () => {
      set.delete(wake);
    };
  }

  /**
   * Connects and listens. A database that cannot be reached is not an error here: the loops poll
   * meanwhile, and the signal keeps trying in the background.
   */
  start(): Promise<void> {
    this.stopped = false;
    return this.enqueue(() => this.connect());
  }

  /**
   * Says that a loop of `channel` is about to pause for up to `pollMs`. The work tables' triggers
   * notify only while some loop of the channel waits (migration WorkWaiters: NOTIFY serialises
   * the commits of the writers that send it, and a busy loop does not need it). Answers true when
   * it wrote the waiter row afresh: the loop must then look for work once more before pausing,
   * since a writer that committed as the row was written may not have seen it. The row lasts a
   * few polls, so a loop that pauses again soon writes nothing. Without a connection it does
   * nothing: the poll covers.
   */
  async waiting(channel: string, pollMs: number): Promise<boolean> {
    const connection = this.connection;
    if (!connection || !this.listening.has(channel)) return false;
    const since = this.waitingSince.get(channel);
    if (since !== undefined && Date.now() - since < pollMs) return false;
    try {
      await connection.query(
        `INSERT INTO work_waiters (channel, waiter, until)
         VALUES ($1, $2, now() + $3 * interval '1 millisecond')
         ON CONFLICT (channel, waiter) DO UPDATE SET until = excluded.until`,
        [channel, this.waiter, pollMs * 2 + 1000],
      );
    } catch {
      // A lost connection is handled by its error event; until then the poll covers.
      return false;
    }
    this.waitingSince.set(channel, Date.now());
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.chain;
    const connection = this.connection;
    this.connection = undefined;
    this.listening.clear();
    this.waitingSince.clear();
    await connection
      ?.query('DELETE FROM work_waiters WHERE waiter = $1', [this.waiter])
      .catch(() => undefined);
    await connection?.end().catch(() => undefined);
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    // A failed LISTEN on a live connection leaves that channel to the polls until a reconnect.
    this.chain = this.chain.then(step).catch((error: unknown) =>
      this.options.logger.event('warn', 'work signal could not listen', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    return this.chain;
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.connection) return;
    const connection = this.options.connection();
    // Both can come for one loss (an error, then the end): the first one counts.
    const lost = (error?: Error): void => this.lost(connection, error);
    connection.on('error', lost);
    connection.on('end', () => lost());
    connection.on('notification', (message) => {
      if (this.connection === connection) this.notify(message.channel);
    });
    try {
      await connection.connect();
      this.connection = connection;
      this.listening.clear();
      await this.listen();
    } catch (error) {
      this.connection = undefined;
      await connection.end().catch(() => undefined);
      this.scheduleReconnect(error);
      return;
    }
    if (this.failures > 0)
      this.options.logger.event('info', 'work signal listening again', { after: this.failures });
    this.failures = 0;
    // Whatever was announced while nobody listened is lost: let every loop look once.
    this.wakeAll();
  }

  private async listen(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    for (const channel of this.wakers.keys()) {
      if (this.listening.has(channel)) continue;
      await connection.query(`LISTEN ${channel}`);
      this.listening.add(channel);
    }
  }

  private lost(connection: ListeningConnection, error?: Error): void {
    if (this.stopped) return;
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.listening.clear();
    this.waitingSince.clear();
    connection.end().catch(() => undefined);
    this.scheduleReconnect(error ?? new Error('connection ended'));
  }

  private scheduleReconnect(error: unknown): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.failures += 1;
    const delay = backoffMs(this.failures, {
      baseMs: this.reconnectMs.first,
      maxMs: this.reconnectMs.max,
    });
    this.options.logger.event('warn', 'work signal lost its connection; loops poll meanwhile', {
      error: error instanceof Error ? error.message : String(error),
      retryInMs: delay,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.enqueue(() => this.connect());
    }, delay);
  }

  private notify(channel: string): void {
    for (const wake of this.wakers.get(channel) ?? []) wake();
  }

  private wakeAll(): void {
    for (const set of this.wakers.values()) for (const wake of set) wake();
  }
}
