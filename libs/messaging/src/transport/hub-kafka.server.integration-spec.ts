import { randomBytes } from 'node:crypto';
import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  type INestApplication,
  Inject,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { tap } from 'rxjs';
import { HealthRegistry, HubLogger, MetricsRegistry } from '@hub/observability';
import { type KafkaHandle, startKafka, waitFor } from '@hub/testing';
import { deadLetterV1, topics } from '@hub/contracts';
import { fromBinaryRecord } from '../cloudevents-binary';
import { type ConsumedRecord, KafkaConnection, type OutgoingRecord } from '../kafka';
import type { BatchFailure } from './batch-failure';
import { connectKafkaConsumers, type KafkaDeadLetterSink } from './connect-kafka-consumers';
import { KafkaBatchContext } from './kafka-batch.context';

/*
 * The hub's NestJS transport against a real Kafka-protocol broker: `@EventPattern` controllers in
 * a Nest app, served by HubKafkaServer through `connectKafkaConsumers`, as every app does.
 */

jest.setTimeout(40_000);

const logger = HubLogger.for('test', 'warn');
const FAST_GROUP = { sessionTimeoutMs: 3000, heartbeatIntervalMs: 300, maxWaitTimeMs: 100 };
const TOPIC = `transport-spec-${randomBytes(4).toString('hex')}`;

let kafka: KafkaHandle;
let connection: KafkaConnection;

beforeAll(async () => {
  kafka = await startKafka();
  connection = new KafkaConnection({ brokers: kafka.brokers, clientId: 'transport-spec', logger });
  await connection.connectProducer();
}, 20_000);

afterAll(async () => {
  await connection?.disconnect();
  await kafka?.stop();
});

/** What the handler does with each record, by the record's `test-behaviour` header. */
type Behaviour = 'ok' | 'flaky' | 'data-exception' | 'app-poison' | 'bug' | 'database-down';

function record(
  topic: string,
  id: string,
  behaviour: Behaviour,
  key = 'H01.1.000.2026',
): OutgoingRecord {
  return {
    topic,
    key,
    headers: { ce_id: id, ce_subject: key, 'test-behaviour': behaviour },
    value: JSON.stringify({ id }),
  };
}

/** Postgres's own shape for a value it cannot store (SQLSTATE 22008, datetime field overflow). */
class FakeDataException extends Error {
  readonly code = '22008';
}

class AppPoisonError extends Error {
  readonly code = 'APP_POISON';
}

/** The state a test reads: which records the handler stored, how often each batch came. */
@Injectable()
class Store {
  readonly stored = new Map<string, number>();
  readonly batches: { topic: string; partition: number; ids: string[] }[] = [];
  readonly flakyFailuresLeft = new Map<string, number>();
  readonly intercepted: string[] = [];
  /** While true, 'database-down' records fail as if Postgres refused connections. */
  databaseDown = true;
}

@Injectable()
class DeadLetters implements KafkaDeadLetterSink {
  readonly kept: { id: string; code: string; disposition: string }[] = [];

  deadLetter(r: ConsumedRecord, failure: BatchFailure): Promise<void> {
    this.kept.push({ id: r.headers.ce_id, code: failure.code, disposition: failure.disposition });
    return Promise.resolve();
  }
}

/** Interceptors apply to Kafka handlers as to HTTP ones: that is why consumers are controllers. */
@Injectable()
class CountingInterceptor implements NestInterceptor {
  constructor(@Inject(Store) private readonly store: Store) {}

  intercept(context: ExecutionContext, next: CallHandler) {
    const ctx = context.switchToRpc().getContext<KafkaBatchContext>();
    return next.handle().pipe(tap(() => this.store.intercepted.push(ctx.getTopic())));
  }
}

@Controller()
class TestConsumerController {
  constructor(@Inject(Store) private readonly store: Store) {}

