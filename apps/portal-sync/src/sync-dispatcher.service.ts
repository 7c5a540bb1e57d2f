import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { CaseEvent } from '@hub/contracts';
import { PortalAdapter } from '@hub/national-adapters';
import { HealthRegistry, HubLogger, MetricsRegistry } from '@hub/observability';
import { ClaimLoop, WorkSignal, workChannel } from '@hub/durable-work';
import { withSpan } from '@hub/tracing';
import { type PortalSyncJobRecord, PortalSyncJobRepository } from './store';
import { PORTAL_SYNC_CONFIG, type PortalSyncConfig } from './config';
import { SyncToPortalHandler } from './usecases/sync-to-portal/sync-to-portal.handler';

/**
 * Keeps up to SYNC_CONCURRENCY portal calls in flight (ClaimLoop), each for a different case (a
 * case has at most one due job at a time). While the breaker is open it claims nothing; when the breaker
 * closes, every waiting job is made due at once, so the backlog drains without operator action.
 */
@Injectable()
export class SyncDispatcherService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly worker = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly loop: ClaimLoop<ClaimedJob>;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    @Inject(PortalSyncJobRepository) private readonly jobs: PortalSyncJobRepository,
    @Inject(SyncToPortalHandler) private readonly sync: SyncToPortalHandler,
    @Inject(PortalAdapter) private readonly portal: PortalAdapter,
    @Inject(PORTAL_SYNC_CONFIG) private readonly config: PortalSyncConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(HealthRegistry) health: HealthRegistry,
    @Inject(WorkSignal) private readonly signal: WorkSignal,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.loop = new ClaimLoop<ClaimedJob>({
      pollMs: config.SYNC_POLL_MS,
      busyPollMs: config.SYNC_BUSY_POLL_MS,
      beforePause: () => this.signal.waiting(workChannel('portal_sync_jobs'), config.SYNC_POLL_MS),
      lingerMs: config.SYNC_LINGER_MS,
      capacity: () => {
        const breaker = this.portal.breakerState();
        // Half-open lets one trial call decide whether the portal is back.
        if (breaker === 'open') return 0;
        return breaker === 'half-open' ? 1 : this.config.SYNC_CONCURRENCY;
      },
      claim: async (limit) => {
        const claimed = await this.jobs.claimDueWithHistories(
          limit,
          this.worker,
          this.config.SYNC_LEASE_MS,
        );
        return claimed.map(({ job, history }) => ({
          job,
          history: history as unknown as CaseEvent[],
        }));
      },
      // The sync continues the trace its job was made in (libs/tracing); the portal calls inside
      // are its children.
      handle: ({ job, history }) =>
        withSpan(
          `portal sync ${job.eventType}`,
          {
            parent: { traceparent: job.traceParent ?? undefined },
            attributes: { 'hub.event_id': job.eventId, 'hub.attempt': job.attempts + 1 },
          },
          () => this.sync.execute(job, history, this.worker),
        ),
      logger,
      names: { item: 'sync attempt', round: 'dispatch' },
      metrics: { registry: metrics, queue: 'portal_sync_jobs' },
      describe: ({ job }) => ({ eventId: job.eventId, caseCode: job.caseCode }),
    });
    health.register('dispatcher', () => {
      const idle = Date.now() - this.loop.lastRoundAt;
      return Promise.resolve({
        ok: this.loop.isRunning && idle < 30_000,
        detail: {
          inFlight: this.loop.inFlightCount,
          breaker: this.portal.breakerState(),
          secondsSinceRound: Math.round(idle / 1000),
        },
      });
    });
  }

  onApplicationBootstrap(): void {
    this.unsubscribe.push(
      this.signal.subscribe(workChannel('portal_sync_jobs'), () => this.loop.wake()),
    );
    const unwatch = this.portal.onBreakerChange((state) => {
      this.logger.event(state === 'open' ? 'warn' : 'info', `portal circuit breaker ${state}`, {
        breaker: state,
      });
      if (state === 'closed') {
        this.jobs
          .wakeRetrying()
          .then((n) =>
            this.logger.event('info', 'portal recovered: waiting jobs made due', { jobs: n }),
          )
          .catch((e: unknown) =>
            this.logger.event('error', 'could not wake waiting jobs', { error: String(e) }),
          );
      }
      this.loop.wake();
    });
    this.unsubscribe.push(unwatch);
    this.loop.start();
  }

  /** Stops claiming, lets in-flight calls finish, and hands unfinished leases back. */
  async onModuleDestroy(): Promise<void> {
    this.unsubscribe.forEach((u) => u());
    await this.loop.stop();
    await this.jobs.releaseLeases(this.worker).catch(() => undefined);
  }
}

interface ClaimedJob {
  job: PortalSyncJobRecord;
  /** The case's events up to and including the job's, in order. */
  history: CaseEvent[];
}
