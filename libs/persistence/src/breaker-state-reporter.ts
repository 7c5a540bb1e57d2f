import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { HubLogger } from '@hub/observability';
import type {
  BreakerState,
  NationalAdapterStateRepository,
  NationalCallCounts,
} from './repositories/national-adapter-state.repository';

/** What every national adapter offers about its circuit breaker. */
export interface BreakerSource {
  breakerState(): BreakerState;
  onBreakerChange(listener: (state: BreakerState) => void): () => void;
  /** The calls since the process started; a source without it reports no counts. */
  callStats?(): NationalCallCounts;
}

/**
 * Writes one adapter's breaker state, with its call counts since the process started, to Postgres
 * on every change and as a periodic heartbeat, so the ops console can show them (a silent process becomes "unknown" there). A failed write is only
 * logged: reporting must never disturb the calls the breaker protects. Plain class, so any app
 * holding an adapter (portal-sync, once-only) can run one per adapter.
 */
export class BreakerStateReporter {
  readonly instance = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly adapter: string,
    private readonly service: string,
    private readonly source: BreakerSource,
    private readonly states: NationalAdapterStateRepository,
    private readonly logger: HubLogger,
    private readonly heartbeatMs: number,
  ) {}

  start(): void {
    this.unsubscribe = this.source.onBreakerChange((state) => this.report(state));
    this.report(this.source.breakerState());
    this.timer = setInterval(() => this.report(this.source.breakerState()), this.heartbeatMs);
  }

  /** Stops reporting and removes this process's row: its breaker ceases to exist. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.last;
    await this.states.forget(this.instance).catch(() => undefined);
  }

  private report(state: BreakerState): void {
    // Chained, so a change is never overtaken by an older heartbeat write.
    this.last = this.last
      .then(() =>
        this.states.report(
          this.adapter,
          this.instance,
          this.service,
          state,
          this.source.callStats?.(),
        ),
      )
      .catch((e: unknown) =>
        this.logger.event('warn', 'could not report breaker state', {
          adapter: this.adapter,
          error: e instanceof Error ? e.message : String(e),
        }),
      );
  }
}
