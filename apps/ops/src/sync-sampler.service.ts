import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { SyncStatusReader } from '@hub/read-models';
import { NationalAdapterStateRepository, OutboxRelayRepository } from '@hub/persistence';
import { OpsInsightsRepository } from './insights/ops-insights.repository';
import { OpsSeriesRepository } from './series/ops-series.repository';
import { GetNationalAdaptersHandler } from './usecases/get-national-adapters/get-national-adapters.handler';
import { OPS_CONFIG, type OpsConfig } from './config';

/** Pruning deletes by range: once every this many samples is plenty. */
const PRUNE_EVERY = 100;

/**
 * Samples every OPS_SAMPLE_MS, for the console's charts: the sync counts with the portal's
 * activity since the sample before (`ops_sync_samples`), the breakers' states when they changed,
 * each national adapter's calls since the sample before (`ops_adapter_call_samples`), and each
 * department's counts every OPS_DEPARTMENT_SAMPLE_MS. Samples are bucketed by the interval, so
 * several ops replicas write one row per bucket; old samples are pruned now and then.
 */
@Injectable()
export class SyncSamplerService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private ticks = 0;
  private departmentBucket = -1;

  constructor(
    @Inject(SyncStatusReader) private readonly status: SyncStatusReader,
    @Inject(OutboxRelayRepository) private readonly outbox: OutboxRelayRepository,
    @Inject(OpsInsightsRepository) private readonly insights: OpsInsightsRepository,
    @Inject(OpsSeriesRepository) private readonly series: OpsSeriesRepository,
    @Inject(GetNationalAdaptersHandler) private readonly adapters: GetNationalAdaptersHandler,
    @Inject(NationalAdapterStateRepository)
    private readonly adapterStates: NationalAdapterStateRepository,
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
      const [{ all, byDepartment }, outbox, adapters] = await Promise.all([
        this.status.summary(),
        this.outbox.backlog(),
        this.adapters.execute(),
      ]);
      await this.insights.writeSample(
        { ...all, outboxBacklog: outbox.count },
        this.config.OPS_SAMPLE_MS / 1000,
      );
      await this.series.recordAdapterStates(
        adapters.items.map((a) => ({
          adapter: a.adapter,
          state: a.state,
          since: a.since === null ? null : new Date(a.since),
        })),
      );
      await this.series.recordAdapterCalls(
        await this.adapterStates.callCounts(),
        this.config.OPS_SAMPLE_MS / 1000,
      );
      const bucket = Math.floor(Date.now() / this.config.OPS_DEPARTMENT_SAMPLE_MS);
      if (bucket !== this.departmentBucket) {
        await this.series.writeDepartmentSample(
          byDepartment,
          this.config.OPS_DEPARTMENT_SAMPLE_MS / 1000,
        );
        this.departmentBucket = bucket;
      }
      if (this.ticks++ % PRUNE_EVERY === 0) {
        await this.insights.deleteSamplesOlderThan(this.config.OPS_SAMPLE_RETENTION_DAYS);
        await this.series.prune(this.config.OPS_SAMPLE_RETENTION_DAYS);
      }
    } catch (e) {
      this.logger.event('warn', 'could not sample sync counts', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
}
