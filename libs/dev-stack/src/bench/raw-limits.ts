import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { CaseEventInput } from '@hub/contracts';
import { KafkaConnection, type StructuredCloudEvent, toBinaryRecord } from '@hub/messaging';
import { HubLogger } from '@hub/observability';
import { waitFor } from '@hub/testing';

export interface RawKafkaResult {
  messages: number;
  produceMs: number;
  consumeMs: number;
  produceRate: number;
  consumeRate: number;
  /** messages / (produce + consume time): one message written and read back, serially */
  produceConsumeRate: number;
}

export interface RawPostgresResult {
  rows: number;
  batchSize: number;
  ms: number;
  rate: number;
}

const perSecond = (n: number, ms: number) => Math.round((n / Math.max(1, ms)) * 1000);

/**
 * Records per measuring round. librdkafka's mock broker (the test broker on machines without
 * Kafka) keeps about 5 MiB per partition and silently drops older records, so a consumer that
 * starts after 100,000 records were written finds only the last ~35,000. Rounds of 20,000, each
 * on a new topic, stay well inside that; on a real broker they measure the same thing.
 */
export const RAW_KAFKA_ROUND = 20_000;

/**
 * kafkajs through @hub/messaging on the hub's own broker: the same CloudEvents records the relay
 * writes (binary mode, key = case code), produced in batches of 500 and read back by a fresh
 * consumer group, in rounds of RAW_KAFKA_ROUND records. The hub cannot move events faster than
 * this machine moves these records.
 */
export async function measureKafka(
  brokers: string[],
  events: readonly CaseEventInput[],
): Promise<RawKafkaResult> {
  const logger = HubLogger.for('bench', 'warn');
  const kafka = new KafkaConnection({ brokers, clientId: 'hub-bench-raw', logger });
  let produceMs = 0;
  let consumeMs = 0;
  try {
    await kafka.connectProducer();
    for (let i = 0; i < events.length; i += RAW_KAFKA_ROUND) {
      const round = await measureKafkaRound(kafka, events.slice(i, i + RAW_KAFKA_ROUND));
      produceMs += round.produceMs;
      consumeMs += round.consumeMs;
    }
  } finally {
    await kafka.disconnect().catch(() => undefined);
  }
  return {
    messages: events.length,
    produceMs: Math.round(produceMs),
    consumeMs: Math.round(consumeMs),
    produceRate: perSecond(events.length, produceMs),
    consumeRate: perSecond(events.length, consumeMs),
    produceConsumeRate: perSecond(events.length, produceMs + consumeMs),
  };
}

/** One round: its records written to a new topic, then read back by a new consumer group. */
async function measureKafkaRound(
  kafka: KafkaConnection,
  events: readonly CaseEventInput[],
): Promise<{ produceMs: number; consumeMs: number }> {
  const topic = `bench.raw.${randomBytes(4).toString('hex')}`;
  const records = events.map((e) => ({
    topic,
    ...toBinaryRecord(e as unknown as StructuredCloudEvent, e.subject),
  }));
  // The first send creates the topic; it is not part of the measurement.
  await kafka.send(records.slice(0, 1));
  const produceStart = performance.now();
  for (let i = 1; i < records.length; i += 500) await kafka.send(records.slice(i, i + 500));
  const produceMs = performance.now() - produceStart;

  let seen = 0;
  let firstAt = 0;
  let lastAt = 0;
  const consumer = kafka.consumer({
    groupId: `hub-bench-raw-${randomBytes(4).toString('hex')}`,
    topics: [topic],
    fromBeginning: true,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    maxWaitTimeMs: 100,
    handleBatch: (batch) => {
      if (seen === 0) firstAt = performance.now();
      seen += batch.length;
      lastAt = performance.now();
      return Promise.resolve();
    },
  });
  await consumer.start();
  try {
    await waitFor('raw consumer to read every record', () => seen >= records.length, 120_000, 20);
  } finally {
    await consumer.stop();
  }
  // Group join is a one-off; what counts is the pace once records flow.
  return { produceMs, consumeMs: lastAt - firstAt };
}

/**
 * pg on the hub's own database: the rows the gateway stores per event (case_events' columns),
 * inserted in batches of 500 as one multi-row INSERT each, into a scratch table dropped after.
 */
export async function measurePostgres(
  databaseUrl: string,
  events: readonly CaseEventInput[],
  batchSize = 500,
): Promise<RawPostgresResult> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const table = `bench_raw_${randomBytes(4).toString('hex')}`;
  try {
    await client.query(`CREATE TABLE ${table} (
      id text PRIMARY KEY, case_code text NOT NULL, department text NOT NULL, type text NOT NULL,
      sequence int NOT NULL, event_time timestamptz NOT NULL, payload jsonb NOT NULL,
      content_hash text NOT NULL, accepted_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (case_code, sequence))`);
    const start = performance.now();
    for (let i = 0; i < events.length; i += batchSize) {
      const batch = events.slice(i, i + batchSize);
      const cols: unknown[][] = [[], [], [], [], [], [], [], []];
      for (const e of batch) {
        const payload = JSON.stringify(e);
        const values = [
          e.id,
          e.subject,
          e.source.split('/').pop() ?? '',
          e.type,
          e.sequence,
          e.time,
          payload,
          createHash('sha256').update(payload).digest('hex'),
        ];
        values.forEach((v, c) => cols[c].push(v));
      }
      await client.query(
        `INSERT INTO ${table} (id, case_code, department, type, sequence, event_time, payload, content_hash)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[],
                              $6::timestamptz[], $7::jsonb[], $8::text[])`,
        cols,
      );
    }
    const ms = performance.now() - start;
    return {
      rows: events.length,
      batchSize,
      ms: Math.round(ms),
      rate: perSecond(events.length, ms),
    };
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
