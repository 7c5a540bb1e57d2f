import { Controller, Get, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HubLogger, ObservabilityModule } from '@hub/observability';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  createDataSource,
  isDatabaseUnavailable,
  PersistenceModule,
  runMigrations,
} from '@hub/persistence';

jest.setTimeout(60_000);

/*
 * A database that stalls (here: a table another session holds locked) must not hold a request:
 * Postgres cancels the statement after `statementTimeoutMs`, the error is classed as the database
 * being unavailable, and every HTTP surface answers 503 with Retry-After, not 500.
 */

let pg: PostgresHandle;
let locker: Client;

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  locker = new Client({ connectionString: pg.url });
  await locker.connect();
});

afterAll(async () => {
  await locker?.end();
  await pg?.stop();
});

/** Runs `work` while another session holds `outbox` locked against everything. */
async function whileLocked<T>(work: () => Promise<T>): Promise<T> {
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE');
  try {
    return await work();
  } finally {
    await locker.query('ROLLBACK');
  }
}

it('cancels a statement that waits past the timeout, as "database unavailable"', async () => {
  const ds = createDataSource({
    url: pg.url,
    applicationName: 'timeout-spec',
    statementTimeoutMs: 300,
  });
  await ds.initialize();
  try {
    const failure = await whileLocked(() =>
      ds.query('SELECT count(*) FROM outbox').then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as { code?: string }).code).toBe('57014');
    expect(isDatabaseUnavailable(failure)).toBe(true);
    // Without the lock the same statement runs: the timeout cancels waiting, not work.
    expect(await ds.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 0 }]);
  } finally {
    await ds.destroy();
  }
});

it('turns off for migrations and tooling (0)', async () => {
  const ds = createDataSource({
    url: pg.url,
    applicationName: 'timeout-spec',
    statementTimeoutMs: 0,
  });
  await ds.initialize();
  try {
    const [row] = await ds.query<[{ statement_timeout: string }]>(`SHOW statement_timeout`);
    expect(row.statement_timeout).toBe('0');
  } finally {
    await ds.destroy();
  }
});

@Controller()
class OutboxCountController {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @Get('count')
  async count(): Promise<unknown> {
    return this.ds.query('SELECT count(*)::int AS n FROM outbox');
  }
}

it('answers 503 with Retry-After, not 500, when the database stalls under a request', async () => {
  @Module({
    imports: [
      ObservabilityModule.forRoot('timeout-spec', HubLogger.for('timeout-spec', 'silent')),
      PersistenceModule.forRoot({
        url: pg.url,
        applicationName: 'timeout-spec',
        statementTimeoutMs: 300,
      }),
    ],
    controllers: [OutboxCountController],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/count`.replace('[::1]', '127.0.0.1');
  try {
    const stalled = await whileLocked(() => fetch(url));
    expect(stalled.status).toBe(503);
    expect(stalled.headers.get('retry-after')).toBe('5');
    expect(await stalled.json()).toMatchObject({ code: 'UNAVAILABLE' });
    const fine = await fetch(url);
    expect(fine.status).toBe(200);
  } finally {
    await app.close();
  }
});
