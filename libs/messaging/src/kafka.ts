import {
  type Consumer,
  type EachBatchPayload,
  Kafka,
  type KafkaMessage,
  logLevel,
  type LogEntry,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { HubLogger, MetricsRegistry } from '@hub/observability';
import type { KafkaRecord } from './cloudevents-binary';
import { backoffMs } from '@hub/retry';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  logger: HubLogger;
}

export interface OutgoingRecord extends KafkaRecord {
  topic: string;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
  timestamp: string;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Start from the first offset when the group has no committed offset (replayable topics). */
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxWaitTimeMs?: number;
  /**
   * How long one partition may keep failing (its batch retried) before `health()` reports the
   * consumer not ok (`/health/ready` degraded). Default 60 s.
   */
  stuckAfterMs?: number;
  /**
   * Handles one partition's batch, in offset order. It must make its effect durable before it
   * resolves: the offset is committed right after. If it throws, the same batch is retried with
   * backoff (nothing is skipped, the partition waits); poison handling is the handler's job.
   */
  handleBatch: (records: ConsumedRecord[]) => Promise<void>;
}

function kafkaLogCreator(logger: HubLogger) {
  return () =>
    ({ level, log }: LogEntry): void => {
      const { message, ...extra } = log;
      const context = { component: 'kafkajs', ...extra };
      if (level === logLevel.ERROR) logger.event('error', message, context);
      else if (level === logLevel.WARN) logger.event('warn', message, context);
    };
}

/** The one place that talks to Kafka. Everything else sees records and handlers. */
export class KafkaConnection {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private producerConnected = false;
  private readonly consumers: HubConsumer[] = [];

  constructor(private readonly options: KafkaConnectionOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(options.logger),
      retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
      connectionTimeout: 3000,
    });
  }

  async connectProducer(): Promise<void> {
    if (this.producer) return;
    const producer = this.kafka.producer({
      allowAutoTopicCreation: true,
      // Java-compatible murmur2 partitioning: other clients put a case code on the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    producer.on(producer.events.CONNECT, () => (this.producerConnected = true));
    producer.on(producer.events.DISCONNECT, () => (this.producerConnected = false));
    await producer.connect();
    this.producer = producer;
    this.producerConnected = true;
  }

  /** Sends and waits for all in-sync replicas to acknowledge (acks = -1). */
  async send(records: OutgoingRecord[]): Promise<void> {
    if (!this.producer) throw new Error('producer not connected');
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push(r);
      byTopic.set(r.topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, list]) => ({
        topic,
        messages: list.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
      })),
    });
  }

  consumer(options: ConsumerOptions, metrics?: MetricsRegistry): HubConsumer {
    const consumer = new HubConsumer(this.kafka, options, this.options.logger, metrics);
    this.consumers.push(consumer);
    return consumer;
  }

  isProducerConnected(): boolean {
    return this.producerConnected;
  }

  async disconnect(): Promise<void> {
    for (const c of this.consumers) await c.stop();
    if (this.producer) await this.producer.disconnect();
    this.producer = undefined;
  }
}

/** Partitions a consumer handles at once (its other partitions' batches wait their turn). */
const PARTITIONS_CONCURRENTLY = 4;

export class HubConsumer {
  private readonly consumer: Consumer;
  private joined = false;
  private stopping = false;
  private lastProgressAt = Date.now();
  private readonly lag = new Map<string, number>();
  /** Partitions whose current batch keeps failing: since when, and the last failure's code. */
  private readonly failing = new Map<string, { since: number; code: string }>();
  private readonly lagGauge;
  private readonly processed;

