import { randomBytes } from 'node:crypto';
import { startKafka, type KafkaHandle, waitFor } from '@hub/testing';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { fromBinaryRecord, toBinaryRecord, type StructuredCloudEvent } from './cloudevents-binary';
import {
  type ConsumedRecord,
  type ConsumerOptions,
  type HubConsumer,
  KafkaConnection,
  type OutgoingRecord,
} from './kafka';

/*
 * KafkaConnection and HubConsumer against a real Kafka-protocol broker (see TEST_INFRA.md: on
 * machines without a container engine that is librdkafka's mock cluster, 4 partitions per topic,
 * topics created by producing). Every test uses its own topic and group, so they run concurrently:
 * most of their time is spent waiting for group joins (~3 s each) and retry delays.
 */

jest.setTimeout(25_000);

const logger = HubLogger.for('test', 'warn');
/** The timings TEST_INFRA.md measured: the defaults make a join and a disconnect take seconds. */
const FAST_GROUP = { sessionTimeoutMs: 3000, heartbeatIntervalMs: 300, maxWaitTimeMs: 100 };

let kafka: KafkaHandle;
let connection: KafkaConnection;

beforeAll(async () => {
  kafka = await startKafka();
  connection = new KafkaConnection({ brokers: kafka.brokers, clientId: 'messaging-spec', logger });
  await connection.connectProducer();
}, 20_000);

afterAll(async () => {
  await connection?.disconnect();
  await kafka?.stop();
});

const unique = (name: string): string => `${name}-${randomBytes(4).toString('hex')}`;

/** A case's status changes as the hub publishes them: CloudEvents in binary mode, keyed by case. */
function caseEvent(topic: string, caseCode: string, sequence: number): OutgoingRecord {
  const event: StructuredCloudEvent = {
    specversion: '1.0',
    id: `${caseCode}-${sequence}`,
    source: '/hub/messaging-spec',
    type: 'vn.gov.hanoi.case.status-changed',
    subject: caseCode,
    time: new Date(Date.UTC(2025, 0, 1, 8, 0, sequence)).toISOString(),
    datacontenttype: 'application/json',
    sequence,
    data: { caseCode, status: sequence % 2 === 0 ? 'DANG_XU_LY' : 'CHO_BO_SUNG', note: 'Hồ sơ' },
  };
  return { topic, ...toBinaryRecord(event, caseCode) };
}

const sequenceOf = (r: ConsumedRecord): number => Number(r.headers.ce_sequence);
const offsetsOf = (records: ConsumedRecord[]): string[] =>
  records.map((r) => `${r.partition}:${r.offset}`);
const byOffset = (a: ConsumedRecord, b: ConsumedRecord): number =>
  a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset));

/** Sends `perKey` events for each case, one `send` per round so per-key order spans requests. */
async function sendCaseEvents(topic: string, caseCodes: string[], perKey: number) {
  const sent: OutgoingRecord[] = [];
  for (let sequence = 1; sequence <= perKey; sequence++) {
    const round = caseCodes.map((caseCode) => caseEvent(topic, caseCode, sequence));
    await connection.send(round);
    sent.push(...round);
  }
  return sent;
}

/** Records whose offsets were committed: the consumer counts them only after the commit. */
async function committedRecords(metrics: MetricsRegistry): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('hub_consumer_records_total')?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

function startConsumer(
  options: Omit<ConsumerOptions, keyof typeof FAST_GROUP | 'topics'> & { topic: string },
  metrics?: MetricsRegistry,
): { consumer: HubConsumer; started: Promise<void> } {
  const { topic, ...rest } = options;
  const consumer = connection.consumer({ ...FAST_GROUP, ...rest, topics: [topic] }, metrics);
  return { consumer, started: consumer.start() };
}

