import { queryRows, type Queryable } from './query';

/**
 * ANALYZE a work-queue table when many of its rows changed since its statistics were last taken.
 *
 * Claim queries walk partial indexes in order and stop at their LIMIT, but only when the planner
 * knows how many rows are waiting. A backlog built faster than autovacuum looks (it wakes once a
 * minute) leaves estimates of a few dozen rows where there are thousands; the planner then reads
 * and sorts every waiting row on each claim (seen in the backlog benchmark: 15 ms per claim over
 * 1,800 ready jobs instead of well under 1 ms). Cheap to call often: one row from the statistics
 * view, and ANALYZE samples at most 30,000 rows of the columns named.
 *
 * Not more often than every `minIntervalMs` (default 30 s) per table, whoever analyzed it last
 * (another replica, autovacuum): a queue drained at a thousand jobs a second changes a tenth of
 * itself every few seconds, and ANALYZE that often was a fifth of Postgres's busy time in the
 * backlog benchmark, for estimates that were already good enough to walk the indexes.
 */
export async function analyzeIfStale(
  db: Queryable,
  table: string,
  options: {
    minChanges?: number;
    fraction?: number;
    columns?: readonly string[];
    minIntervalMs?: number;
  } = {},
): Promise<boolean> {
  const plain = /^[a-z_][a-z0-9_]*$/;
  if (!plain.test(table)) throw new Error(`not a plain table name: ${table}`);
  const columns = options.columns ?? [];
  const odd = columns.find((c) => !plain.test(c));
  if (odd !== undefined) throw new Error(`not a plain column name: ${odd}`);
  const [row] = await queryRows<{ changed: string; live: string; recent: boolean }>(
    db,
    `SELECT n_mod_since_analyze AS changed, n_live_tup AS live,
            COALESCE(greatest(last_analyze, last_autoanalyze)
                       > now() - $2::bigint * interval '1 millisecond', false) AS recent
       FROM pg_stat_user_tables WHERE relid = $1::regclass`,
    [table, options.minIntervalMs ?? 30_000],
  );
  if (!row || row.recent) return false;
  const changed = Number(row.changed);
  const live = Number(row.live);
  if (changed < (options.minChanges ?? 1000) || changed < live * (options.fraction ?? 0.1))
    return false;
  // Only the columns claims filter and sort on: sampling a large jsonb payload column cost
  // 190 ms per ANALYZE of portal_sync_jobs in the benchmark.
  await db.query(`ANALYZE ${table}${columns.length > 0 ? ` (${columns.join(', ')})` : ''}`);
  return true;
}
