import type { HubLogger, MetricsRegistry } from '@hub/observability';
import { PollCadence } from './poll-cadence';
import { WakeablePause } from './wakeable-pause';
import { backoffMs } from '@hub/retry';

/** What a leased-work loop needs from its owner (portal-sync's dispatcher, once-only's lookups). */
export interface ClaimLoopSpec<T> {
  /**
   * How many items may be in flight now. 0 pauses claiming (a breaker is open); a half-open
   * breaker answers 1 so that one trial call decides.
   */
  capacity(): number;
  /**
   * Claims up to `limit` due items under a lease. A throw fails the round, which is retried with
   * backoff; the leases of anything it claimed run out and the items are claimed again.
   */
  claim(limit: number): Promise<T[]>;
  /** Works one claimed item to its end; a rejection is logged (the item's lease runs out). */
  handle(item: T): Promise<unknown>;
  /**
   * Runs before the loop pauses with nothing due; when it answers true, the loop looks for work
   * once more before it pauses (`WorkSignal.waiting`: writers notify only while a loop waits).
   */
  beforePause?: () => Promise<boolean>;
  /** Runs before every `everyRounds`-th round (a backlog gauge, say). */
  beforeRound?: { everyRounds: number; run(): Promise<void> };
  /** Where failed rounds and items are reported. */
  logger: Pick<HubLogger, 'event'>;
  /** Names the loop's work in those reports, e.g. `{ item: 'sync attempt', round: 'dispatch' }`. */
  names: { item: string; round: string };
  /**
   * The engine's metrics, the same for every queue (label `queue`, the work table): items
   * claimed, in flight, failed unexpectedly, and failed claim rounds. The plug-in counts its own
   * outcomes (synced, delivered, …) besides.
   */
  metrics?: { registry: MetricsRegistry; queue: string };
  /** What identifies an item in a report (event id, case code). */
  describe(item: T): Record<string, unknown>;
  /**
   * Pause when nothing is due; a finished item or `wake()` ends it early. With a `WorkSignal`
   * waking the loop this is only the safety net for a missed notification, for work that becomes
   * due by the clock (a retry's time, a lease running out), and for a lost listening connection.
   */
  pollMs: number;
  /**
   * Pause with nothing due while work has flowed within the last second (see `PollCadence`):
   * the loop polls instead of asking to be woken. Default `pollMs`.
   */
  busyPollMs?: number;
  /**
   * Pause after a claim that found fewer items than it could take, so that items trickling in
   * are claimed several at a time rather than one per claim (each claim is a query, and each
   * item's work is written in groups). Bounds the delay an item may wait. Default 0.
   */
  lingerMs?: number;
}

/**
 * Keeps up to `capacity()` claimed items in flight. While items are in flight it claims again
 * only once a quarter of the capacity is free: claiming one item per finished one cost a query
 * (or two) per item and, in the backlog benchmark, a tenth of portal-sync's CPU. An idle loop
 * still claims at once, so a lone item waits for nothing.
 */
export class ClaimLoop<T> {
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly pause = new WakeablePause();
  private readonly cadence: PollCadence;
  private stopping?: () => void;
  private roundAt = Date.now();
  private readonly meters?: WorkMeters;

  constructor(private readonly spec: ClaimLoopSpec<T>) {
    this.cadence = new PollCadence({
      idlePollMs: spec.pollMs,
      busyPollMs: spec.busyPollMs ?? spec.pollMs,
    });
    if (spec.metrics) this.meters = workMeters(spec.metrics.registry, spec.metrics.queue);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** When the last round started (health checks report a stuck loop). */
  get lastRoundAt(): number {
    return this.roundAt;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming and waits for in-flight items to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.pause.wake();
    this.stopping?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Ends the current pause early (a breaker changed, work was made due). A wake-up that comes
   * while a claim runs makes the loop claim once more instead of pausing: the claim may have read
   * its snapshot before the work that caused the wake-up was committed.
   */
  wake(): void {
    this.pause.wake();
  }

  private async run(): Promise<void> {
    let failures = 0;
    let rounds = 0;
    while (this.running) {
      this.roundAt = Date.now();
      this.pause.forgetWakeUps();
      try {
        const before = this.spec.beforeRound;
        if (before && rounds++ % before.everyRounds === 0) await before.run();
        const { claimed, limit } = await this.fill();
        failures = 0;
        if (claimed === 0) {
          const next = await this.cadence.nothingDue(this.spec.beforePause);
          if (next !== 'look-again') await this.pause.for(next);
          continue;
        }
        this.cadence.worked();
        if (this.inFlight.size >= this.spec.capacity()) await Promise.race(this.inFlight);
        else if (claimed < limit && this.spec.lingerMs) await sleep(this.spec.lingerMs);
      } catch (error) {
        failures += 1;
        this.meters?.roundFailures.inc();
        this.spec.logger.event('warn', `${this.spec.names.round} round failed; will retry`, {
          error: messageOf(error),
        });
        // Not cut short by wake-ups: notifications keep coming while, say, claims time out.
        await this.backOff(backoffMs(failures + 1, { baseMs: 100, maxMs: 5000 }));
      }
    }
  }

  private async fill(): Promise<{ claimed: number; limit: number }> {
    const capacity = this.spec.capacity();
    const free = capacity - this.inFlight.size;
    if (free <= 0) return { claimed: 0, limit: 0 };
    if (this.inFlight.size > 0 && free < Math.max(1, Math.floor(capacity / 4)))
      return { claimed: 0, limit: 0 };
    const claimed = await this.spec.claim(free);
    this.meters?.claimed.inc(claimed.length);
    for (const item of claimed) {
      const work: Promise<void> = this.spec
        .handle(item)
        .then(() => undefined)
        .catch((error: unknown) => {
          // The lease runs out and the item is claimed again: nothing is lost.
          this.meters?.itemFailures.inc();
          this.spec.logger.event('error', `${this.spec.names.item} failed unexpectedly`, {
            ...this.spec.describe(item),
            error: messageOf(error),
          });
        })
        .finally(() => {
          this.inFlight.delete(work);
          this.meters?.inFlight.set(this.inFlight.size);
          this.pause.wake();
        });
      this.inFlight.add(work);
      this.meters?.inFlight.set(this.inFlight.size);
    }
    return { claimed: claimed.length, limit: free };
  }

  private backOff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.stopping = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopping = done;
    });
  }
}

interface WorkMeters {
  claimed: { inc(n?: number): void };
  inFlight: { set(n: number): void };
  itemFailures: { inc(): void };
  roundFailures: { inc(): void };
}

function workMeters(registry: MetricsRegistry, queue: string): WorkMeters {
  const labels = { queue };
  return {
    claimed: registry
      .counter('hub_work_claimed_total', 'Durable work items claimed under a lease', ['queue'])
      .labels(labels),
    inFlight: registry
      .gauge('hub_work_in_flight', 'Durable work items claimed and being worked now', ['queue'])
      .labels(labels),
    itemFailures: registry
      .counter(
        'hub_work_item_failures_total',
        'Durable work items whose handler failed unexpectedly (their lease runs out; they are claimed again)',
        ['queue'],
      )
      .labels(labels),
    roundFailures: registry
      .counter('hub_work_claim_failures_total', 'Claim rounds that failed (retried with backoff)', [
        'queue',
      ])
      .labels(labels),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
