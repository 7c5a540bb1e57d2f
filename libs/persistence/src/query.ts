import { type EntityManager, QueryFailedError } from 'typeorm';

/** Anything that runs SQL: a DataSource or a transaction's EntityManager. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Runs a statement and returns its rows. TypeORM's postgres driver answers UPDATE/DELETE with
 * `[rows, rowCount]` but SELECT/INSERT with `rows`; this evens that out so callers cannot
 * mistake the pair for two rows.
 */
export async function queryRows<T>(
  db: Queryable,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const result = await db.query(sql, parameters);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

/** The part of a node-postgres client that runs a named (prepared) statement. */
interface PreparingClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Each prepared statement's text by name: one name for two texts fails on the first call. */
const preparedTexts = new Map<string, string>();

/**
 * Runs a statement of fixed text as a named prepared statement, so Postgres plans it once per
 * connection instead of on every call; planning was a tenth of the Postgres CPU of a one-event
 * gateway request. In a transaction it runs on the transaction's connection; outside one it takes
 * a pooled connection for this one statement, which commits on its own. The name must stand for
 * this text only.
 */
export async function queryPrepared<T>(
  db: EntityManager,
  name: string,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const known = preparedTexts.get(name);
  if (known === undefined) preparedTexts.set(name, sql);
  else if (known !== sql) throw new Error(`prepared statement name ${name} names two texts`);
  const inTransaction = db.queryRunner?.isTransactionActive === true;
  const runner =
    inTransaction && db.queryRunner ? db.queryRunner : db.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PreparingClient;
    return (await client.query({ name, text: sql, values: parameters })).rows as T[];
  } catch (e) {
    // the same error TypeORM raises for its own queries, driver fields (code, detail) included
    throw e instanceof QueryFailedError ? e : new QueryFailedError(sql, parameters, e as Error);
  } finally {
    if (!inTransaction) await runner.release();
  }
}
