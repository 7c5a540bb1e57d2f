import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { HubLogger, MetricsRegistry } from '@hub/observability';
import type { ConsumedRecord, ConsumerOptions, HubConsumer, KafkaConnection } from '../kafka';
import type { BatchFailure } from './batch-failure';
import { KafkaBatchContext } from './kafka-batch.context';
import { KafkaBatchExceptionFilter } from './kafka-batch-exception.filter';
import { backoffMs } from '@hub/retry';

/** Takes a record the transport dead-lettered; resolves once the record is safely kept. */
export type DeadLetterSink = (record: ConsumedRecord, failure: BatchFailure) => Promise<void>;

export interface HubKafkaServerOptions {
  connection: KafkaConnection;
  logger: HubLogger;
  metrics?: MetricsRegistry;
  /** The consumer group and its timings; the topics are the `@EventPattern`s registered. */
  consumer: Omit<ConsumerOptions, 'topics' | 'handleBatch'>;
  /** Where dead-lettered records go besides the log and the metric (a dead-letter topic). */
  deadLetter?: DeadLetterSink;
  /**
   * Classifies what a handler threw when no exception filter did (a handler served without the
   * transport's filter): the same rule, so an unexpected error never holds a partition.
   */
  filter?: KafkaBatchExceptionFilter;
}

/**
 * A NestJS microservices transport over the hub's Kafka consumer. What Nest's stock Kafka
 * transport does not give and the hub needs:
 * - one `@EventPattern(topic)` handler call per partition batch (records in offset order), not
 *   one call per message;
 * - the offset is committed only after the handler resolved, i.e. stored its work;
 * - a transient infrastructure fault retries the same batch with backoff (`HubConsumer`); any
 *   other failure means a record cannot be handled: the records are handled one at a time, one
 *   that still fails (not transiently) is dead-lettered, and the rest of the partition flows;
 * - a rebalance hands partitions over without crashing, and `close` leaves the group cleanly.
 *
 * The consumer starts in the background and keeps retrying while the broker is unreachable, so
 * an app's HTTP side never waits on Kafka; its state is reported through `health()`.
 */
export class HubKafkaServer extends Server implements CustomTransportStrategy {
  private consumer?: HubConsumer;
  private starting?: Promise<void>;
  private stopping = false;
  private readonly deadLettered;
  private readonly filter: KafkaBatchExceptionFilter;

  constructor(private readonly options: HubKafkaServerOptions) {
    super();
    this.filter = options.filter ?? new KafkaBatchExceptionFilter();
    this.deadLettered = options.metrics?.counter(
      'hub_consumer_dead_letters_total',
      'Records a consumer set aside because they fail the same way on every try',
      ['group', 'topic', 'code'] as const,
    );
  }

  listen(callback: (error?: unknown) => void): void {
    const topics: string[] = [];
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) {
        callback(new Error(`@MessagePattern(${pattern}) is not served: hub Kafka has events only`));
        return;
      }
      topics.push(pattern);
    }
    if (topics.length === 0) {
      callback();
      return;
    }
    this.consumer = this.options.connection.consumer(
      { ...this.options.consumer, topics, handleBatch: (records) => this.handleBatch(records) },
      this.options.metrics,
    );
    this.starting = this.startWithRetry(this.consumer);
    callback();
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.starting;
    await this.consumer?.stop();
  }

  /** Joined and progressing; `ok` is false before the first join and while stalled. */
  health(): { ok: boolean; detail: Record<string, unknown> } {
    if (!this.consumer) return { ok: false, detail: { joined: false, started: false } };
    return this.consumer.health();
  }

  on(): never {
    throw new Error('HubKafkaServer has no events to listen to');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('HubKafkaServer is not listening');
    return this.consumer as T;
  }

  private async startWithRetry(consumer: HubConsumer): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      const delay = backoffMs(attempt, { baseMs: 1000, maxMs: 30_000 });
      try {
        await consumer.start();
        return;
      } catch (e) {
        this.options.logger.event('warn', 'kafka consumer could not start; retrying', {
          groupId: this.options.consumer.groupId,
          error: e instanceof Error ? e.message : String(e),
          retryInMs: delay,
        });
        await new Promise((r) => setTimeout(r, delay).unref());
      }
    }
  }

  /** One partition's batch: throws to have the same batch retried. */
  private async handleBatch(records: ConsumedRecord[]): Promise<void> {
    const { topic, partition } = records[0];
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`no @EventPattern handler for ${topic}`);
    const context = new KafkaBatchContext([topic, partition, this.options.consumer.groupId]);
    const failure = await this.invoke(handler, records, context);
    if (!failure) return;
    if (failure.disposition === 'retry') throw failure;
    // The failure belongs to a record: find it, one record at a time. Records handled before it
    // are handled again, which is harmless: every handler's effect is idempotent by event id.
    for (const record of records) {
      const alone = records.length === 1 ? failure : await this.invoke(handler, [record], context);
      if (!alone) continue;
      if (alone.disposition === 'retry') throw alone;
      await this.deadLetter(record, alone);
    }
  }

  private async invoke(
    handler: MessageHandler,
    records: ConsumedRecord[],
    context: KafkaBatchContext,
  ): Promise<BatchFailure | undefined> {
    try {
      const result: unknown = await handler(records, context);
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      return undefined;
    } catch (e) {
      // Through the transport's filter a BatchFailure arrives; without it (a handler tested
      // alone), the same rule classifies the raw error.
      return this.filter.failureOf(e);
    }
  }

  private async deadLetter(record: ConsumedRecord, failure: BatchFailure): Promise<void> {
    await this.options.deadLetter?.(record, failure);
    const group = this.options.consumer.groupId;
    this.deadLettered?.inc({ group, topic: record.topic, code: failure.code });
    // Ids and position only: the record's value may carry personal data.
    this.options.logger.event('error', 'record dead-lettered: it fails the same way every time', {
      groupId: group,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      eventId: record.headers['ce_id'],
      caseCode: record.headers['ce_subject'] ?? record.key ?? undefined,
      code: failure.code,
    });
  }
}
