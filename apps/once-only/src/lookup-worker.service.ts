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
import { ClaimLoop, WorkSignal, workChannel } from '@hub/durable-work';
import { type LookupTask, LookupTaskRepository, type SubjectKind } from '@hub/registry-profiles';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from './config';
import { VerifyApplicantHandler } from './usecases/verify-applicant/verify-applicant.handler';

/**
 * Keeps up to LOOKUP_CONCURRENCY registry lookups in flight (ClaimLoop). Tasks are claimed under a lease
 * (a replica that dies hands its work on when the lease runs out). While a registry's breaker is
 * open its tasks are not claimed; when it closes, its waiting tasks are made due at once.
 */
@Injectable()
export class LookupWorkerService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly worker = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly loop: ClaimLoop<LookupTask>;
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
    @Inject(WorkSignal) private readonly signal: WorkSignal,
  ) {
    this.backlog = metrics.gauge('hub_profile_lookup_tasks', 'Lookup tasks by state', [
      'state',
    ] as const);
    this.loop = new ClaimLoop<LookupTask>({
      pollMs: config.LOOKUP_POLL_MS,
      busyPollMs: config.LOOKUP_BUSY_POLL_MS,
      beforePause: () =>
        this.signal.waiting(workChannel('profile_lookup_tasks'), config.LOOKUP_POLL_MS),
      lingerMs: config.LOOKUP_LINGER_MS,
      capacity: () => this.config.LOOKUP_CONCURRENCY,
      beforeRound: { everyRounds: 50, run: () => this.refreshBacklog() },
      claim: (limit) => {
        // An open breaker would fail the call at once; leave those tasks waiting instead.
        const kinds: SubjectKind[] = [];
        if (this.population.breakerState() !== 'open') kinds.push('citizen');
        if (this.business.breakerState() !== 'open') kinds.push('enterprise');
        return this.lookups.claimDue(limit, this.worker, this.config.LOOKUP_LEASE_MS, kinds);
      },
      handle: (task) => this.verify.execute(task, this.worker),
      logger,
      names: { item: 'lookup', round: 'lookup' },
      metrics: { registry: metrics, queue: 'profile_lookup_tasks' },
      describe: (task) => ({ eventId: task.eventId, caseCode: task.caseCode }),
    });
    health.register('lookup-worker', () => {
      const idle = Date.now() - this.loop.lastRoundAt;
      return Promise.resolve({
        ok: this.loop.isRunning && idle < 30_000,
        detail: {
          inFlight: this.loop.inFlightCount,
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
      this.loop.wake();
    };
    this.unsubscribe.push(this.population.onBreakerChange(watch('citizen', 'population')));
    this.unsubscribe.push(this.business.onBreakerChange(watch('enterprise', 'business')));
    this.unsubscribe.push(
      this.signal.subscribe(workChannel('profile_lookup_tasks'), () => this.loop.wake()),
    );
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe.forEach((u) => u());
    await this.loop.stop();
    await this.lookups.releaseLeases(this.worker).catch(() => undefined);
  }

  private async refreshBacklog(): Promise<void> {
    await this.lookups.refreshStatistics();
    const counts = await this.lookups.countsByState();
    for (const state of ['pending', 'retrying', 'done', 'failed'])
      this.backlog.set({ state }, counts[state] ?? 0);
  }
}
