import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { topics } from '@hub/contracts';
import { type HubConsumer, KafkaConnection } from '@hub/messaging';
import { HealthRegistry, MetricsRegistry } from '@hub/observability';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { AcceptInboundRecordsHandler } from '../usecases/accept-inbound-records/accept-inbound-records.handler';

/**
 * Consumer group on city.case-events.inbound.v1. The offset of a batch is committed only after
 * every record of it is either stored (Postgres) or dead-lettered (acknowledged by Kafka).
 */
@Injectable()
export class InboundConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: HubConsumer;

  constructor(
    @Inject(KafkaConnection) kafka: KafkaConnection,
    @Inject(AcceptInboundRecordsHandler) handler: AcceptInboundRecordsHandler,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
    @Inject(HealthRegistry) health: HealthRegistry,
  ) {
    this.consumer = kafka.consumer(
      {
        groupId: config.INBOUND_GROUP_ID,
        topics: [topics.inbound],
        fromBeginning: true,
        sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: config.KAFKA_HEARTBEAT_MS,
        maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
        handleBatch: async (records) => {
          await handler.execute(records);
        },
      },
      metrics,
    );
    health.register('inbound-consumer', () => Promise.resolve(this.consumer.health()));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
