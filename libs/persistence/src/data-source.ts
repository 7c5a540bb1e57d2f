import path from 'node:path';
import { DataSource } from 'typeorm';

/**
 * Every migration of the hub, found by folder: each app (and each lib with tables of its own)
 * keeps its schema in its own `src/migrations/`, and this lib, the database platform, imports
 * none of them. One history table, one run, in timestamp order across owners (a later owner's
 * view may read an earlier owner's table). Compiled builds load the `.js` files under `dist/`.
 */
export function migrationFiles(): string[] {
  const compiled = __filename.endsWith('.js');
  const root = path.resolve(__dirname, '../../..');
  return [`${root}/{apps,libs}/*/src/migrations/[0-9]*-*.${compiled ? 'js' : 'ts'}`];
}

export interface DataSourceOptions {
  url: string;
  applicationName: string;
  poolSize?: number;
  /**
   * Longest a statement may run before Postgres cancels it (`statement_timeout`), so a stalled
   * or locked database answers 503 within a bound instead of holding a request. The client gives
   * up 2 s later on its own (`query_timeout`), for a server that stopped answering altogether.
   * 0 turns both off (migrations, bulk tooling). Default 10 s.
   */
  statementTimeoutMs?: number;
  /**
   * Plan every execution of a prepared statement for its own parameters (`plan_cache_mode =
   * force_custom_plan`), for statements whose arrays hold 1 to hundreds of rows. Postgres
   * otherwise settles on a generic plan after five runs, costed for the table as it was then: one
   * made while a new hub's tables are nearly empty (a hash join over a sequential scan) is kept
   * while they grow, until an ANALYZE. Planning costs a little on every run; the parse is still
   * saved.
   */
  customPlans?: boolean;
}

/** Default `statementTimeoutMs`. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    // Repositories speak SQL (`queryRows`, `queryPrepared`); no entity is mapped.
    entities: [],
    migrations: migrationFiles(),
    migrationsTableName: 'hub_migrations',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      // Fail fast rather than hang a request when the pool is exhausted or Postgres is gone.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      ...statementTimeouts(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS),
      ...(options.customPlans ? { options: '-c plan_cache_mode=force_custom_plan' } : {}),
    },
  });
}

function statementTimeouts(ms: number): Record<string, number> {
  if (ms <= 0) return {};
  return { statement_timeout: ms, query_timeout: ms + 2000 };
}

/** Arbitrary but fixed: serialises concurrent migration runs (several replicas starting at once). */
const MIGRATION_LOCK = 7_264_501;

export async function runMigrations(url: string): Promise<void> {
  // A migration may rewrite a large table: no statement timeout.
  const ds = createDataSource({
    url,
    applicationName: 'hub-migrations',
    poolSize: 2,
    statementTimeoutMs: 0,
  });
  await ds.initialize();
  try {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  } finally {
    await ds.destroy();
  }
}

/** True when every migration the code knows has been applied. Apps refuse to start otherwise. */
export async function pendingMigrations(ds: DataSource): Promise<boolean> {
  return ds.showMigrations();
}
