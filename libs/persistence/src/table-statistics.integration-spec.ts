import { startPostgres, type PostgresHandle } from '@hub/testing';
import { analyzeIfStale, createDataSource, queryRows } from '@hub/persistence';
import type { DataSource } from 'typeorm';

jest.setTimeout(30_000);

let pg: PostgresHandle;
let ds: DataSource;

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  ds = createDataSource({ url: pg.url, applicationName: 'test' });
  await ds.initialize();
  await ds.query(`CREATE TABLE queue_items (id int PRIMARY KEY, state text NOT NULL)`);
});

afterAll(async () => {
  await ds?.destroy();
  await pg?.stop();
});

/** The planner's idea of the table's size, and when it was last analyzed. */
async function statistics(): Promise<{ estimate: number; analyzedAt: Date | null }> {
  const [row] = await queryRows<{ estimate: number; analyzed: Date | null }>(
    ds,
    `SELECT c.reltuples::int AS estimate, s.last_analyze AS analyzed
       FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relname = 'queue_items'`,
  );
  return { estimate: row.estimate, analyzedAt: row.analyzed };
}

/** Row changes reach pg_stat_user_tables when the writing backend flushes its statistics. */
async function changesSeen(atLeast: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const [row] = await queryRows<{ n: string }>(
      ds,
      `SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE relname = 'queue_items'`,
    );
    if (Number(row.n) >= atLeast) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`fewer than ${atLeast} changes recorded`);
}

it('leaves a table alone after few changes and analyzes it after a burst', async () => {
  await ds.query(`INSERT INTO queue_items SELECT g, 'pending' FROM generate_series(1, 100) g`);
  await changesSeen(100);
  expect(await analyzeIfStale(ds, 'queue_items')).toBe(false);
  expect((await statistics()).analyzedAt).toBeNull();

  await ds.query(`INSERT INTO queue_items SELECT g, 'pending' FROM generate_series(101, 5000) g`);
  await changesSeen(5000);
  expect(await analyzeIfStale(ds, 'queue_items')).toBe(true);
  const after = await statistics();
  expect(after.analyzedAt).not.toBeNull();
  expect(after.estimate).toBe(5000);
  // Straight after, nothing has changed since: no second ANALYZE.
  expect(await analyzeIfStale(ds, 'queue_items')).toBe(false);
});

it('needs changes in proportion to the table as well as a minimum', async () => {
  await ds.query(`UPDATE queue_items SET state = 'done' WHERE id <= 200`);
  await changesSeen(200);
  // 200 changes of 5,000 rows: under both the default minimum and a tenth of the table.
  expect(await analyzeIfStale(ds, 'queue_items', { minChanges: 100, minIntervalMs: 0 })).toBe(
    false,
  );
  expect(
    await analyzeIfStale(ds, 'queue_items', { minChanges: 100, fraction: 0.01, minIntervalMs: 0 }),
  ).toBe(true);
});

it('can take statistics of named columns only', async () => {
  await ds.query(`ALTER TABLE queue_items ADD COLUMN tag text`);
  await ds.query(`UPDATE queue_items SET state = 'archived', tag = 'x' WHERE id > 200`);
  await changesSeen(4800);
  expect(await analyzeIfStale(ds, 'queue_items', { columns: ['state'], minIntervalMs: 0 })).toBe(
    true,
  );
  const columns = await queryRows<{ attname: string; values: string | null }>(
    ds,
    `SELECT attname, most_common_vals::text AS values FROM pg_stats
      WHERE tablename = 'queue_items' ORDER BY attname`,
  );
  // state's statistics are fresh; tag, added since the last full ANALYZE, has none.
  expect(columns.map((c) => c.attname)).toEqual(['id', 'state']);
  expect(columns.find((c) => c.attname === 'state')?.values).toContain('archived');
});

it('analyzes a table at most once per interval, however much it changes', async () => {
  await ds.query(`UPDATE queue_items SET state = 'pending'`);
  await changesSeen(5000);
  // Analyzed by the test before, well inside the default 30 s.
  expect(await analyzeIfStale(ds, 'queue_items')).toBe(false);
  const before = (await statistics()).analyzedAt;
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(await analyzeIfStale(ds, 'queue_items', { minIntervalMs: 30_000 })).toBe(false);
  expect(await analyzeIfStale(ds, 'queue_items', { minIntervalMs: 500 })).toBe(true);
  expect((await statistics()).analyzedAt?.getTime()).toBeGreaterThan(before?.getTime() ?? 0);
});

it('refuses anything but plain table and column names', async () => {
  await expect(analyzeIfStale(ds, 'queue_items; DROP TABLE queue_items')).rejects.toThrow(
    'not a plain table name',
  );
  await expect(
    analyzeIfStale(ds, 'queue_items', { columns: ['state); DROP TABLE queue_items; --'] }),
  ).rejects.toThrow('not a plain column name');
});
