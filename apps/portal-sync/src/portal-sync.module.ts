import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@hub/messaging';
import { NationalAdaptersModule } from '@hub/national-adapters';
import { ApiDocsModule, type HubLogger, ObservabilityModule } from '@hub/observability';
import { DurableWorkModule } from '@hub/durable-work';
import { PersistenceModule } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { BreakerReporterService } from './breaker-reporter.service';
import { CaseEventsController } from './case-events.controller';
import { PORTAL_SYNC_CONFIG, type PortalSyncConfig } from './config';
import { JobBackfillService } from './job-backfill.service';
import { ReconciliationService } from './reconciliation.service';
import { CatalogRepository, PortalSyncJobRepository, ReconciliationRepository } from './store';
import { CatalogRefreshService } from './catalog-refresh.service';
import { SyncDispatcherService } from './sync-dispatcher.service';
import { ReconcilePortalHandler } from './usecases/reconcile-portal/reconcile-portal.handler';
import { IngestCaseEventsHandler } from './usecases/ingest-case-events/ingest-case-events.handler';
import { OutcomeWriter } from './usecases/sync-to-portal/outcome-writer';
import { SyncToPortalHandler } from './usecases/sync-to-portal/sync-to-portal.handler';

@Module({})
export class PortalSyncModule {
  static forRoot(config: PortalSyncConfig, logger: HubLogger): DynamicModule {
    return {
      module: PortalSyncModule,
      imports: [
        ObservabilityModule.forRoot('portal-sync', logger),
        ApiDocsModule.forApp('portal-sync'),
        DurableWorkModule.forRoot({ url: config.DATABASE_URL, applicationName: 'portal-sync' }),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'portal-sync',
          poolSize: config.DB_POOL_SIZE,
        }),
        MessagingModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'hub-portal-sync',
          producer: false,
        }),
        NationalAdaptersModule.forPortal({
          url: config.PORTAL_URL,
          username: config.PORTAL_USERNAME,
          password: config.PORTAL_PASSWORD,
          agencyCode: config.PORTAL_AGENCY_CODE,
          timeoutMs: config.PORTAL_TIMEOUT_MS,
          maxSockets: config.SYNC_CONCURRENCY * 2,
          breaker: {
            resetTimeoutMs: config.BREAKER_RESET_MS,
            errorThresholdPercentage: config.BREAKER_ERROR_PERCENT,
            volumeThreshold: config.BREAKER_VOLUME,
          },
        }),
      ],
      controllers: [CaseEventsController],
      providers: [
        { provide: PORTAL_SYNC_CONFIG, useValue: config },
        {
          provide: PortalSyncJobRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new PortalSyncJobRepository(ds),
        },
        {
          provide: ReconciliationRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new ReconciliationRepository(ds),
        },
        {
          provide: CatalogRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new CatalogRepository(ds),
        },
        CatalogRefreshService,
        IngestCaseEventsHandler,
        SyncToPortalHandler,
        OutcomeWriter,
        SyncDispatcherService,
        JobBackfillService,
        ReconcilePortalHandler,
        ReconciliationService,
        BreakerReporterService,
      ],
    };
  }
}
