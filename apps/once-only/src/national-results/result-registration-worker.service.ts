import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ClaimLoop, WorkSignal, workChannel } from '@hub/durable-work';
import { type ResultRegistrationInput, ResultsStoreAdapter } from '@hub/national-adapters';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { retryDelayMs, SubjectProtector } from '@hub/registry-profiles';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from '../config';
import {
  ResultRegistrationRepository,
  type ResultRegistrationTask,
} from './result-registration.repository';

const QUEUE = 'national_result_registrations';

/**
 * Registers electronically issued results in the portal's national store of digitised results
 * (so a procedure anywhere in the country can reuse them), as durable work: up to
 * RESULTS_STORE_CONCURRENCY calls in flight, leased, retried with backoff while the store is down
 * (its breaker open: nothing is claimed; closed again: the waiting ones are made due at once). A
 * refusal of what was sent is final and shown with its reason. Nothing is lost: an item whose
 * worker dies is claimed again when its lease runs out, and the store's idempotency key makes a
 * second registration of the same document answer "already registered".
 */
@Injectable()
export class ResultRegistrationWorkerService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly worker = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly loop: ClaimLoop<ResultRegistrationTask>;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly outcomes;
  private readonly backlog;

  constructor(
    @Inject(ResultRegistrationRepository)
    private readonly registrations: ResultRegistrationRepository,
    @Inject(ResultsStoreAdapter) private readonly store: ResultsStoreAdapter,
    @Inject(SubjectProtector) private readonly protector: SubjectProtector,
    @Inject(ONCE_ONLY_CONFIG) private readonly config: OnceOnlyConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
    @Inject(WorkSignal) private readonly signal: WorkSignal,
  ) {
    this.outcomes = metrics.counter(
      'hub_result_registrations_total',
      'Registrations in the national results store, by outcome (registered, already_registered, rejected, retry)',
      ['outcome'] as const,
    );
    this.backlog = metrics.gauge(
      'hub_result_registrations',
      'Result registrations in the national store by state',
      ['state'] as const,
    );
    this.loop = new ClaimLoop<ResultRegistrationTask>({
      pollMs: config.RESULT_REGISTRATION_POLL_MS,
      beforePause: () =>
        this.signal.waiting(workChannel(QUEUE), config.RESULT_REGISTRATION_POLL_MS),
      capacity: () => {
        const state = this.store.breakerState();
        return state === 'open' ? 0 : state === 'half-open' ? 1 : config.RESULTS_STORE_CONCURRENCY;
      },
      beforeRound: { everyRounds: 50, run: () => this.refreshBacklog() },
      claim: (limit) =>
        this.registrations.claimDue(limit, this.worker, config.RESULT_REGISTRATION_LEASE_MS),
      handle: (task) => this.register(task),
      logger,
      names: { item: 'result registration', round: 'result registration' },
      metrics: { registry: metrics, queue: QUEUE },
      describe: (task) => ({ eventId: task.eventId, caseCode: task.caseCode }),
    });
  }

  onApplicationBootstrap(): void {
    this.unsubscribe.push(
      this.store.onBreakerChange((state) => {
        this.logger.event(
          state === 'open' ? 'warn' : 'info',
          `results store circuit breaker ${state}`,
          {
            breaker: state,
          },
        );
        if (state === 'closed') {
          this.registrations
            .wakeRetrying()
            .then((n) =>
              this.logger.event('info', 'results store recovered: waiting registrations made due', {
                registrations: n,
              }),
            )
            .catch((e: unknown) =>
              this.logger.event('error', 'could not wake registrations', { error: String(e) }),
            );
        }
        this.loop.wake();
      }),
    );
    this.unsubscribe.push(this.signal.subscribe(workChannel(QUEUE), () => this.loop.wake()));
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe.forEach((u) => u());
    await this.loop.stop();
    await this.registrations.releaseLeases(this.worker).catch(() => undefined);
  }

  private async register(task: ResultRegistrationTask): Promise<void> {
    const input = this.protector.decryptJson<ResultRegistrationInput>(task.payloadEnc);
    const context = {
      eventId: task.eventId,
      caseCode: task.caseCode,
      documentCode: input.resultCode,
    };
    let outcome: Awaited<ReturnType<ResultsStoreAdapter['register']>>;
    try {
      outcome = await this.store.register(input);
    } catch (e) {
      // The store unreachable, failing, slow or its breaker open: try again later.
      const code = (e as { code?: unknown }).code;
      const delay = retryDelayMs(
        task.attempts + 1,
        this.config.RESULT_REGISTRATION_RETRY_BASE_MS,
        this.config.RESULT_REGISTRATION_RETRY_MAX_MS,
      );
      await this.registrations.reschedule(
        task,
        this.worker,
        new Date(Date.now() + delay),
        typeof code === 'string' ? code : 'STORE_UNAVAILABLE',
        e instanceof Error ? e.message : String(e),
      );
      this.outcomes.inc({ outcome: 'retry' });
      return;
    }
    if (outcome.kind === 'rejected') {
      await this.registrations.rejected(task, this.worker, outcome.code, outcome.message);
      this.outcomes.inc({ outcome: 'rejected' });
      // The store's message may quote what was sent (an ID): it stays in the row, not the log.
      this.logger.event('warn', 'national results store refused a result', {
        ...context,
        code: outcome.code,
      });
      return;
    }
    await this.registrations.registered(task, this.worker, outcome.registrationId);
    this.outcomes.inc({
      outcome: outcome.kind === 'registered' ? 'registered' : 'already_registered',
    });
  }

  private async refreshBacklog(): Promise<void> {
    const counts = await this.registrations.countsByState();
    for (const state of ['pending', 'retrying', 'registered', 'rejected'])
      this.backlog.set({ state }, counts[state] ?? 0);
  }
}
