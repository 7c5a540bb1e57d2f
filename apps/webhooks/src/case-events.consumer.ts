import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { topics } from '@hub/contracts';
import { type HubConsumer, KafkaConnection } from '@hub/messaging';
import { HealthRegistry, MetricsRegistry } from '@hub/observability';
import { WEBHOOKS_CONFIG, type WebhooksConfig } from './config';
import { FanOutEventsHandler } from './usecases/fan-out-events/fan-out-events.handler';

/** Consumer group on hub.case-events.v1; offsets are committed after the deliveries are stored. */
@Injectable()
export class CaseEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: HubConsumer;

  constructor(
    @Inject(KafkaConnection) kafka: KafkaConnection,
    @Inject(FanOutEventsHandler) fanOut: FanOutEventsHandler,
    @Inject(WEBHOOKS_CONFIG) config: WebhooksConfig,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
    @Inject(HealthRegistry) health: HealthRegistry,
  ) {
    this.consumer = kafka.consumer(
      {
        groupId: config.KAFKA_GROUP_ID,
        topics: [topics.caseEvents],
        fromBeginning: true,
        sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: config.KAFKA_HEARTBEAT_MS,
        maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
        handleBatch: async (records) => {
          await fanOut.execute(records);
        },
      },
      metrics,
    );
    health.register('kafka-consumer', () => Promise.resolve(this.consumer.health()));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
