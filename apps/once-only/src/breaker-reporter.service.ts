import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { BusinessAdapter, PopulationAdapter } from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import { BreakerStateReporter, NationalAdapterStateRepository } from '@hub/persistence';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from './config';

/** Reports the population and business registry breakers to Postgres for the ops console. */
@Injectable()
export class BreakerReporterService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly reporters: BreakerStateReporter[];

  constructor(
    @Inject(PopulationAdapter) population: PopulationAdapter,
    @Inject(BusinessAdapter) business: BusinessAdapter,
    @Inject(NationalAdapterStateRepository) states: NationalAdapterStateRepository,
    @Inject(HubLogger) logger: HubLogger,
    @Inject(ONCE_ONLY_CONFIG) config: OnceOnlyConfig,
  ) {
    this.reporters = [
      new BreakerStateReporter(
        'population',
        'once-only',
        population,
        states,
        logger,
        config.BREAKER_HEARTBEAT_MS,
      ),
      new BreakerStateReporter(
        'business',
        'once-only',
        business,
        states,
        logger,
        config.BREAKER_HEARTBEAT_MS,
      ),
    ];
  }

  onApplicationBootstrap(): void {
    for (const reporter of this.reporters) reporter.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.reporters.map((reporter) => reporter.stop()));
  }
}
