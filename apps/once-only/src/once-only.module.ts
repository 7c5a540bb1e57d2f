import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@hub/messaging';
import { ApiDocsModule, type HubLogger, ObservabilityModule } from '@hub/observability';
import { DurableWorkModule } from '@hub/durable-work';
import { PersistenceModule } from '@hub/persistence';
import { RegistryProfilesModule, registryProfilesOptions } from '@hub/registry-profiles';
import { BreakerReporterService } from './breaker-reporter.service';
import { CaseEventsController } from './case-events.controller';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from './config';
import { LookupWorkerService } from './lookup-worker.service';
import { ResultRegistrationRepository } from './national-results/result-registration.repository';
import { ResultRegistrationWorkerService } from './national-results/result-registration-worker.service';
import { RetentionService } from './retention.service';
import { IngestCaseEventsHandler } from './usecases/ingest-case-events/ingest-case-events.handler';
import { VerifyApplicantHandler } from './usecases/verify-applicant/verify-applicant.handler';

@Module({})
export class OnceOnlyModule {
  static forRoot(config: OnceOnlyConfig, logger: HubLogger): DynamicModule {
    return {
      module: OnceOnlyModule,
      imports: [
        ObservabilityModule.forRoot('once-only', logger),
        ApiDocsModule.forApp('once-only'),
        DurableWorkModule.forRoot({ url: config.DATABASE_URL, applicationName: 'once-only' }),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'once-only',
          poolSize: config.DB_POOL_SIZE,
        }),
        MessagingModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'hub-once-only',
          producer: false,
        }),
        RegistryProfilesModule.forRoot(
          registryProfilesOptions(
            config,
            Math.max(config.LOOKUP_CONCURRENCY, config.RESULTS_STORE_CONCURRENCY) * 2,
          ),
        ),
      ],
      controllers: [CaseEventsController],
      providers: [
        { provide: ONCE_ONLY_CONFIG, useValue: config },
        IngestCaseEventsHandler,
        VerifyApplicantHandler,
        LookupWorkerService,
        ResultRegistrationRepository,
        ResultRegistrationWorkerService,
        RetentionService,
        BreakerReporterService,
      ],
    };
  }
}
