import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiKeyGuard, ApiKeyring } from '@hub/auth';
import {
  HttpMetricsMiddleware,
  HubLogger,
  ObservabilityModule,
  ProblemFilter,
} from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { OPS_CONFIG, type OpsConfig } from './config';
import { OpsController } from './ops.controller';
import { SyncGaugesService } from './sync-gauges.service';
import { GetSyncSummaryHandler } from './usecases/get-sync-summary/get-sync-summary.handler';
import { ReplayDeadLetterHandler } from './usecases/replay-dead-letter/replay-dead-letter.handler';

@Module({})
export class OpsModule implements NestModule {
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
      ],
      controllers: [OpsController],
      providers: [
        { provide: OPS_CONFIG, useValue: config },
        { provide: ApiKeyring, useValue: ApiKeyring.parse(config.HUB_OPS_KEYS, 'HUB_OPS_KEYS') },
        {
          provide: APP_FILTER,
          useFactory: (l: HubLogger) => new ProblemFilter(l),
          inject: [HubLogger],
        },
        ApiKeyGuard,
        GetSyncSummaryHandler,
        ReplayDeadLetterHandler,
        SyncGaugesService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