  @EventPattern(TOPIC)
  @UseInterceptors(CountingInterceptor)
  handle(@Payload() records: ConsumedRecord[], @Ctx() context: KafkaBatchContext): Promise<void> {
    this.store.batches.push({
      topic: context.getTopic(),
      partition: context.getPartition(),
      ids: records.map((r) => r.headers.ce_id),
    });
    // Like a real handler: everything or nothing of the batch is stored.
    for (const r of records) {
      const behaviour = r.headers['test-behaviour'] as Behaviour;
      if (behaviour === 'data-exception') throw new FakeDataException('date/time field overflow');
      if (behaviour === 'app-poison') throw new AppPoisonError('cannot be handled');
      // What a handler bug on an odd record looks like: no code at all.
      if (behaviour === 'bug')
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      if (behaviour === 'database-down' && this.store.databaseDown) {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
          code: 'ECONNREFUSED',
        });
      }
      if (behaviour === 'flaky') {
        const left = this.store.flakyFailuresLeft.get(r.headers.ce_id) ?? 2;
        this.store.flakyFailuresLeft.set(r.headers.ce_id, left - 1);
        if (left > 0)
          throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
      }
    }
    for (const r of records) {
      this.store.stored.set(r.headers.ce_id, (this.store.stored.get(r.headers.ce_id) ?? 0) + 1);
    }
    return Promise.resolve();
  }
}

interface Running {
  app: INestApplication;
  store: Store;
  deadLetters: DeadLetters;
  metrics: MetricsRegistry;
  health: HealthRegistry;
}

