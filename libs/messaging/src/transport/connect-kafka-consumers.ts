import type { INestApplication, INestMicroservice, Type } from '@nestjs/common';
import type { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import { HealthRegistry, HubLogger, MetricsRegistry } from '@hub/observability';
import { type ConsumerOptions, KafkaConnection } from '../kafka';
import type { BatchFailure } from './batch-failure';
import { HubKafkaServer } from './hub-kafka.server';
import { KafkaBatchExceptionFilter } from './kafka-batch-exception.filter';
import type { ConsumedRecord } from '../kafka';

/** An injectable that keeps dead-lettered records (publishes them to a dead-letter topic). */
export interface KafkaDeadLetterSink {
  deadLetter(record: ConsumedRecord, failure: BatchFailure): Promise<void>;
}

export interface KafkaConsumersOptions {
  /** The consumer group and its timings; the topics are the app's `@EventPattern`s. */
  consumer: Omit<ConsumerOptions, 'topics' | 'handleBatch'>;
  /** How the consumer shows in /health/ready. */
  health: {
    name: string;
    /** false: reported, but the app is ready without it (HTTP intake must not wait on Kafka). */
    gatesReadiness: boolean;
  };
  /** The app's error codes that belong to a record rather than to the moment. */
  deadLetterCodes?: readonly string[];
  /** Provider that keeps dead-lettered records, besides the log and the metric. */
  deadLetterSink?: Type<KafkaDeadLetterSink>;
}

/**
 * Serves the app's `@EventPattern` controllers from Kafka: one consumer group on the hub's
 * transport, with its exception filter. Call before `listen`; `startAllMicroservices` starts it.
 */
export function connectKafkaConsumers(
  app: INestApplication,
  options: KafkaConsumersOptions,
): INestMicroservice {
  const sink = options.deadLetterSink ? app.get(options.deadLetterSink) : undefined;
  const server = new HubKafkaServer({
    connection: app.get(KafkaConnection),
    logger: app.get(HubLogger),
    metrics: app.get(MetricsRegistry),
    consumer: options.consumer,
    ...(sink ? { deadLetter: (record, failure) => sink.deadLetter(record, failure) } : {}),
  });
  // The app's HTTP filters answer with problem documents; they mean nothing to a Kafka batch.
  // Handlers are built with the filters known at that time, hence the deferred initialisation;
  // the lifecycle hooks of the container it shares with the app run once, from the app.
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: server },
    { inheritAppConfig: false, deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new KafkaBatchExceptionFilter(options.deadLetterCodes));
  microservice.setIsInitHookCalled(true);
  const { name, gatesReadiness } = options.health;
  app.get(HealthRegistry).register(name, () => {
    const { ok, detail } = server.health();
    return Promise.resolve(
      gatesReadiness
        ? { ok, detail }
        : { ok: true, detail: { ...detail, consuming: ok, gatesReadiness } },
    );
  });
  return microservice;
}

/** The consumer timings every app's config names alike. */
export interface ConsumerTimingsConfig {
  KAFKA_SESSION_TIMEOUT_MS: number;
  KAFKA_HEARTBEAT_MS: number;
  KAFKA_MAX_WAIT_MS: number;
}

export function consumerTimings(
  config: ConsumerTimingsConfig,
): Pick<ConsumerOptions, 'sessionTimeoutMs' | 'heartbeatIntervalMs' | 'maxWaitTimeMs'> {
  return {
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: config.KAFKA_HEARTBEAT_MS,
    maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
  };
}
