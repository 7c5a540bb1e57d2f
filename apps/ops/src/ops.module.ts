import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyAuthModule } from '@hub/auth';
import { ApiDocsModule, type HubLogger, ObservabilityModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { MessagingModule } from '@hub/messaging';
import {
  DeadLettersTopicController,
  LogOnlyDeadLetterSink,
} from './intake-dead-letters/dead-letters-topic.controller';
import { GetIndicatorTrendHandler } from './usecases/get-indicator-trend/get-indicator-trend.handler';
import { IntakeDeadLetterRepository } from './intake-dead-letters/intake-dead-letter.repository';
import { IntakeDeadLettersController } from './intake-dead-letters/intake-dead-letters.controller';
import { ProcedureCatalogReader, SyncStatusReader, WebhookHealthReader } from '@hub/read-models';
import { ReuseKpiRepository } from '@hub/registry-profiles';
import { DataSource } from 'typeorm';
import { OPS_CONFIG, type OpsConfig } from './config';
import { IndicatorFactsRepository } from './indicators/indicator-facts.repository';
import { loadIndicatorTargets } from './indicators/indicator-targets';
import { IndicatorsController } from './indicators.controller';
import { ConsoleController } from './console.controller';
import { OpsController } from './ops.controller';
import { ProceduresController } from './procedures.controller';
import { ReconciliationsController } from './reconciliations.controller';
import { SeriesController } from './series.controller';
import { OpsSeriesRepository } from './series/ops-series.repository';
import { GetNationalHistoryHandler } from './usecases/get-national-history/get-national-history.handler';
import { GetSyncSeriesHandler } from './usecases/get-sync-series/get-sync-series.handler';
import { GetSyncTrendHandler } from './usecases/get-sync-trend/get-sync-trend.handler';
import { GetWebhookHealthHandler } from './usecases/get-webhook-health/get-webhook-health.handler';
import { SyncGaugesService } from './sync-gauges.service';
import { GetReuseKpisHandler } from './usecases/get-reuse-kpis/get-reuse-kpis.handler';
import { SyncSamplerService } from './sync-sampler.service';
import { GetCaseTimelineHandler } from './usecases/get-case-timeline/get-case-timeline.handler';
import { GetDeadLettersHandler } from './usecases/get-dead-letters/get-dead-letters.handler';
import { GetNationalAdaptersHandler } from './usecases/get-national-adapters/get-national-adapters.handler';
import { GetProcedureBreakdownHandler } from './usecases/get-procedure-breakdown/get-procedure-breakdown.handler';
import { GetSyncHistoryHandler } from './usecases/get-sync-history/get-sync-history.handler';
import { GetSyncSummaryHandler } from './usecases/get-sync-summary/get-sync-summary.handler';
import {
  GetIndicatorsHandler,
  INDICATOR_TARGETS,
} from './usecases/get-indicators/get-indicators.handler';
import { ReplayDeadLetterHandler } from './usecases/replay-dead-letter/replay-dead-letter.handler';
import { RequestReconciliationHandler } from './usecases/request-reconciliation/request-reconciliation.handler';
import { ReplayDeadLettersHandler } from './usecases/replay-dead-letters/replay-dead-letters.handler';
import { OpsInsightsRepository } from './insights/ops-insights.repository';
import { IndicatorReportRepository } from './reports/indicator-report.repository';
import { IndicatorReportService, OPS_CLOCK } from './reports/indicator-report.service';
import { IndicatorReportsController } from './reports/indicator-reports.controller';

@Module({})
export class OpsModule {
  static forRoot(config: OpsConfig, logger: HubLogger): DynamicModule {
    // Read and validated before anything starts: a bad targets file stops the app with its reasons.
    const targets = loadIndicatorTargets(config.OPS_INDICATOR_TARGETS_FILE);
    return {
      module: OpsModule,
      imports: [
        ObservabilityModule.forRoot('ops', logger),
        ApiDocsModule.forApp('ops'),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'ops',
          poolSize: 5,
        }),
        ApiKeyAuthModule.forKeys(config.HUB_OPS_KEYS, 'HUB_OPS_KEYS'),
        ...(config.OPS_DEAD_LETTERS_ENABLED
          ? [
              MessagingModule.forRoot({
                brokers: config.KAFKA_BROKERS,
                clientId: 'hub-ops',
                producer: false,
              }),
            ]
          : []),
      ],
      controllers: [
        OpsController,
        IndicatorsController,
        IndicatorReportsController,
        ReconciliationsController,
        ProceduresController,
        SeriesController,
        IntakeDeadLettersController,
        ...(config.OPS_DEAD_LETTERS_ENABLED ? [DeadLettersTopicController] : []),
        ConsoleController,
      ],
      providers: [
        { provide: OPS_CONFIG, useValue: config },
        IntakeDeadLetterRepository,
        ...(config.OPS_DEAD_LETTERS_ENABLED ? [LogOnlyDeadLetterSink] : []),
        OpsInsightsRepository,
        GetSyncSummaryHandler,
        ReplayDeadLetterHandler,
        ReplayDeadLettersHandler,
        GetCaseTimelineHandler,
        GetDeadLettersHandler,
        GetNationalAdaptersHandler,
        GetSyncHistoryHandler,
        GetProcedureBreakdownHandler,
        SyncGaugesService,
        GetReuseKpisHandler,
        {
          provide: SyncStatusReader,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new SyncStatusReader(ds),
        },
        {
          provide: ProcedureCatalogReader,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new ProcedureCatalogReader(ds),
        },
        {
          provide: ReuseKpiRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new ReuseKpiRepository(ds),
        },
        { provide: INDICATOR_TARGETS, useValue: targets },
        IndicatorFactsRepository,
        GetIndicatorsHandler,
        GetIndicatorTrendHandler,
        { provide: OPS_CLOCK, useValue: () => new Date() },
        IndicatorReportRepository,
        IndicatorReportService,
        RequestReconciliationHandler,
        SyncSamplerService,
        OpsSeriesRepository,
        GetSyncSeriesHandler,
        GetSyncTrendHandler,
        GetNationalHistoryHandler,
        GetWebhookHealthHandler,
        {
          provide: WebhookHealthReader,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new WebhookHealthReader(ds),
        },
      ],
    };
  }
}
