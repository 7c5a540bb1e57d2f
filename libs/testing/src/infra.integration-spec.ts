import { readlinkSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  isAlive,
  startAndKillChild,
  startKafka,
  startPostgres,
  waitForExit,
  type KafkaHandle,
} from '@hub/testing';

jest.setTimeout(30_000);

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('startKafka', () => {
  let kafka: KafkaHandle;
  beforeAll(async () => {
    kafka = await startKafka();
  });
  afterAll(async () => {
    await kafka.stop();
  });

  it('gives a broker kafkajs can produce to and consume from', async () => {
    const client = new Kafka({
      clientId: 'testing-spec',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    });
    const topic = `testing-spec-${Date.now()}`;
    const producer = client.producer();
    await producer.connect();
    // Producing creates the topic: the mock cluster does not support createTopics.
    await producer.send({ topic, messages: [{ key: 'case-1', value: 'hello' }] });
    await producer.disconnect();

    const consumer = client.consumer({
      groupId: `${topic}-group`,
      sessionTimeout: 3000,
      heartbeatInterval: 300,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          resolve(`${message.key?.toString()}=${message.value?.toString()}`);
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(received).toBe('case-1=hello');
  });

  it('leaves no kcat behind after stop', async () => {
    const handle = await startKafka({ env: {} });
    if (handle.kind !== 'kcat-mock' || handle.pid === undefined) {
      await handle.stop();
      return; // a container engine answered; there is no local process to check
    }
    expect(isAlive(handle.pid)).toBe(true);
    await handle.stop();
    expect(isAlive(handle.pid)).toBe(false);
  });
});

describe('startPostgres', () => {
  it('gives a fresh database that is dropped on stop', async () => {
    const pg = await startPostgres({ freshDatabase: true });
    const [{ db }] = await query<{ db: string }>(pg.url, 'select current_database() as db');
    expect(db).toMatch(/^hub/);
    await query(pg.url, 'create table t (id int primary key)');
    await pg.stop();
    if (pg.kind === 'local' || pg.kind === 'external') {
      const server = new URL(pg.url);
      server.pathname = '/postgres';
      const rows = await query(server.toString(), 'select 1 from pg_database where datname = $1', [
        db,
      ]);
      expect(rows).toHaveLength(0);
    }
  });

  it('runs an embedded server and removes it, data dir included, on stop', async () => {
    const pg = await startPostgres({ env: {}, preferEmbedded: true });
    if (pg.kind !== 'embedded' || pg.pid === undefined) {
      await pg.stop();
      return; // testcontainers took precedence
    }
    const [{ n }] = await query<{ n: number }>(pg.url, 'select 41 + 1 as n');
    expect(n).toBe(42);
    // Its log quotes no row or statement (personal data stays out of .data/logs/postgres.log).
    const logging = await query<{ name: string; setting: string }>(
      pg.url,
      `select name, setting from pg_settings where name in
         ('log_error_verbosity', 'log_min_error_statement', 'log_parameter_max_length_on_error')
       order by name`,
    );
    expect(logging).toEqual([
      { name: 'log_error_verbosity', setting: 'terse' },
      { name: 'log_min_error_statement', setting: 'panic' },
      { name: 'log_parameter_max_length_on_error', setting: '0' },
    ]);
    // postgres runs with its data dir as cwd; the watchdog removes the dir above it.
    const tempDir = dirname(readlinkSync(`/proc/${pg.pid}/cwd`));
    await pg.stop();
    expect(isAlive(pg.pid)).toBe(false);
    expect(existsSync(tempDir)).toBe(false);
  });
});

describe('when the process that started them is SIGKILLed', () => {
  it('kcat and embedded postgres go too', async () => {
    const { kafkaPid, postgresPid } = await startAndKillChild<{
      kafkaPid?: number;
      postgresPid?: number;
    }>(join(__dirname, '../test/crash-child.ts'), []);
    for (const pid of [kafkaPid, postgresPid]) {
      if (pid !== undefined) expect(await waitForExit(pid, 12_000)).toBe(true);
    }
  });
});
