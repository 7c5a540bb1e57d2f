import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  startKafka,
  startPostgres,
  type KafkaHandle,
  type PostgresHandle,
  waitFor,
} from '@hub/testing';
import { WorkSignal } from '@hub/durable-work';
import {
  type ConsumedRecord,
  KafkaConnection,
  fromBinaryRecord,
  toBinaryRecord,
} from '@hub/messaging';
import { HealthRegistry, HubLogger, MetricsRegistry } from '@hub/observability';
import {
  OutboxRelayRepository,
  createDataSource,
  enqueueOutbox,
  queryRows,
  runMigrations,
  type OutboxMessage,
} from '@hub/persistence';
import type { RelayConfig } from './config';
import { OutboxRelayService } from './outbox-relay.service';

/*
 * Two relay replicas against one Postgres and one Kafka-protocol broker, built the way Nest builds
 * them (constructor dependencies, then the lifecycle hooks), without the HTTP app around them.
 * The promise under test: every outbox row reaches Kafka at least once, and a case's messages
 * reach its partition in the order they were committed.
 */

jest.setTimeout(30_000);

const logger = HubLogger.for('test', 'warn');
const CASES = 50;
const PER_CASE = 40;
const TOTAL = CASES * PER_CASE;

let pg: PostgresHandle;
let kafka: KafkaHandle;
let writer: DataSource;

beforeAll(async () => {
  [pg, kafka] = await Promise.all([startPostgres({ freshDatabase: true }), startKafka()]);
  await runMigrations(pg.url);
  writer = createDataSource({ url: pg.url, applicationName: 'relay-spec-writer', poolSize: 2 });
  await writer.initialize();
}, 25_000);

afterAll(async () => {
  if (writer?.isInitialized) await writer.destroy();
  await Promise.all([pg?.stop(), kafka?.stop()]);
});

beforeEach(async () => {
  await writer.query('DELETE FROM outbox');
});

const unique = (name: string): string => `${name}-${randomBytes(4).toString('hex')}`;
const caseCodeOf = (n: number): string => `H01.${String(n).padStart(3, '0')}.000.2025`;

/** The outbox message the gateway would write for a case's `sequence`-th status change. */
function statusChanged(topic: string, caseCode: string, sequence: number): OutboxMessage {
  const record = toBinaryRecord(
    {
      specversion: '1.0',
      id: `${caseCode}#${sequence}`,
      source: '/hub/gateway',
      type: 'vn.gov.hanoi.case.status-changed',
      subject: caseCode,
      sequence,
      data: { caseCode, sequence },
    },
    caseCode,
  );
  return { topic, ...record };
}

/**
 * Writes sequences `from..to` of every case, `perTransaction` sequences per case per transaction,
 * one transaction after another (as the gateway commits a case's events in order).
 */
async function enqueueCaseEvents(topic: string, from: number, to: number, perTransaction = 2) {
  for (let start = from; start <= to; start += perTransaction) {
    const messages: OutboxMessage[] = [];
    for (let c = 0; c < CASES; c++) {
      for (let s = start; s < start + perTransaction && s <= to; s++) {
        messages.push(statusChanged(topic, caseCodeOf(c), s));
      }
    }
    await writer.transaction((tx) => enqueueOutbox(tx, messages));
  }
}

async function outboxCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(writer, 'SELECT count(*)::int AS n FROM outbox');
  return row?.n ?? 0;
}

interface Replica {
  service: OutboxRelayService;
  health: HealthRegistry;
  published(): Promise<number>;
  /** What Nest does on shutdown: the service's hook, then the connections it used. */
  shutdown(): Promise<void>;
}

