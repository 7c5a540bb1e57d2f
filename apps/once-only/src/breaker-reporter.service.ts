import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { BusinessAdapter, PopulationAdapter, ResultsStoreAdapter } from '@hub/national-adapters';
import { HubLogger } from '@hub/observability';
import { BreakerStateReporter, NationalAdapterStateRepository } from '@hub/persistence';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from './config';

/**
 * Reports the population and business registry breakers, and the national results store's, to
 * Postgres for the ops console.
 */
@Injectable()
export class BreakerReporterService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly reporters: BreakerStateReporter[];

  constructor(
    @Inject(PopulationAdapter) population: PopulationAdapter,
    @Inject(BusinessAdapter) business: BusinessAdapter,
    @Inject(ResultsStoreAdapter) resultsStore: ResultsStoreAdapter,
    @Inject(NationalAdapterStateRepository) states: NationalAdapterStateRepository,
    @Inject(HubLogger) logger: HubLogger,
    @Inject(ONCE_ONLY_CONFIG) config: OnceOnlyConfig,
  ) {
    const sources = { population, business, 'results-store': resultsStore };
    this.reporters = Object.entries(sources).map(
      ([name, source]) =>
        new BreakerStateReporter(
          name,
          'once-only',
          source,
          states,
          logger,
          config.BREAKER_HEARTBEAT_MS,
        ),
    );
  }

  onApplicationBootstrap(): void {
    for (const reporter of this.reporters) reporter.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.reporters.map((reporter) => reporter.stop()));
  }
}
