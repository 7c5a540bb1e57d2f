import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyAuthModule } from '@hub/auth';
import { type HubLogger, ObservabilityModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { OPS_CONFIG, type OpsConfig } from './config';
import { ConsoleController } from './console.controller';
import { OpsController } from './ops.controller';
import { SyncGaugesService } from './sync-gauges.service';
import { SyncSamplerService } from './sync-sampler.service';
import { GetCaseTimelineHandler } from './usecases/get-case-timeline/get-case-timeline.handler';
import { GetNationalAdaptersHandler } from './usecases/get-national-adapters/get-national-adapters.handler';
import { GetProcedureBreakdownHandler } from './usecases/get-procedure-breakdown/get-procedure-breakdown.handler';
import { GetSyncHistoryHandler } from './usecases/get-sync-history/get-sync-history.handler';
import { GetSyncSummaryHandler } from './usecases/get-sync-summary/get-sync-summary.handler';
import { ReplayDeadLetterHandler } from './usecases/replay-dead-letter/replay-dead-letter.handler';
import { ReplayDeadLettersHandler } from './usecases/replay-dead-letters/replay-dead-letters.handler';

@Module({})
export class OpsModule {
  static forRoot(config: OpsConfig, logger: HubLogger): DynamicModule {
    return {
      module: OpsModule,
      imports: [
        ObservabilityModule.forRoot('ops', logger),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'ops',
          poolSize: 5,
        }),
        ApiKeyAuthModule.forKeys(config.HUB_OPS_KEYS, 'HUB_OPS_KEYS'),
      ],
      controllers: [OpsController, ConsoleController],
      providers: [
        { provide: OPS_CONFIG, useValue: config },
        GetSyncSummaryHandler,
        ReplayDeadLetterHandler,
        ReplayDeadLettersHandler,
        GetCaseTimelineHandler,
        GetNationalAdaptersHandler,
        GetSyncHistoryHandler,
        GetProcedureBreakdownHandler,
        SyncGaugesService,
        SyncSamplerService,
      ],
    };
  }
}
