import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { PortalSyncJobRepository, type SweepPosition } from './store';
import { PORTAL_SYNC_CONFIG, type PortalSyncConfig } from './config';

/**
 * The 100% guarantee must not rest on Kafka alone: every accepted event is in Postgres, so this
 * periodically makes the sync job of any event that has been accepted for a while and still has
 * none. In normal operation it finds nothing; when it does, it says so loudly.
 * It also marks waiting jobs whose previous sequence is synced but that were never marked ready
 * (the `predecessor_synced` hint lost a race), a slice of them per beat so that a beat costs the
 * same at any backlog, so no job can wait for ever on a missed mark; drops sequence gaps that
 * were filled after all (see the sequence-gaps migration); and
 * on the same beat refreshes the job table's planner statistics after a burst of new jobs and
 * folds the sync counters' appended changes (so every read of the published counts stays small).
 */
@Injectable()
export class JobBackfillService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readyTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private marking?: Promise<void>;
  /** Where the ready sweep's walk goes on (a slice of the waiting jobs per sweep). */
  private readySweepAt?: SweepPosition;
  private readonly backfilled;
  private readonly markedReady;

  constructor(
    @Inject(PortalSyncJobRepository) private readonly jobs: PortalSyncJobRepository,
    @Inject(PORTAL_SYNC_CONFIG) private readonly config: PortalSyncConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.backfilled = metrics.counter(
      'hub_sync_jobs_backfilled_total',
      'Sync jobs created from Postgres because their event never arrived through Kafka',
    );
    this.markedReady = metrics.counter(
      'hub_sync_jobs_marked_ready_total',
      'Waiting sync jobs found ready by the sweep (their predecessor synced without marking them)',
    );
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.config.SYNC_BACKFILL_INTERVAL_MS);
    this.readyTimer = setInterval(() => {
      this.marking ??= this.markReady().finally(() => (this.marking = undefined));
    }, this.config.SYNC_READY_SWEEP_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.readyTimer);
    await Promise.all([this.running, this.marking]);
  }

  private async markReady(): Promise<void> {
    try {
      await this.jobs.refreshStatistics();
      await this.jobs.compactSyncCounts();
      const { marked, next } = await this.jobs.markReadyJobs({ after: this.readySweepAt });
      this.readySweepAt = next;
      await this.jobs.forgetFilledGaps();
      if (marked > 0) {
        this.markedReady.inc(marked);
        this.logger.event('info', 'waiting sync jobs were ready but not marked; marked them', {
          jobs: marked,
        });
      }
    } catch (e) {
      this.logger.event('warn', 'ready sweep failed; will try again', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  private async sweep(): Promise<void> {
    try {
      let created: number;
      do {
        created = await this.jobs.backfillMissingJobs(this.config.SYNC_BACKFILL_AFTER_MS, 1000);
        if (created > 0) {
          this.backfilled.inc(created);
          this.logger.event('warn', 'accepted events had no sync job; created them from Postgres', {
            jobs: created,
          });
        }
      } while (created === 1000);
    } catch (e) {
      this.logger.event('warn', 'backfill sweep failed; will try again', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
}
