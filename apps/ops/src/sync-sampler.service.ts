import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { SyncStatusReader } from '@hub/read-models';
import { OutboxRelayRepository } from '@hub/persistence';
import { OpsInsightsRepository } from './insights/ops-insights.repository';
import { OPS_CONFIG, type OpsConfig } from './config';

/**
 * Samples the sync counts into `ops_sync_samples` every OPS_SAMPLE_MS, for the console's
 * rate-over-time and backlog charts. Samples are bucketed by the interval, so several ops
 * replicas write one row per bucket; old samples are pruned now and then.
 */
@Injectable()
export class SyncSamplerService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private ticks = 0;

  constructor(
    @Inject(SyncStatusReader) private readonly status: SyncStatusReader,
    @Inject(OutboxRelayRepository) private readonly outbox: OutboxRelayRepository,
    @Inject(OpsInsightsRepository) private readonly insights: OpsInsightsRepository,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  onApplicationBootstrap(): void {
    const tick = (): void => {
      this.running ??= this.sample().finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.config.OPS_SAMPLE_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sample(): Promise<void> {
    try {
      const [{ all }, outbox] = await Promise.all([this.status.summary(), this.outbox.backlog()]);
      await this.insights.writeSample(
        { ...all, outboxBacklog: outbox.count },
        this.config.OPS_SAMPLE_MS / 1000,
      );
      if (this.ticks++ % 100 === 0)
        await this.insights.deleteSamplesOlderThan(this.config.OPS_SAMPLE_RETENTION_DAYS);
    } catch (e) {
      this.logger.event('warn', 'could not sample sync counts', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
}