/** One relay replica: its own pool, producer, metrics and health, as a separate pod would have. */
async function startReplica(name: string, overrides: Partial<RelayConfig> = {}): Promise<Replica> {
  const config: RelayConfig = {
    RELAY_PORT: 0,
    RELAY_HOST: '127.0.0.1',
    DATABASE_URL: pg.url,
    KAFKA_BROKERS: kafka.brokers,
    RELAY_BATCH_SIZE: 25,
    RELAY_CONCURRENCY: 4,
    RELAY_POLL_MS: 20,
    RELAY_BUSY_POLL_MS: 20,
    RELAY_LINGER_MS: 5,
    ...overrides,
  };
  const ds = createDataSource({
    url: pg.url,
    applicationName: name,
    poolSize: config.RELAY_CONCURRENCY + 2,
  });
  await ds.initialize();
  const connection = new KafkaConnection({ brokers: kafka.brokers, clientId: name, logger });
  await connection.connectProducer();
  const signal = WorkSignal.forDatabase(pg.url, name, logger);
  await signal.start();
  const metrics = new MetricsRegistry('test');
  const health = new HealthRegistry();
  const service = new OutboxRelayService(
    new OutboxRelayRepository(ds),
    connection,
    config,
    logger,
    metrics,
    health,
    signal,
  );
  service.onApplicationBootstrap();
  let closed = false;
  return {
    service,
    health,
    published: async () => {
      const metric = await metrics.registry.getSingleMetric('hub_relay_published_total')?.get();
      return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
    },
    shutdown: async () => {
      if (closed) return;
      closed = true;
      await service.onModuleDestroy();
      await signal.stop();
      await connection.disconnect();
      await ds.destroy();
    },
  };
}

/** Reads the whole topic with a fresh group, until every message was seen and no lag remains. */
async function readTopic(topic: string): Promise<ConsumedRecord[]> {
  const connection = new KafkaConnection({
    brokers: kafka.brokers,
    clientId: 'relay-spec',
    logger,
  });
  const received: ConsumedRecord[] = [];
  const distinct = new Set<string>();
  const consumer = connection.consumer({
    groupId: unique('relay-spec-reader'),
    topics: [topic],
    fromBeginning: true,
    sessionTimeoutMs: 3000,
    heartbeatIntervalMs: 300,
    maxWaitTimeMs: 100,
    handleBatch: (records) => {
      for (const r of records) {
        received.push(r);
        distinct.add(`${r.key}#${r.headers.ce_sequence}`);
      }
      return Promise.resolve();
    },
  });
  try {
    await consumer.start();
    await waitFor(
      'the whole topic',
      () => distinct.size >= TOTAL && consumer.health().detail.lag === 0,
    );
  } finally {
    await connection.disconnect();
  }
  return received;
}

interface OrderReport {
  distinct: number;
  duplicates: number;
  /** A new sequence that did not follow the highest one seen so far for its case. */
  violations: string[];
  casesOnSeveralPartitions: string[];
}

/**
 * Reads each case's records in partition order as a consumer that keeps `last_sequence` would:
 * a sequence at or below the last one is a duplicate it skips; anything else must be last + 1.
 */
function checkOrder(records: ConsumedRecord[]): OrderReport {
  const sorted = [...records].sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
  const last = new Map<string, number>();
  const partitions = new Map<string, Set<number>>();
  const report: OrderReport = {
    distinct: 0,
    duplicates: 0,
    violations: [],
    casesOnSeveralPartitions: [],
  };
  for (const r of sorted) {
    const event = fromBinaryRecord(r.headers, r.value);
    const caseCode = r.key ?? '(no key)';
    const sequence = Number(event.sequence);
    const seen = partitions.get(caseCode) ?? new Set<number>();
    seen.add(r.partition);
    partitions.set(caseCode, seen);
    const previous = last.get(caseCode) ?? 0;
    if (sequence <= previous) report.duplicates += 1;
    else if (sequence === previous + 1) {
      last.set(caseCode, sequence);
      report.distinct += 1;
    } else
      report.violations.push(`${caseCode}: ${sequence} after ${previous} (offset ${r.offset})`);
  }
  for (let c = 0; c < CASES; c++) {
    const caseCode = caseCodeOf(c);
    if ((last.get(caseCode) ?? 0) !== PER_CASE) {
      report.violations.push(`${caseCode}: ends at ${last.get(caseCode) ?? 0}, not ${PER_CASE}`);
    }
  }
  for (const [caseCode, set] of partitions) {
    if (set.size > 1) report.casesOnSeveralPartitions.push(caseCode);
  }
  return report;
}

