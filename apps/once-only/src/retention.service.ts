import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { LookupTaskRepository, ProfileRepository } from '@hub/registry-profiles';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from './config';

/**
 * Personal data is kept no longer than its purpose needs: profiles fetched longer ago than
 * PROFILE_RETENTION_MS, finished lookups and the encrypted subject of old cases are deleted
 * periodically. The access log and the (anonymous) reuse counts are kept.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly purged;

  constructor(
    @Inject(ProfileRepository) private readonly profiles: ProfileRepository,
    @Inject(LookupTaskRepository) private readonly lookups: LookupTaskRepository,
    @Inject(ONCE_ONLY_CONFIG) private readonly config: OnceOnlyConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.purged = metrics.counter('hub_profiles_purged_total', 'Rows purged past retention', [
      'kind',
    ] as const);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.purge().finally(() => (this.running = undefined));
    }, this.config.PURGE_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async purge(): Promise<void> {
    try {
      const profiles = await this.profiles.purgeOlderThan(this.config.PROFILE_RETENTION_MS);
      const tasks = await this.lookups.purgeOlderThan(this.config.PROFILE_RETENTION_MS);
      this.purged.inc({ kind: 'profile' }, profiles);
      this.purged.inc({ kind: 'lookup' }, tasks);
      if (profiles + tasks > 0)
        this.logger.event('info', 'purged personal data past retention', { profiles, tasks });
    } catch (e) {
      this.logger.event('warn', 'retention purge failed; will try again', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
}
