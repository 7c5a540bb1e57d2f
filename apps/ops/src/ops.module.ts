import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyAuthModule } from '@hub/auth';
import { ApiDocsModule, type HubLogger, ObservabilityModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { OPS_CONFIG, type OpsConfig } from './config';
import { OpsController } from './ops.controller';
import { SyncGaugesService } from './sync-gauges.service';
import { GetSyncSummaryHandler } from './usecases/get-sync-summary/get-sync-summary.handler';
import { ReplayDeadLetterHandler } from './usecases/replay-dead-letter/replay-dead-letter.handler';

@Module({})
export class OpsModule {
  static forRoot(config: OpsConfig, logger: HubLogger): DynamicModule {
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
      ],
      controllers: [OpsController],
      providers: [
        { provide: OPS_CONFIG, useValue: config },
        GetSyncSummaryHandler,
        ReplayDeadLetterHandler,
        SyncGaugesService,
      ],
    };
  }
}
