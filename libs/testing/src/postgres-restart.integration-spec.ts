import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { isAlive, startPostgres, waitFor } from '@hub/testing';

jest.setTimeout(60_000);

const DATA_DIR = "select current_setting('data_directory') as dir";

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('an embedded Postgres handle', () => {
  it('restarts on the same port and data dir, keeps its data, and is removed on stop', async () => {
    const pg = await startPostgres({ env: {}, preferEmbedded: true });
    if (pg.kind !== 'embedded' || pg.restart === undefined) {
      await pg.stop();
      return; // testcontainers took precedence: nothing of ours to restart
    }
    try {
      await query(pg.url, 'create table kept (n int primary key); insert into kept values (7)');
      const [{ dir }] = await query<{ dir: string }>(pg.url, DATA_DIR);
      const firstPid = pg.pid;
      // A client connected across the restart is cut off, as the apps' pools are.
      const survivor = new Client({ connectionString: pg.url });
      survivor.on('error', () => undefined);
      await survivor.connect();

      const restarted = pg.restart({ downForMs: 2000 });
      // It really is down for a while (nobody can connect), then back on the same URL.
      const refused = await waitFor(
        'a refused connection while down',
        () =>
          query(pg.url, 'select 1').then(
            () => false,
            () => true,
          ),
        10_000,
        50,
      );
      expect(refused).toBe(true);
      await restarted;

      expect(pg.pid).not.toBe(firstPid);
      expect(isAlive(firstPid!)).toBe(false);
      await expect(survivor.query('select 1')).rejects.toThrow();
      await survivor.end().catch(() => undefined);
      expect(await query<{ n: number }>(pg.url, 'select n from kept')).toEqual([{ n: 7 }]);
      expect(await query<{ dir: string }>(pg.url, DATA_DIR)).toEqual([{ dir }]);

      const secondPid = pg.pid!;
      await pg.stop();
      expect(isAlive(secondPid)).toBe(false);
      expect(existsSync(dirname(dir))).toBe(false);
    } finally {
      await pg.stop();
    }
  });
});