async function startApp(
  groupId: string,
  options: { defaultSink?: boolean; stuckAfterMs?: number } = {},
): Promise<Running> {
  const metrics = new MetricsRegistry('transport-spec');
  const health = new HealthRegistry();
  const moduleRef = await Test.createTestingModule({
    controllers: [TestConsumerController],
    providers: [
      Store,
      DeadLetters,
      CountingInterceptor,
      { provide: KafkaConnection, useValue: connection },
      { provide: HubLogger, useValue: logger },
      { provide: MetricsRegistry, useValue: metrics },
      { provide: HealthRegistry, useValue: health },
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  connectKafkaConsumers(app, {
    consumer: {
      groupId,
      fromBeginning: true,
      ...FAST_GROUP,
      ...(options.stuckAfterMs ? { stuckAfterMs: options.stuckAfterMs } : {}),
    },
    health: { name: 'kafka-consumer', gatesReadiness: true },
    ...(options.defaultSink ? {} : { deadLetterSink: DeadLetters }),
  });
  await app.init();
  await app.startAllMicroservices();
  return { app, store: app.get(Store), deadLetters: app.get(DeadLetters), metrics, health };
}

async function committed(metrics: MetricsRegistry): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('hub_consumer_records_total')?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

describe('HubKafkaServer: @EventPattern handlers on the hub Kafka transport', () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
  });

  it('hands each partition batch to the handler, through interceptors, and commits after it', async () => {
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const keys = ['H01.1.000.2026', 'H01.2.000.2026', 'H01.3.000.2026', 'H01.4.000.2026'];
    const sent = keys.flatMap((key, k) =>
      Array.from({ length: 5 }, (_, i) => record(TOPIC, `ok-${groupId}-${k}-${i}`, 'ok', key)),
    );
    await connection.send(sent);

    running = await startApp(groupId);
    expect((await running.health.readiness()).checks['kafka-consumer'].ok).toBe(false);
    const { store, metrics } = running;
    await waitFor('every record stored', () =>
      sent.every((r) => store.stored.has(r.headers.ce_id)),
    );
    await waitFor('every offset committed', async () => (await committed(metrics)) >= sent.length);
    expect((await running.health.readiness()).checks['kafka-consumer'].ok).toBe(true);
    for (const batch of store.batches) expect(batch.topic).toBe(TOPIC);
    // One call per partition batch, not one per record.
    expect(store.batches.length).toBeLessThan(sent.length);
    expect(store.intercepted.length).toBe(store.batches.length);
    // Per key, in send order.
    for (const [k] of keys.entries()) {
      const order = store.batches
        .flatMap((b) => b.ids)
        .filter((id) => id.startsWith(`ok-${groupId}-${k}-`));
      expect(order).toEqual(Array.from({ length: 5 }, (_, i) => `ok-${groupId}-${k}-${i}`));
    }

    // Restarted in the same group, nothing already committed comes again.
    await running.app.close();
    running = await startApp(groupId);
    const late = record(TOPIC, `late-${groupId}`, 'ok');
    await connection.send([late]);
    await waitFor('the new record', () => running!.store.stored.has(late.headers.ce_id));
    expect(
      running.store.batches.flatMap((b) => b.ids).filter((id) => id.startsWith('ok-')),
    ).toEqual([]);
  });

  it('retries the same batch after a transient failure and loses nothing', async () => {
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const topicRecords = [
      record(TOPIC, `a-${groupId}`, 'ok'),
      record(TOPIC, `flaky-${groupId}`, 'flaky'),
      record(TOPIC, `b-${groupId}`, 'ok'),
    ];
    await connection.send(topicRecords);
    running = await startApp(groupId);
    const { store, deadLetters } = running;
    await waitFor('the batch stored after the failures', () =>
      topicRecords.every((r) => store.stored.has(r.headers.ce_id)),
    );
    const withFlaky = store.batches.filter((b) => b.ids.includes(`flaky-${groupId}`));
    // Twice refused, then stored: the same records each time, none skipped or dead-lettered.
    expect(withFlaky.length).toBeGreaterThanOrEqual(3);
    for (const b of withFlaky) expect(b.ids).toEqual(withFlaky[0].ids);
    expect(deadLetters.kept.filter((d) => d.id.endsWith(groupId))).toEqual([]);
    for (const r of topicRecords) expect(store.stored.get(r.headers.ce_id)).toBe(1);
  });

  it('dead-letters only the record that fails the same way every time; the rest flows', async () => {
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const key = 'H01.9.000.2026';
    const sent = [
      record(TOPIC, `before-${groupId}`, 'ok', key),
      record(TOPIC, `pg-${groupId}`, 'data-exception', key),
      record(TOPIC, `middle-${groupId}`, 'ok', key),
      record(TOPIC, `app-${groupId}`, 'app-poison', key),
      record(TOPIC, `after-${groupId}`, 'ok', key),
    ];
    await connection.send(sent);
    running = await startApp(groupId);
    const { store, deadLetters, metrics } = running;
    const good = [`before-${groupId}`, `middle-${groupId}`, `after-${groupId}`];
    await waitFor('the good records stored', () => good.every((id) => store.stored.has(id)));
    await waitFor('the partition committed', async () => (await committed(metrics)) >= sent.length);

    expect(deadLetters.kept).toEqual([
      { id: `pg-${groupId}`, code: '22008', disposition: 'dead-letter' },
      { id: `app-${groupId}`, code: 'APP_POISON', disposition: 'dead-letter' },
    ]);
    expect(store.stored.has(`pg-${groupId}`)).toBe(false);
    expect(store.stored.has(`app-${groupId}`)).toBe(false);
    const counted = await metrics.registry
      .getSingleMetric('hub_consumer_dead_letters_total')
      ?.get();
    expect(counted?.values.map((v) => [v.labels.code, v.value]).sort()).toEqual([
      ['22008', 1],
      ['APP_POISON', 1],
    ]);
  });

  it('dead-letters a record that fails with an error nobody expected; the record behind it flows', async () => {
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const key = 'H01.8.000.2026';
    const sent = [
      record(TOPIC, `bug-${groupId}`, 'bug', key),
      record(TOPIC, `valid-${groupId}`, 'ok', key),
    ];
    await connection.send(sent);
    running = await startApp(groupId);
    const { store, deadLetters } = running;
    // Before issue 16 an error without a known code retried this batch for ever.
    await waitFor('the valid record stored', () => store.stored.has(`valid-${groupId}`), 10_000);
    expect(deadLetters.kept.filter((d) => d.id.endsWith(groupId))).toEqual([
      { id: `bug-${groupId}`, code: 'UNKNOWN', disposition: 'dead-letter' },
    ]);
  });

  it('publishes dead letters by default to hub.dead-letters.v1, personal IDs masked, with the group', async () => {
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const personalId = '001090164571';
    const poison = {
      ...record(TOPIC, `bug-${groupId}`, 'bug', 'H01.7.000.2026'),
      value: JSON.stringify({ applicant: { personalId, note: `CCCD ${personalId}` } }),
    };
    await connection.send([poison, record(TOPIC, `valid-${groupId}`, 'ok', 'H01.7.000.2026')]);
    const letters: ConsumedRecord[] = [];
    const reader = connection.consumer({
      groupId: `reader-${groupId}`,
      topics: [topics.deadLetters],
      fromBeginning: true,
      ...FAST_GROUP,
      handleBatch: (records) => {
        letters.push(...records.filter((r) => r.headers['ce_subject'] === `bug-${groupId}`));
        return Promise.resolve();
      },
    });
    running = await startApp(groupId, { defaultSink: true });
    await reader.start();
    try {
      await waitFor('the valid record stored', () => running!.store.stored.has(`valid-${groupId}`));
      await waitFor('the dead letter on hub.dead-letters.v1', () => letters.length > 0, 15_000);
      const letter = deadLetterV1.parse(fromBinaryRecord(letters[0].headers, letters[0].value));
      expect(letter.data).toMatchObject({
        consumerGroup: groupId,
        eventId: `bug-${groupId}`,
        reason: { code: 'UNKNOWN' },
        original: { topic: TOPIC, key: 'H01.7.000.2026' },
      });
      expect(JSON.stringify(letters[0])).not.toContain(personalId);
    } finally {
      await reader.stop();
    }
  });

  it('retries a transient fault: lag shows it, readiness degrades after the bound, then recovers', async () => {
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const key = 'H01.6.000.2026';
    const sent = [
      record(TOPIC, `down-${groupId}`, 'database-down', key),
      record(TOPIC, `after-${groupId}`, 'ok', key),
    ];
    await connection.send(sent);
    running = await startApp(groupId, { stuckAfterMs: 1500 });
    const { store, deadLetters, metrics, health } = running;
    await waitFor('the batch tried', () => store.batches.length > 0);
    const lag = async () => {
      const gauge = await metrics.registry.getSingleMetric('hub_consumer_lag')?.get();
      return (gauge?.values ?? []).reduce((sum, v) => sum + v.value, 0);
    };
    await waitFor('lag shows the waiting records', async () => (await lag()) >= sent.length);
    await waitFor(
      'readiness degraded after the bound',
      async () => !(await health.readiness()).checks['kafka-consumer'].ok,
      10_000,
    );
    const degraded = (await health.readiness()).checks['kafka-consumer'];
    expect(degraded.detail).toMatchObject({
      stuckPartitions: [expect.objectContaining({ code: 'ECONNREFUSED' })],
    });
    const ours = (ids: Iterable<string>) => [...ids].filter((id) => id.endsWith(groupId));
    expect(ours(store.stored.keys())).toEqual([]);
    expect(ours(deadLetters.kept.map((d) => d.id))).toEqual([]);

    store.databaseDown = false;
    await waitFor(
      'both stored once the fault passed',
      () => sent.every((r) => store.stored.has(r.headers.ce_id)),
      15_000,
    );
    await waitFor(
      'readiness back',
      async () => (await health.readiness()).checks['kafka-consumer'].ok,
    );
    await waitFor('no lag left', async () => (await lag()) === 0);
    expect(ours(deadLetters.kept.map((d) => d.id))).toEqual([]);
  });
});
