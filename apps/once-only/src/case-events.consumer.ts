import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { topics } from '@hub/contracts';
import { type HubConsumer, KafkaConnection } from '@hub/messaging';
import { HealthRegistry, MetricsRegistry } from '@hub/observability';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from './config';
import { IngestCaseEventsHandler } from './usecases/ingest-case-events/ingest-case-events.handler';

/** Its own consumer group: enrichment never slows the portal sync group, and vice versa. */
@Injectable()
export class CaseEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: HubConsumer;

  constructor(
    @Inject(KafkaConnection) kafka: KafkaConnection,
    @Inject(IngestCaseEventsHandler) ingest: IngestCaseEventsHandler,
    @Inject(ONCE_ONLY_CONFIG) config: OnceOnlyConfig,
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
        handleBatch: (records) => ingest.execute(records),
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
