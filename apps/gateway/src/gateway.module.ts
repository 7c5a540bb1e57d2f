import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiKeyGuard, ApiKeyring } from '@hub/auth';
import {
  HttpMetricsMiddleware,
  HubLogger,
  ObservabilityModule,
  ProblemFilter,
} from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { EventIntakeRepository } from './event-intake.repository';
import { EventsController } from './http/events.controller';
import { AcceptEventsHandler } from './usecases/accept-events/accept-events.handler';
import { GetCaseHandler } from './usecases/get-case/get-case.handler';

@Module({})
export class GatewayModule implements NestModule {
  static forRoot(config: GatewayConfig, logger: HubLogger) {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot('gateway', logger),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'gateway',
          poolSize: config.DB_POOL_SIZE,
        }),
      ],
      controllers: [EventsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: ApiKeyring, useValue: ApiKeyring.parse(config.HUB_API_KEYS, 'HUB_API_KEYS') },
        {
          provide: APP_FILTER,
          useFactory: (l: HubLogger) => new ProblemFilter(l),
          inject: [HubLogger],
        },
        ApiKeyGuard,
        EventIntakeRepository,
        AcceptEventsHandler,
        GetCaseHandler,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
