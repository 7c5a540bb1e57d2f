import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { topics } from '@hub/contracts';
import { type HubConsumer, KafkaConnection } from '@hub/messaging';
import { HealthRegistry, HubLogger, MetricsRegistry } from '@hub/observability';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { AcceptInboundRecordsHandler } from '../usecases/accept-inbound-records/accept-inbound-records.handler';

/**
 * Consumer group on city.case-events.inbound.v1. The offset of a batch is committed only after
 * every record of it is either stored (Postgres) or dead-lettered (acknowledged by Kafka).
 *
 * HTTP intake must not depend on Kafka: the consumer starts in the background (retrying while
 * the broker is unreachable) and its state is reported in /health/ready without gating it.
 * A stalled intake shows as consumer lag (hub_consumer_lag, HubConsumerNotProgressing).
 */
@Injectable()
export class InboundConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: HubConsumer;
  private stopping = false;
  private starting?: Promise<void>;

  constructor(
    @Inject(KafkaConnection) kafka: KafkaConnection,
    @Inject(AcceptInboundRecordsHandler) handler: AcceptInboundRecordsHandler,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
    @Inject(HealthRegistry) health: HealthRegistry,
    @Inject(HubLogger) private readonly logger: HubLogger,
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
    health.register('inbound-consumer', () => {
      const { ok, detail } = this.consumer.health();
      return Promise.resolve({
        ok: true,
        detail: { ...detail, consuming: ok, gatesReadiness: false },
      });
    });
  }

  onApplicationBootstrap(): void {
    this.starting = this.startWithRetry();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.starting;
    await this.consumer.stop();
  }

  private async startWithRetry(): Promise<void> {
    let delay = 1000;
    while (!this.stopping) {
      try {
        await this.consumer.start();
        return;
      } catch (e) {
        this.logger.event('warn', 'inbound consumer could not start; retrying', {
          error: e instanceof Error ? e.message : String(e),
          retryInMs: delay,
        });
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }
}
