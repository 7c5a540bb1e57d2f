import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthRegistry, HubLogger } from '@hub/observability';
import { KafkaConnection } from './kafka';

export interface MessagingOptions {
  brokers: string[];
  clientId: string;
  /** Connect a producer at start-up (apps that publish). */
  producer: boolean;
}

@Injectable()
class KafkaLifecycle implements OnApplicationShutdown {
  constructor(@Inject(KafkaConnection) private readonly kafka: KafkaConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.kafka.disconnect();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        {
          provide: KafkaConnection,
          inject: [HubLogger, HealthRegistry],
          useFactory: async (
            logger: HubLogger,
            health: HealthRegistry,
          ): Promise<KafkaConnection> => {
            const kafka = new KafkaConnection({
              brokers: options.brokers,
              clientId: options.clientId,
              logger,
            });
            if (options.producer) {
              await kafka.connectProducer();
              health.register('kafka-producer', () =>
                Promise.resolve({ ok: kafka.isProducerConnected() }),
              );
            }
            return kafka;
          },
        },
        KafkaLifecycle,
      ],
      exports: [KafkaConnection],
    };
  }
}