describe('KafkaConnection and HubConsumer against a real broker', () => {
  it.concurrent(
    'delivers key, headers and value unchanged, and each key in send order on one partition',
    async () => {
      const topic = unique('messaging-spec-roundtrip');
      const caseCodes = Array.from({ length: 12 }, (_, i) => `H01.${100 + i}.000.2025`);
      const sent = await sendCaseEvents(topic, caseCodes, 10);

      const received: ConsumedRecord[] = [];
      const { consumer, started } = startConsumer({
        topic,
        groupId: unique('messaging-spec-roundtrip'),
        handleBatch: (records) => {
          received.push(...records);
          return Promise.resolve();
        },
      });
      expect(consumer.health().detail).toMatchObject({ joined: false });
      try {
        await started;
        await waitFor('all records', () => received.length >= sent.length);

        expect(received).toHaveLength(sent.length);
        const sentById = new Map(sent.map((r) => [r.headers.ce_id, r]));
        for (const r of received) {
          const original = sentById.get(r.headers.ce_id);
          expect({ key: r.key, headers: r.headers, value: r.value }).toEqual({
            key: original?.key,
            headers: original?.headers,
            value: original?.value,
          });
          expect(fromBinaryRecord(r.headers, r.value)).toMatchObject({
            subject: r.key,
            sequence: sequenceOf(r),
            data: { caseCode: r.key, note: 'Hồ sơ' },
          });
        }

        const partitionsUsed = new Set<number>();
        for (const caseCode of caseCodes) {
          const ofCase = received.filter((r) => r.key === caseCode).sort(byOffset);
          expect(new Set(ofCase.map((r) => r.partition)).size).toBe(1);
          expect(ofCase.map(sequenceOf)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
          partitionsUsed.add(ofCase[0].partition);
        }
        // Twelve keys over four partitions: the order check above crossed partitions, not one log.
        expect(partitionsUsed.size).toBeGreaterThan(1);

        // Partitions are handled concurrently: the last batches' commits may still be under way.
        await waitFor('every offset committed', () => consumer.health().detail.lag === 0);
        const health = consumer.health();
        expect(health.ok).toBe(true);
        expect(health.detail).toMatchObject({ joined: true, lag: 0 });
      } finally {
        await consumer.stop();
      }
      expect(consumer.health().detail).toMatchObject({ joined: false });
    },
  );

  it.concurrent(
    'retries a failing batch as it was, commits after success, and a restarted group resumes after the commit',
    async () => {
      const topic = unique('messaging-spec-retry');
      const groupId = unique('messaging-spec-retry');
      const caseCodes = ['H01.1.000.2025', 'H01.2.000.2025', 'H01.3.000.2025', 'H01.4.000.2025'];
      const sent = await sendCaseEvents(topic, caseCodes, 5);

      // Partitions are handled concurrently: the first partition to call fails twice.
      const calls: ConsumedRecord[][] = [];
      const handled: ConsumedRecord[] = [];
      const metrics = new MetricsRegistry('test');
      const first = startConsumer(
        {
          topic,
          groupId,
          handleBatch: (records) => {
            const failing = calls[0]?.[0]?.partition ?? records[0].partition;
            if (records[0].partition !== failing) {
              handled.push(...records);
              return Promise.resolve();
            }
            calls.push(records);
            if (calls.length <= 2)
              return Promise.reject(new Error(`portal down (call ${calls.length})`));
            handled.push(...records);
            return Promise.resolve();
          },
        },
        metrics,
      );
      try {
        await first.started;
        await waitFor('every record handled', () => handled.length >= sent.length);
        await waitFor(
          'every offset committed',
          async () => (await committedRecords(metrics)) === sent.length,
          3000,
        );
        expect(first.consumer.health()).toMatchObject({ ok: true, detail: { lag: 0 } });
      } finally {
        await first.consumer.stop();
      }

      // The two failures and the success that followed saw one and the same batch.
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect(calls[0].length).toBeGreaterThan(0);
      expect(offsetsOf(calls[1])).toEqual(offsetsOf(calls[0]));
      expect(offsetsOf(calls[2])).toEqual(offsetsOf(calls[0]));
      // Nothing skipped, nothing handled twice once the handler succeeded.
      expect(offsetsOf(handled).sort()).toEqual([...new Set(offsetsOf(handled))].sort());
      expect(handled.map((r) => r.headers.ce_id).sort()).toEqual(
        sent.map((r) => r.headers.ce_id).sort(),
      );

      const resumed: ConsumedRecord[] = [];
      const second = startConsumer({
        topic,
        groupId,
        handleBatch: (records) => {
          resumed.push(...records);
          return Promise.resolve();
        },
      });
      try {
        await second.started;
        await waitFor(
          'the second consumer to join',
          () => second.consumer.health().detail.joined === true,
        );
        // One new record per case: each lands behind that case's old records on the same
        // partition, so receiving it without them proves the group resumed after the commit.
        const fresh = caseCodes.map((caseCode) => caseEvent(topic, caseCode, 6));
        await connection.send(fresh);
        await waitFor('the new records', () => resumed.length >= fresh.length);
        await new Promise<void>((r) => setTimeout(r, 300));
        expect(resumed.map((r) => r.headers.ce_id).sort()).toEqual(
          fresh.map((r) => r.headers.ce_id).sort(),
        );
      } finally {
        await second.consumer.stop();
      }
    },
  );

  it.concurrent(
    'keeps its group membership through a failure streak longer than the session timeout',
    async () => {
      const topic = unique('messaging-spec-streak');
      // One request, so the first fetch returns all three as one batch.
      const sent = [1, 2, 3].map((sequence) => caseEvent(topic, 'H01.5.000.2025', sequence));
      await connection.send(sent);

      // The retry delays grow 200, 400, 800, 1600, 3200, 5000 ms: the last waits outlive the
      // 3000 ms session (the mock broker checks expiry coarsely, so 5000 ms is the one that must
      // evict), so the member stays in the group only if it heartbeats while it waits.
      const calls: ConsumedRecord[][] = [];
      const metrics = new MetricsRegistry('test');
      const { consumer, started } = startConsumer(
        {
          topic,
          groupId: unique('messaging-spec-streak'),
          handleBatch: (records) => {
            calls.push(records);
            return calls.length <= 6
              ? Promise.reject(new Error(`portal timeout (call ${calls.length})`))
              : Promise.resolve();
          },
        },
        metrics,
      );
      try {
        await started;
        await waitFor('the seventh call', () => calls.length >= 7, 20_000);
        // An evicted member's commit is refused: the consumer crashes (health shows it), rejoins
        // and handles the batch again. The records counter moves only after a commit went through.
        await waitFor(
          'the commit',
          async () => (await committedRecords(metrics)) === sent.length,
          2000,
        );
        await new Promise<void>((r) => setTimeout(r, 300));
        expect(consumer.health()).toMatchObject({ ok: true, detail: { joined: true, lag: 0 } });
        expect(calls).toHaveLength(7);
        expect(calls.map(offsetsOf)).toEqual(calls.map(() => offsetsOf(calls[0])));
        expect(calls[0]).toHaveLength(sent.length);
      } finally {
        await consumer.stop();
      }
    },
  );

  it.concurrent(
    'leaves a batch uncommitted when stopped during its retries, so the group gets it again',
    async () => {
      const topic = unique('messaging-spec-stop');
      const groupId = unique('messaging-spec-stop');
      const caseCodes = ['H01.7.000.2025', 'H01.8.000.2025', 'H01.9.000.2025'];
      const sent = await sendCaseEvents(topic, caseCodes, 4);

      const failedCalls: ConsumedRecord[][] = [];
      const failing = startConsumer({
        topic,
        groupId,
        handleBatch: (records) => {
          failedCalls.push(records);
          return Promise.reject(new Error('database unavailable'));
        },
      });
      try {
        await failing.started;
        await waitFor('two failed attempts', () => failedCalls.length >= 2);
      } finally {
        await failing.consumer.stop();
      }
      const attempted = new Set(offsetsOf(failedCalls[0]));

      const redelivered: ConsumedRecord[] = [];
      const next = startConsumer({
        topic,
        groupId,
        handleBatch: (records) => {
          redelivered.push(...records);
          return Promise.resolve();
        },
      });
      try {
        await next.started;
        await waitFor('every record redelivered', () => redelivered.length >= sent.length);
      } finally {
        await next.consumer.stop();
      }
      const seen = new Set(offsetsOf(redelivered));
      expect([...attempted].filter((o) => !seen.has(o))).toEqual([]);
      expect(redelivered.map((r) => r.headers.ce_id).sort()).toEqual(
        sent.map((r) => r.headers.ce_id).sort(),
      );
    },
  );
});
