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
import { HealthRegistry, HubLogger } from '@hub/observability';
import { PortalSyncJobRepository } from '@hub/persistence';
import { PORTAL_SYNC_CONFIG, type PortalSyncConfig } from './config';
import { SyncToPortalHandler } from './usecases/sync-to-portal/sync-to-portal.handler';

/**
 * Keeps up to SYNC_CONCURRENCY portal calls in flight, each for a different case (a case has at
 * most one due job at a time). While the breaker is open it claims nothing; when the breaker
 * closes, every waiting job is made due at once, so the backlog drains without operator action.
 */
@Injectable()
export class SyncDispatcherService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly worker = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private lastRoundAt = Date.now();
  private wake?: () => void;
  private unsubscribe?: () => void;

  constructor(
    @Inject(PortalSyncJobRepository) private readonly jobs: PortalSyncJobRepository,
    @Inject(SyncToPortalHandler) private readonly sync: SyncToPortalHandler,
    @Inject(PortalAdapter) private readonly portal: PortalAdapter,
    @Inject(PORTAL_SYNC_CONFIG) private readonly config: PortalSyncConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(HealthRegistry) health: HealthRegistry,
  ) {
    health.register('dispatcher', () => {
      const idle = Date.now() - this.lastRoundAt;
      return Promise.resolve({
        ok: this.running && idle < 30_000,
        detail: {
          inFlight: this.inFlight.size,
          breaker: this.portal.breakerState(),
          secondsSinceRound: Math.round(idle / 1000),
        },
      });
    });
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.portal.onBreakerChange((state) => {
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
      this.wake?.();
    });
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming, lets in-flight calls finish, and hands unfinished leases back. */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.jobs.releaseLeases(this.worker).catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.lastRoundAt = Date.now();
      try {
        const claimed = await this.fill();
        failures = 0;
        if (claimed === 0) await this.idle(this.config.SYNC_POLL_MS);
        else if (this.inFlight.size >= this.config.SYNC_CONCURRENCY)
          await Promise.race(this.inFlight);
      } catch (e) {
        failures += 1;
        this.logger.event('warn', 'dispatch round failed; will retry', {
          error: e instanceof Error ? e.message : String(e),
        });
        await this.idle(Math.min(100 * 2 ** failures, 5000));
      }
    }
  }

  private async fill(): Promise<number> {
    const breaker = this.portal.breakerState();
    if (breaker === 'open') return 0;
    // Half-open lets one trial call decide whether the portal is back.
    const free =
      breaker === 'half-open'
        ? Math.min(1, this.config.SYNC_CONCURRENCY - this.inFlight.size)
        : this.config.SYNC_CONCURRENCY - this.inFlight.size;
    if (free <= 0) return 0;
    const claimed = await this.jobs.claimDue(free, this.worker, this.config.SYNC_LEASE_MS);
    // If this read fails the round fails and the leases run out: the jobs are claimed again.
    const histories = await this.jobs.caseHistories(claimed);
    for (const job of claimed) {
      const history = (histories.get(job.eventId) ?? []) as unknown as CaseEvent[];
      const task: Promise<void> = this.sync
        .execute(job, history, this.worker)
        .then(() => undefined)
        .catch((e: unknown) => {
          // The lease runs out and the job is claimed again: nothing is lost.
          this.logger.event('error', 'sync attempt failed unexpectedly', {
            eventId: job.eventId,
            caseCode: job.caseCode,
            error: e instanceof Error ? e.message : String(e),
          });
        })
        .finally(() => {
          this.inFlight.delete(task);
          this.wake?.();
        });
      this.inFlight.add(task);
    }
    return claimed.length;
  }

  /** Sleeps `ms`, or less when a job finishes or the breaker changes. */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
