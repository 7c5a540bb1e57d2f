import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@hub/messaging';
import { ApiDocsModule, type HubLogger, ObservabilityModule } from '@hub/observability';
import { DurableWorkModule } from '@hub/durable-work';
import { PersistenceModule } from '@hub/persistence';
import { RegistryProfilesModule } from '@hub/registry-profiles';
import { BreakerReporterService } from './breaker-reporter.service';
import { CaseEventsController } from './case-events.controller';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from './config';
import { LookupWorkerService } from './lookup-worker.service';
import { RetentionService } from './retention.service';
import { IngestCaseEventsHandler } from './usecases/ingest-case-events/ingest-case-events.handler';
import { VerifyApplicantHandler } from './usecases/verify-applicant/verify-applicant.handler';

@Module({})
export class OnceOnlyModule {
  static forRoot(config: OnceOnlyConfig, logger: HubLogger): DynamicModule {
    const registry = (baseUrl: string) => ({
      baseUrl,
      timeoutMs: config.REGISTRY_TIMEOUT_MS,
      maxSockets: config.LOOKUP_CONCURRENCY * 2,
      breaker: { resetTimeoutMs: config.REGISTRY_BREAKER_RESET_MS },
    });
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
        RegistryProfilesModule.forRoot({
          encryptionKey: config.PII_ENCRYPTION_KEY,
          hashKey: config.PII_HASH_KEY,
          freshnessMs: config.PROFILE_FRESHNESS_MS,
          officialCode: config.REGISTRY_OFFICIAL_CODE,
          population: registry(config.POPULATION_URL),
          business: registry(config.BUSINESS_URL),
        }),
      ],
      controllers: [CaseEventsController],
      providers: [
        { provide: ONCE_ONLY_CONFIG, useValue: config },
        IngestCaseEventsHandler,
        VerifyApplicantHandler,
        LookupWorkerService,
        RetentionService,
        BreakerReporterService,
      ],
    };
  }
}
