import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PortalAdapter } from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import { BreakerStateReporter, NationalAdapterStateRepository } from '@hub/persistence';
import { PORTAL_SYNC_CONFIG, type PortalSyncConfig } from './config';

/** Reports the portal adapter's breaker to Postgres for the ops console. */
@Injectable()
export class BreakerReporterService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly reporter: BreakerStateReporter;

  constructor(
    @Inject(PortalAdapter) portal: PortalAdapter,
    @Inject(NationalAdapterStateRepository) states: NationalAdapterStateRepository,
    @Inject(HubLogger) logger: HubLogger,
    @Inject(PORTAL_SYNC_CONFIG) config: PortalSyncConfig,
  ) {
    this.reporter = new BreakerStateReporter(
      'portal',
      'portal-sync',
      portal,
      states,
      logger,
      config.BREAKER_HEARTBEAT_MS,
    );
  }

  onApplicationBootstrap(): void {
    this.reporter.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.reporter.stop();
  }
}