  constructor(
    kafka: Kafka,
    private readonly options: ConsumerOptions,
    private readonly logger: HubLogger,
    metrics?: MetricsRegistry,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 500,
      allowAutoTopicCreation: true,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.lastProgressAt = Date.now();
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.joined = false;
      this.logger.event('error', 'kafka consumer crashed', {
        groupId: options.groupId,
        error: e.payload.error.message,
        restarting: e.payload.restart,
      });
      // kafkajs restarts itself after retriable errors only; a consumer that stays down would
      // hold its partitions' work until an operator noticed. Start it again, with backoff.
      if (!e.payload.restart) this.restartAfterCrash();
    });
    this.consumer.on(this.consumer.events.STOP, () => (this.joined = false));
    this.lagGauge = metrics?.gauge('hub_consumer_lag', 'Records not yet processed, per partition', [
      'group',
      'topic',
      'partition',
    ] as const);
    this.processed = metrics?.counter('hub_consumer_records_total', 'Records processed', [
      'group',
      'topic',
    ] as const);
  }

  private restartAfterCrash(attempt = 1): void {
    if (this.stopping) return;
    const delay = backoffMs(attempt, { baseMs: 1000, maxMs: 30_000 });
    setTimeout(() => {
      if (this.stopping) return;
      this.start().catch((e: unknown) => {
        this.logger.event('error', 'kafka consumer restart failed; will retry', {
          groupId: this.options.groupId,
          attempt,
          error: e instanceof Error ? e.message : String(e),
        });
        this.restartAfterCrash(attempt + 1);
      });
    }, delay).unref();
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    for (const topic of this.options.topics) {
      await this.consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    }
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Each partition's batches are still handled one after another, in offset order (which is
      // per-case order); the other partitions need not wait for that handler's round trips.
      partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    if (batch.messages.length === 0) return;
    const records = batch.messages.map((m) => toConsumed(batch.topic, batch.partition, m));
    const partitionKey = `${batch.topic}:${batch.partition}`;
    const gaugeLabels = {
      group: this.options.groupId,
      topic: batch.topic,
      partition: String(batch.partition),
    };
    // Everything from this batch's first record on waits until it is handled: a partition stuck
    // on it shows its real lag, not the 0 of its last commit.
    const waiting = Math.max(
      0,
      Number(BigInt(batch.highWatermark) - BigInt(batch.firstOffset() ?? '0')),
    );
    this.lag.set(partitionKey, waiting);
    this.lagGauge?.set(gaugeLabels, waiting);
    for (let failures = 0; ;) {
      if (!payload.isRunning() || payload.isStale() || this.stopping) {
        // Handed over (or stopping): whoever owns the partition next reports on it.
        this.failing.delete(partitionKey);
        return;
      }
      try {
        await this.options.handleBatch(records);
        break;
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        this.failing.set(partitionKey, {
          since: this.failing.get(partitionKey)?.since ?? Date.now(),
          code: typeof code === 'string' ? code : 'UNKNOWN',
        });
        this.logger.event('warn', 'batch handling failed; retrying the same batch', {
          groupId: this.options.groupId,
          topic: batch.topic,
          partition: batch.partition,
          firstOffset: batch.firstOffset(),
          error: e instanceof Error ? e.message : String(e),
        });
        failures += 1;
        await this.waitBeforeRetry(backoffMs(failures, { baseMs: 200, maxMs: 5000 }), payload);
      }
    }
    const last = batch.lastOffset();
    payload.resolveOffset(last);
    try {
      await this.consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      await heartbeat();
    } catch (e) {
      if (!isRebalance(e)) throw e;
      // The partition is being handed over (a member joined or died). Thrown out of eachBatch,
      // this error crashed the consumer for good (kafkajs deems it non-retriable); returned, it
      // lets kafkajs rejoin. The batch's effects are stored and idempotent, so whoever owns the
      // partition next may handle it again harmlessly.
      this.logger.event('warn', 'offset commit refused: group rebalancing; rejoining', {
        groupId: this.options.groupId,
        topic: batch.topic,
        partition: batch.partition,
      });
      return;
    }
    this.lastProgressAt = Date.now();
    this.failing.delete(partitionKey);
    const lag = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last) - 1n));
    this.lag.set(partitionKey, lag);
    this.lagGauge?.set(gaugeLabels, lag);
    this.processed?.inc({ group: this.options.groupId, topic: batch.topic }, records.length);
  }

  /**
   * Sleeps out a retry delay in heartbeat-sized steps: a delay longer than the session timeout
   * would otherwise get the member evicted, its commit refused and the batch handled again.
   */
  private async waitBeforeRetry(ms: number, payload: EachBatchPayload): Promise<void> {
    const until = Date.now() + ms;
    const step = this.options.heartbeatIntervalMs ?? 3000;
    for (;;) {
      if (!payload.isRunning() || payload.isStale() || this.stopping) return;
      const left = until - Date.now();
      if (left <= 0) return;
      await sleep(Math.min(step, left));
      await payload.heartbeat().catch(() => undefined);
    }
  }

  /**
   * Healthy when the group is joined, no partition has kept failing for `stuckAfterMs`, and either
   * nothing is waiting or progress was made lately. A consumer that has lag but commits nothing
   * for `stallMs` is reported as not progressing.
   */
  health(stallMs = 60_000): { ok: boolean; detail: Record<string, unknown> } {
    const now = Date.now();
    const lag = [...this.lag.values()].reduce((a, b) => a + b, 0);
    const sinceProgress = now - this.lastProgressAt;
    const stuckAfterMs = this.options.stuckAfterMs ?? 60_000;
    const stuck = [...this.failing.entries()]
      .filter(([, f]) => now - f.since >= stuckAfterMs)
      .map(([partition, f]) => ({
        partition,
        code: f.code,
        failingForSeconds: Math.round((now - f.since) / 1000),
      }));
    const ok = this.joined && stuck.length === 0 && (lag === 0 || sinceProgress < stallMs);
    return {
      ok,
      detail: {
        joined: this.joined,
        lag,
        secondsSinceProgress: Math.round(sinceProgress / 1000),
        ...(stuck.length > 0 ? { stuckPartitions: stuck } : {}),
      },
    };
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.consumer.disconnect();
  }
}

function toConsumed(topic: string, partition: number, m: KafkaMessage): ConsumedRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    if (v === undefined) continue;
    headers[k] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
  }
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key ? m.key.toString() : null,
    headers,
    value: m.value ? m.value.toString() : null,
    timestamp: m.timestamp,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Errors that mean "this member's view of the group is stale": rejoin, do not crash. */
const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
]);

function isRebalance(error: unknown): boolean {
  // kafkajs wraps protocol errors (KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded).
  for (
    let e: unknown = error, depth = 0;
    e !== null && typeof e === 'object' && depth < 5;
    depth++
  ) {
    if (REBALANCE_ERRORS.has(String((e as { type?: unknown }).type))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