describe('OutboxRelayService, two replicas at once', () => {
  it('publishes every outbox message at least once, each case in commit order', async () => {
    const topic = unique('relay-spec-case-events');
    // Half the backlog waits before the replicas start, so both contend for the same lanes; the
    // rest is committed while they run.
    await enqueueCaseEvents(topic, 1, PER_CASE / 2);
    const replicas = await Promise.all([startReplica('relay-a'), startReplica('relay-b')]);
    try {
      await enqueueCaseEvents(topic, PER_CASE / 2 + 1, PER_CASE);
      await waitFor('an empty outbox', async () => (await outboxCount()) === 0);
    } finally {
      await Promise.all(replicas.map((r) => r.shutdown()));
    }
    const [a, b] = await Promise.all(replicas.map((r) => r.published()));
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(a + b).toBeGreaterThanOrEqual(TOTAL);

    const records = await readTopic(topic);
    const report = checkOrder(records);
    console.info(
      `relay-spec: two replicas published ${a} + ${b}; topic holds ${records.length} records, ${report.duplicates} duplicates`,
    );
    expect(report.violations).toEqual([]);
    expect(report.casesOnSeveralPartitions).toEqual([]);
    expect(report.distinct).toBe(TOTAL);
    expect(records.length).toBeGreaterThanOrEqual(a + b);
    // Without faults, the lane lock means no replica publishes what another already did.
    expect(report.duplicates).toBe(0);
  });

  it('loses nothing when one replica shuts down mid-run: the other finishes', async () => {
    const topic = unique('relay-spec-shutdown');
    await enqueueCaseEvents(topic, 1, PER_CASE, 5);
    // Small batches and one lane at a time keep the drain long enough to stop a replica in it.
    const slow = { RELAY_BATCH_SIZE: 5, RELAY_CONCURRENCY: 1 };
    const [stopping, survivor] = await Promise.all([
      startReplica('relay-stopping', slow),
      startReplica('relay-survivor', slow),
    ]);
    let leftWhenStopped: number;
    let publishedByStopped: number;
    try {
      await waitFor('the first replica to publish', async () => (await stopping.published()) >= 50);
      await stopping.service.onModuleDestroy();
      publishedByStopped = await stopping.published();
      leftWhenStopped = await outboxCount();
      const loop = (await stopping.health.readiness()).checks['relay-loop'];
      expect(loop?.ok).toBe(false);
      await stopping.shutdown();

      await waitFor('an empty outbox', async () => (await outboxCount()) === 0);
    } finally {
      await Promise.all([stopping.shutdown(), survivor.shutdown()]);
    }
    // The stop really happened mid-run, and the stopped replica published nothing afterwards.
    expect(leftWhenStopped).toBeGreaterThan(0);
    expect(await stopping.published()).toBe(publishedByStopped);
    const bySurvivor = await survivor.published();
    expect(bySurvivor).toBeGreaterThanOrEqual(leftWhenStopped);

    const records = await readTopic(topic);
    const report = checkOrder(records);
    console.info(
      `relay-spec: stopped replica published ${publishedByStopped} (${leftWhenStopped} left), survivor ${bySurvivor}; ${report.duplicates} duplicates`,
    );
    expect(report.violations).toEqual([]);
    expect(report.distinct).toBe(TOTAL);
    expect(records.length).toBeGreaterThanOrEqual(publishedByStopped + bySurvivor);
  });
});
