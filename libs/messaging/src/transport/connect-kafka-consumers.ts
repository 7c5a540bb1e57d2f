import type { INestApplication, INestMicroservice, Type } from '@nestjs/common';
import type { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import { env, variable } from '@hub/config';
import { HealthRegistry, HubLogger, MetricsRegistry, UnavailableErrors } from '@hub/observability';
import { DeadLetterTopicSink } from '../dead-letters/dead-letter-topic.publisher';
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
  /**
   * The app's error codes that mean "try again later" (besides the hub-wide allow-list: README,
   * "Workers"); every other failure of a record alone dead-letters it.
   */
  transientCodes?: readonly string[];
  /** @deprecated a record that fails alone, not transiently, is dead-lettered anyway. */
  deadLetterCodes?: readonly string[];
  /**
   * Provider that keeps dead-lettered records, besides the log and the metric. By default they
   * are published, personal identifiers masked, to hub.dead-letters.v1 with the group's name.
   */
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
  const connection = app.get(KafkaConnection);
  const sink: KafkaDeadLetterSink = options.deadLetterSink
    ? app.get(options.deadLetterSink)
    : new DeadLetterTopicSink(connection, options.consumer.groupId);
  const unavailable = optional(app, UnavailableErrors);
  const filter = new KafkaBatchExceptionFilter({
    transientCodes: options.transientCodes ?? [],
    // Postgres's code-less "connection terminated" and pool timeouts, as its module recognises them.
    isUnavailable: (e) => unavailable?.matches(e) ?? false,
  });
  const server = new HubKafkaServer({
    connection,
    logger: app.get(HubLogger),
    metrics: app.get(MetricsRegistry),
    consumer: options.consumer,
    deadLetter: (record, failure) => sink.deadLetter(record, failure),
    filter,
  });
  // The app's HTTP filters answer with problem documents; they mean nothing to a Kafka batch.
  // Handlers are built with the filters known at that time, hence the deferred initialisation;
  // the lifecycle hooks of the container it shares with the app run once, from the app.
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: server },
    { inheritAppConfig: false, deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(filter);
  microservice.setIsInitHookCalled(true);
  const { name, gatesReadiness } = options.health;
  app.get(HealthRegistry).register(name, () => {
    const { ok, detail } = server.health();
    return Promise.resolve(
      gatesReadiness
        ? { ok, detail }
        : { ok: true, detail: { ...detail, consuming: ok, degraded: !ok, gatesReadiness } },
    );
  });
  return microservice;
}

function optional<T>(app: INestApplication, token: Type<T>): T | undefined {
  try {
    return app.get(token, { strict: false });
  } catch {
    return undefined;
  }
}

/** The consumer timings every app's config names alike. */
export interface ConsumerTimingsConfig {
  KAFKA_SESSION_TIMEOUT_MS: number;
  KAFKA_HEARTBEAT_MS: number;
  KAFKA_MAX_WAIT_MS: number;
  KAFKA_PARTITION_STUCK_MS?: number;
}

/** Config variables of every consuming app's health; spread into (or loaded beside) its spec. */
export const consumerHealthSpec = {
  KAFKA_PARTITION_STUCK_MS: variable(
    env.int(60_000, 1000),
    'how long one partition may keep failing (transient faults, retried with backoff) before /health/ready reports its consumer degraded',
  ),
};

export function consumerTimings(
  config: ConsumerTimingsConfig,
): Pick<
  ConsumerOptions,
  'sessionTimeoutMs' | 'heartbeatIntervalMs' | 'maxWaitTimeMs' | 'stuckAfterMs'
> {
  return {
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: config.KAFKA_HEARTBEAT_MS,
    maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
    ...(config.KAFKA_PARTITION_STUCK_MS ? { stuckAfterMs: config.KAFKA_PARTITION_STUCK_MS } : {}),
  };
}
