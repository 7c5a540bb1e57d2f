import { type DynamicModule, Module } from '@nestjs/common';
import {
  BusinessAdapter,
  NationalAdaptersModule,
  PopulationAdapter,
  type RegistryAdapterOptions,
  type ResultsStoreAdapterOptions,
} from '@hub/national-adapters';
import { MetricsRegistry } from '@hub/observability';
import { DataSource } from 'typeorm';
import { ProfileResolver } from './profile-resolver';
import { AccessLogRepository } from './repositories/access-log.repository';
import { LookupTaskRepository } from './repositories/lookup-task.repository';
import { ProfileRepository } from './repositories/profile.repository';
import { ReusableResultRepository } from './repositories/reusable-result.repository';
import { SubjectProtector } from './subject-protector';

export interface RegistryProfilesOptions {
  encryptionKey: string;
  hashKey: string;
  freshnessMs: number;
  officialCode: string;
  population: RegistryAdapterOptions;
  business: RegistryAdapterOptions;
  /** The portal's national store of digitised results (registration, lookup). */
  resultsStore: ResultsStoreAdapterOptions;
}

/**
 * Verified profiles, reusable results and the access log, with the registry adapters and the
 * national results store behind them. Needs `PersistenceModule` (DataSource) and `ObservabilityModule` in the app.
 */
@Module({})
export class RegistryProfilesModule {
  static forRoot(options: RegistryProfilesOptions): DynamicModule {
    const population = NationalAdaptersModule.forPopulation(options.population);
    const business = NationalAdaptersModule.forBusiness(options.business);
    const resultsStore = NationalAdaptersModule.forResultsStore(options.resultsStore);
    return {
      module: RegistryProfilesModule,
      imports: [population, business, resultsStore],
      providers: [
        {
          provide: SubjectProtector,
          useValue: SubjectProtector.fromBase64(options.encryptionKey, options.hashKey),
        },
        {
          provide: ProfileRepository,
          inject: [DataSource, SubjectProtector],
          useFactory: (ds: DataSource, p: SubjectProtector) => new ProfileRepository(ds, p),
        },
        {
          provide: LookupTaskRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new LookupTaskRepository(ds),
        },
        {
          provide: ReusableResultRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new ReusableResultRepository(ds),
        },
        {
          provide: AccessLogRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new AccessLogRepository(ds),
        },
        {
          provide: ProfileResolver,
          inject: [
            ProfileRepository,
            SubjectProtector,
            PopulationAdapter,
            BusinessAdapter,
            MetricsRegistry,
          ],
          useFactory: (
            profiles: ProfileRepository,
            protector: SubjectProtector,
            population: PopulationAdapter,
            business: BusinessAdapter,
            metrics: MetricsRegistry,
          ) =>
            new ProfileResolver(
              profiles,
              protector,
              population,
              business,
              { freshnessMs: options.freshnessMs, officialCode: options.officialCode },
              metrics,
            ),
        },
      ],
      exports: [
        SubjectProtector,
        ProfileRepository,
        LookupTaskRepository,
        ReusableResultRepository,
        AccessLogRepository,
        ProfileResolver,
        // Re-exported so the app sees the adapters (breaker state, health) too.
        population,
        business,
        resultsStore,
      ],
    };
  }
}
