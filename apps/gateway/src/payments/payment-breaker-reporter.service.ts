import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PaymentPlatformAdapter } from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import { BreakerStateReporter, NationalAdapterStateRepository } from '@hub/persistence';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

/**
 * Reports the payment platform's breaker to Postgres, as portal-sync and once-only report theirs,
 * so that the ops console shows it among the national systems. Provided only when payments are on.
 */
@Injectable()
export class PaymentBreakerReporterService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly reporter: BreakerStateReporter;

  constructor(
    @Inject(PaymentPlatformAdapter) platform: PaymentPlatformAdapter,
    @Inject(NationalAdapterStateRepository) states: NationalAdapterStateRepository,
    @Inject(HubLogger) logger: HubLogger,
    @Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'BREAKER_HEARTBEAT_MS'>,
  ) {
    this.reporter = new BreakerStateReporter(
      'payment-platform',
      'gateway',
      platform,
      states,
      logger,
      config.BREAKER_HEARTBEAT_MS,
    );
  }

  onApplicationBootstrap(): void {
    this.reporter.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.reporter.stop();
  }
}
