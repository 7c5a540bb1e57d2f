import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyAuthModule } from '@hub/auth';
import { ApiDocsModule, type HubLogger, ObservabilityModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { EventIntakeRepository } from './event-intake.repository';
import { EventsController } from './http/events.controller';
import { AcceptEventsHandler } from './usecases/accept-events/accept-events.handler';
import { GetCaseHandler } from './usecases/get-case/get-case.handler';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: HubLogger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot('gateway', logger),
        ApiDocsModule.forApp('gateway'),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'gateway',
          poolSize: config.DB_POOL_SIZE,
        }),
        ApiKeyAuthModule.forKeys(config.HUB_API_KEYS, 'HUB_API_KEYS'),
      ],
      controllers: [EventsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        EventIntakeRepository,
        AcceptEventsHandler,
        GetCaseHandler,
      ],
    };
  }
}
