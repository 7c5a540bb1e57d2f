import type { DataSource } from 'typeorm';

/**
 * Runs `work` while holding the session advisory lock `key` on a connection of its own, so that
 * across replicas one runs it at a time; undefined (and `work` not run) when another holds it.
 * The lock goes with the connection, so a replica that dies mid-work frees it.
 */
export async function withAdvisoryLock<T>(
  ds: DataSource,
  key: number,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const [got] = (await runner.query('SELECT pg_try_advisory_lock($1) AS got', [key])) as [
      { got: boolean },
    ];
    if (!got.got) return undefined;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
