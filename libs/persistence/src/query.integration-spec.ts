import { startPostgres, type PostgresHandle } from '@hub/testing';
import {
  createDataSource,
  isDatabaseUnavailable,
  queryPrepared,
  queryRows,
} from '@hub/persistence';
import { QueryFailedError, type DataSource } from 'typeorm';

jest.setTimeout(30_000);

let pg: PostgresHandle;
let ds: DataSource;

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  // one connection, so every transaction below runs on the same one
  ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 1 });
  await ds.initialize();
  await ds.query(`CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)`);
  await ds.query(`INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')`);
});

afterAll(async () => {
  await ds?.destroy();
  await pg?.stop();
});

const BY_IDS = 'SELECT id, name FROM items WHERE id = ANY($1::int[]) ORDER BY id';

async function preparedNames(): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    ds,
    'SELECT name FROM pg_prepared_statements ORDER BY name',
  );
  return rows.map((r) => r.name);
}

describe('queryPrepared (real Postgres)', () => {
  it('answers the rows, and the connection keeps the statement for the next transaction', async () => {
    const first = await ds.transaction((tx) =>
      queryPrepared<{ id: number; name: string }>(tx, 'test_items_by_ids', BY_IDS, [[3, 1]]),
    );
    expect(first).toEqual([
      { id: 1, name: 'one' },
      { id: 3, name: 'three' },
    ]);
    expect(await preparedNames()).toEqual(['test_items_by_ids']);

    const second = await ds.transaction((tx) =>
      queryPrepared<{ id: number }>(tx, 'test_items_by_ids', BY_IDS, [[2]]),
    );
    expect(second).toEqual([{ id: 2, name: 'two' }]);
    expect(await preparedNames()).toEqual(['test_items_by_ids']);
  });

  it('raises what TypeORM raises, with the driver code, and rolls the transaction back', async () => {
    const failure = await ds
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO items VALUES (10, 'ten')`);
        await queryPrepared(tx, 'test_items_insert', 'INSERT INTO items VALUES ($1, $2)', [1, 'x']);
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(failure).toMatchObject({ code: '23505' });
    expect(isDatabaseUnavailable(failure)).toBe(false);
    expect(await queryRows(ds, 'SELECT id FROM items WHERE id = 10')).toEqual([]);
  });

  it('outside a transaction, prepares on a pooled connection and commits on its own', async () => {
    const rows = await queryPrepared<{ id: number }>(
      ds.manager,
      'test_items_insert_outside',
      'INSERT INTO items VALUES ($1, $2) RETURNING id',
      [20, 'twenty'],
    );
    expect(rows).toEqual([{ id: 20 }]);
    expect(await preparedNames()).toContain('test_items_insert_outside');
    expect(await queryRows(ds, 'SELECT name FROM items WHERE id = 20')).toEqual([
      { name: 'twenty' },
    ]);
    // and the connection went back to the pool: the next query can have it
    await expect(
      queryPrepared(
        ds.manager,
        'test_items_insert_outside',
        'INSERT INTO items VALUES ($1, $2) RETURNING id',
        [20, 'again'],
      ),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await queryRows(ds, 'SELECT count(*)::int AS n FROM items')).toEqual([{ n: 4 }]);
  });

  it('refuses one name for two texts, before anything reaches Postgres', async () => {
    await ds.transaction((tx) => queryPrepared(tx, 'test_items_named_once', BY_IDS, [[1]]));
    await expect(
      ds.transaction((tx) =>
        queryPrepared(tx, 'test_items_named_once', 'SELECT 1 FROM items WHERE id = $1', [1]),
      ),
    ).rejects.toThrow('prepared statement name test_items_named_once names two texts');
  });
});
