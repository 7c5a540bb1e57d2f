import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  BusinessAdapter,
  PopulationAdapter,
  type RegistryBreakerState,
} from '@hub/national-adapters';
import { HealthRegistry, HubLogger, MetricsRegistry } from '@hub/observability';
import { LookupTaskRepository, type SubjectKind } from '@hub/registry-profiles';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from './config';
import { VerifyApplicantHandler } from './usecases/verify-applicant/verify-applicant.handler';

/**
 * Keeps up to LOOKUP_CONCURRENCY registry lookups in flight. Tasks are claimed under a lease
 * (a replica that dies hands its work on when the lease runs out). While a registry's breaker is
 * open its tasks are not claimed; when it closes, its waiting tasks are made due at once.
 */
@Injectable()
export class LookupWorkerService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly worker = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private lastRoundAt = Date.now();
  private wake?: () => void;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly backlog;

  constructor(
    @Inject(LookupTaskRepository) private readonly lookups: LookupTaskRepository,
    @Inject(VerifyApplicantHandler) private readonly verify: VerifyApplicantHandler,
    @Inject(PopulationAdapter) private readonly population: PopulationAdapter,
    @Inject(BusinessAdapter) private readonly business: BusinessAdapter,
    @Inject(ONCE_ONLY_CONFIG) private readonly config: OnceOnlyConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(HealthRegistry) health: HealthRegistry,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.backlog = metrics.gauge('hub_profile_lookup_tasks', 'Lookup tasks by state', [
      'state',
    ] as const);
    health.register('lookup-worker', () => {
      const idle = Date.now() - this.lastRoundAt;
      return Promise.resolve({
        ok: this.running && idle < 30_000,
        detail: {
          inFlight: this.inFlight.size,
          population: this.population.breakerState(),
          business: this.business.breakerState(),
          secondsSinceRound: Math.round(idle / 1000),
        },
      });
    });
  }

  onApplicationBootstrap(): void {
    const watch = (kind: SubjectKind, name: string) => (state: RegistryBreakerState) => {
      this.logger.event(state === 'open' ? 'warn' : 'info', `${name} circuit breaker ${state}`, {
        breaker: state,
        registry: name,
      });
      if (state === 'closed') {
        this.lookups
          .wakeRetrying(kind)
          .then((n) =>
            this.logger.event('info', `${name} recovered: waiting lookups made due`, { tasks: n }),
          )
          .catch((e: unknown) =>
            this.logger.event('error', 'could not wake lookups', { error: String(e) }),
          );
      }
      this.wake?.();
    };
    this.unsubscribe.push(this.population.onBreakerChange(watch('citizen', 'population')));
    this.unsubscribe.push(this.business.onBreakerChange(watch('enterprise', 'business')));
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.unsubscribe.forEach((u) => u());
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.lookups.releaseLeases(this.worker).catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    let rounds = 0;
    while (this.running) {
      this.lastRoundAt = Date.now();
      try {
        if (rounds++ % 50 === 0) await this.refreshBacklog();
        const claimed = await this.fill();
        failures = 0;
        if (claimed === 0) await this.idle(this.config.LOOKUP_POLL_MS);
        else if (this.inFlight.size >= this.config.LOOKUP_CONCURRENCY)
          await Promise.race(this.inFlight);
      } catch (e) {
        failures += 1;
        this.logger.event('warn', 'lookup round failed; will retry', {
          error: e instanceof Error ? e.message : String(e),
        });
        await this.idle(Math.min(100 * 2 ** failures, 5000));
      }
    }
  }

  private async refreshBacklog(): Promise<void> {
    const counts = await this.lookups.countsByState();
    for (const state of ['pending', 'retrying', 'done', 'failed'])
      this.backlog.set({ state }, counts[state] ?? 0);
  }

  private async fill(): Promise<number> {
    const free = this.config.LOOKUP_CONCURRENCY - this.inFlight.size;
    if (free <= 0) return 0;
    // An open breaker would fail the call at once; leave those tasks waiting instead.
    const kinds: SubjectKind[] = [];
    if (this.population.breakerState() !== 'open') kinds.push('citizen');
    if (this.business.breakerState() !== 'open') kinds.push('enterprise');
    const claimed = await this.lookups.claimDue(
      free,
      this.worker,
      this.config.LOOKUP_LEASE_MS,
      kinds,
    );
    for (const task of claimed) {
      const work: Promise<void> = this.verify
        .execute(task, this.worker)
        .then(() => undefined)
        .catch((e: unknown) => {
          // The lease runs out and the task is claimed again: nothing is lost.
          this.logger.event('error', 'lookup failed unexpectedly', {
            eventId: task.eventId,
            caseCode: task.caseCode,
            error: e instanceof Error ? e.message : String(e),
          });
        })
        .finally(() => {
          this.inFlight.delete(work);
          this.wake?.();
        });
      this.inFlight.add(work);
    }
    return claimed.length;
  }

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
