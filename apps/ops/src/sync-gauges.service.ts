import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { IntakeDeadLetterRepository } from './intake-dead-letters/intake-dead-letter.repository';
import { OPS_CONFIG, type OpsConfig } from './config';
import { GetSyncSummaryHandler } from './usecases/get-sync-summary/get-sync-summary.handler';

/**
 * Exports the sync target as Prometheus gauges, computed from Postgres like the summary API, so
 * alerts and the API can never disagree about what "synced" means.
 */
@Injectable()
export class SyncGaugesService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readonly jobs;
  private readonly rate;
  private readonly oldest;
  private readonly held;
  private readonly intake;

  constructor(
    @Inject(GetSyncSummaryHandler) private readonly summary: GetSyncSummaryHandler,
    @Inject(IntakeDeadLetterRepository) private readonly intakeLetters: IntakeDeadLetterRepository,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.jobs = metrics.gauge('hub_sync_events', 'Accepted events by portal sync state', [
      'department',
      'state',
    ] as const);
    this.rate = metrics.gauge('hub_sync_rate', 'Synced / accepted events (1 when none)', [
      'department',
    ] as const);
    this.oldest = metrics.gauge(
      'hub_sync_oldest_unsynced_seconds',
      'Age of the oldest accepted event not yet synced',
      ['department'] as const,
    );
    this.held = metrics.gauge(
      'hub_sync_held_cases',
      'Cases waiting for a sequence the hub never received',
    );
    this.intake = metrics.gauge(
      'hub_intake_dead_letters_open',
      'Records the consumers set aside (hub.dead-letters.v1) that no operator has marked handled',
    );
  }

  onApplicationBootstrap(): void {
    const tick = (): void => {
      this.refresh().catch((e: unknown) =>
        this.logger.event('warn', 'could not refresh sync gauges', {
          error: e instanceof Error ? e.message : String(e),
        }),
      );
    };
    tick();
    this.timer = setInterval(tick, this.config.OPS_METRICS_REFRESH_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async refresh(): Promise<void> {
    const s = await this.summary.execute();
    this.jobs.reset();
    for (const d of [...s.byDepartment, { ...s, department: 'all' }]) {
      for (const state of ['synced', 'pending', 'retrying', 'dead'] as const) {
        this.jobs.set({ department: d.department, state }, d[state]);
      }
      this.rate.set({ department: d.department }, d.syncRate);
      this.oldest.set({ department: d.department }, d.oldestUnsyncedSeconds);
    }
    this.held.set(s.heldCases);
    this.intake.set(await this.intakeLetters.openCount());
  }
}
