/**
 * Runs requested work (reconciliations, catalog refreshes: rows in Postgres that an operator or a
 * schedule asks for) one replica at a time: every `everyMs`, under the caller's advisory lock,
 * it prepares (puts back runs a stopped replica left, requests a scheduled one when due), then
 * claims and runs the waiting ones until none is left or the app stops.
 */
export interface LockedRunLoopSpec<R> {
  everyMs: number;
  /** Runs `work` holding the lock; resolves without running it when another replica holds it. */
  exclusive: (work: () => Promise<void>) => Promise<unknown>;
  prepare: () => Promise<{ resumed: number; scheduled: boolean }>;
  claimNext: () => Promise<R | undefined>;
  run: (run: R) => Promise<void>;
  /** After each prepare (to log runs resumed or scheduled). */
  prepared?: (outcome: { resumed: number; scheduled: boolean }) => void;
  /** A tick that failed (the database away): the next tick tries again. */
  failed: (error: string) => void;
}

export class LockedRunLoop<R> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly spec: LockedRunLoopSpec<R>) {}

  /** True once `stop` was called: a long run may check it and give up early. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Ticks every `everyMs`; `now` also ticks at once instead of after the first interval. */
  start(options: { now?: boolean } = {}): void {
    const tick = () => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, this.spec.everyMs);
    if (options.now) tick();
  }

  /** No new tick or claim; resolves when the run in progress ends. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One round: under the lock, prepare, then claim and run until nothing waits. */
  async tick(): Promise<void> {
    try {
      await this.spec.exclusive(async () => {
        const outcome = await this.spec.prepare();
        this.spec.prepared?.(outcome);
        while (!this.stopped) {
          const run = await this.spec.claimNext();
          if (run === undefined) return;
          await this.spec.run(run);
        }
      });
    } catch (e) {
      this.spec.failed(e instanceof Error ? e.message : String(e));
    }
  }
}
