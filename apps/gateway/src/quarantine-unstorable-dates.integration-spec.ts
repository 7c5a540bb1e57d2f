import { exampleCase } from '@hub/contracts';
import { createDataSource, runMigrations } from '@hub/persistence';
import { type PostgresHandle, startPostgres } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { QuarantineUnstorableDates1765820000000 } from './migrations/1765820000000-quarantine-unstorable-dates';

/*
 * Issue 16: rows the gateway accepted before the storable rule, inserted as that build wrote
 * them. The migration moves each unusable date out of the payload into case_events_quarantine and
 * leaves every usable row as it was.
 */
jest.setTimeout(60_000);

let pg: PostgresHandle;
let ds: DataSource;

async function insert(number: number, data: Record<string, unknown>): Promise<string> {
  const [received] = exampleCase({ number }).events;
  const payload = { ...received, data: { ...received.data, ...data } };
  await ds.query(`INSERT INTO cases (case_code, department) VALUES ($1, 'STP')`, [
    received.subject,
  ]);
  await ds.query(
    `INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash)
     VALUES ($1, $2, 'STP', 'case.received', 1, $3, $4, 'old-build')`,
    [received.id, received.subject, received.time, JSON.stringify(payload)],
  );
  return received.id;
}

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 2 });
  await ds.initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await pg?.stop();
});

it('quarantines dates no reader can use and leaves good rows alone', async () => {
  const good = await insert(1, {});
  const yearZero = await insert(2, { receivedAt: '0000-01-01T00:00:00Z' });
  const farDue = await insert(3, { dueAt: '9999-12-31T00:00:00Z' });
  const offset = await insert(4, { receivedAt: '2026-03-12T08:30:00+23:59' });
  const [{ payload: goodBefore }] = await ds.query<{ payload: unknown }[]>(
    `SELECT payload FROM case_events WHERE id = $1`,
    [good],
  );

  const migration = new QuarantineUnstorableDates1765820000000();
  const runner = ds.createQueryRunner();
  try {
    // Already applied on the empty database: run it again over the old rows.
    await migration.down(runner);
    await migration.up(runner);
  } finally {
    await runner.release();
  }

  const quarantined = await ds.query<{ event_id: string; paths: string[] }[]>(
    `SELECT event_id, paths FROM case_events_quarantine ORDER BY event_id`,
  );
  expect(Object.fromEntries(quarantined.map((q) => [q.event_id, q.paths]))).toEqual({
    [yearZero]: ['data.receivedAt'],
    [farDue]: ['data.dueAt'],
    [offset]: ['data.receivedAt'],
  });
  const rows = await ds.query<{ id: string; payload: { data: Record<string, unknown> } }[]>(
    `SELECT id, payload FROM case_events`,
  );
  const byId = new Map(rows.map((r) => [r.id, r.payload]));
  expect(byId.get(good)).toEqual(goodBefore);
  expect(byId.get(yearZero)?.data).not.toHaveProperty('receivedAt');
  expect(byId.get(farDue)?.data).not.toHaveProperty('dueAt');
  // Every remaining receivedAt casts: the query that used to fail now answers.
  await ds.query(
    `SELECT (payload->'data'->>'receivedAt')::timestamptz FROM case_events WHERE type = 'case.received'`,
  );
});
