import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyAuthModule } from '@hub/auth';
import { type HubLogger, ObservabilityModule } from '@hub/observability';
import { MessagingModule } from '@hub/messaging';
import { PersistenceModule } from '@hub/persistence';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { EventIntakeRepository } from './event-intake.repository';
import { EventsController } from './http/events.controller';
import { DeadLetterPublisher } from './inbound/dead-letter.publisher';
import { InboundConsumer } from './inbound/inbound.consumer';
import { INBOUND_KEY_RESOLVER, KeyringInboundKeyResolver } from './inbound/inbound-key-resolver';
import { AcceptEventsHandler } from './usecases/accept-events/accept-events.handler';
import { AcceptInboundRecordsHandler } from './usecases/accept-inbound-records/accept-inbound-records.handler';
import { GetCaseHandler } from './usecases/get-case/get-case.handler';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: HubLogger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot('gateway', logger),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'gateway',
          poolSize: config.DB_POOL_SIZE,
        }),
        ApiKeyAuthModule.forKeys(config.HUB_API_KEYS, 'HUB_API_KEYS'),
        // Kafka intake: the same command as POST /v1/events, over another transport.
        ...(config.INBOUND_ENABLED
          ? [
              MessagingModule.forRoot({
                brokers: config.KAFKA_BROKERS,
                clientId: 'hub-gateway',
                producer: false,
              }),
            ]
          : []),
      ],
      controllers: [EventsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        EventIntakeRepository,
        AcceptEventsHandler,
        GetCaseHandler,
        ...(config.INBOUND_ENABLED
          ? [
              { provide: INBOUND_KEY_RESOLVER, useClass: KeyringInboundKeyResolver },
              DeadLetterPublisher,
              AcceptInboundRecordsHandler,
              InboundConsumer,
            ]
          : []),
      ],
    };
  }
}
