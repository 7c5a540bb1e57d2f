import { type DynamicModule, Module } from '@nestjs/common';
import { DurableWorkModule } from '@hub/durable-work';
import { MessagingModule } from '@hub/messaging';
import { ApiDocsModule, type HubLogger, ObservabilityModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { RELAY_CONFIG, type RelayConfig } from './config';
import { OutboxRelayService } from './outbox-relay.service';

@Module({})
export class RelayModule {
  static forRoot(config: RelayConfig, logger: HubLogger): DynamicModule {
    return {
      module: RelayModule,
      imports: [
        ObservabilityModule.forRoot('relay', logger),
        ApiDocsModule.forApp('relay'),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'relay',
          poolSize: config.RELAY_CONCURRENCY + 2,
        }),
        DurableWorkModule.forRoot({ url: config.DATABASE_URL, applicationName: 'relay' }),
        MessagingModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'hub-relay',
          producer: true,
        }),
      ],
      providers: [{ provide: RELAY_CONFIG, useValue: config }, OutboxRelayService],
    };
  }
}
