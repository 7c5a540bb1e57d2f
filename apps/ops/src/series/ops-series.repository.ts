import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hub/persistence';
import type { DepartmentSyncCounts } from '@hub/read-models';
import { DataSource } from 'typeorm';
import { ROLLUP_SECONDS } from '../insights/ops-insights.repository';
import { type CallCounts, type InstanceCallCounts, callDeltas } from './adapter-calls';
import type { ShownState, StateChange } from './series-window';

/** One bucket of the city-wide samples. */
export interface CityBucket {
  at: Date;
  samples: number;
  avgRate: number;
  minRate: number;
  total: number;
  synced: number;
  backlog: number;
  dead: number;
  outboxBacklog: number;
  oldestUnsyncedSeconds: number;
  portalAttempts: number;
  portalFailed: number;
  portalSynced: number;
  portalWaitAvgSeconds: number | null;
  portalWaitMaxSeconds: number | null;
}

/** One bucket of a department's samples; `department` null for all of them together. */
export interface DepartmentBucket {
  at: Date;
  department: string | null;
  avgRate: number;
  minRate: number;
  backlog: number;
  total: number;
  synced: number;
}

// A sample's sync rate: 1 when nothing was accepted yet (nothing is missing), as the summary says.
const RATE = `CASE WHEN total = 0 THEN 1 ELSE synced::float8 / total END`;
/** $2 is the bucket width in seconds; a bucket starts at a multiple of it since the epoch. */
const BUCKET = (column: string): string =>
  `to_timestamp(floor(EXTRACT(EPOCH FROM ${column}) / $2::float8) * $2::float8)`;
/** $1 is the window's start: one bucket more before it, the base of the first difference. */
const SINCE = `$1::timestamptz - make_interval(secs => $2::float8)`;

const CITY_FROM_SAMPLES = `
  SELECT ${BUCKET('sampled_at')} AS at, count(*)::int AS samples,
         avg(${RATE}) AS avg_rate, min(${RATE}) AS min_rate,
         max(total)::float8 AS total, max(synced)::float8 AS synced,
         max(total - synced)::float8 AS backlog, max(dead)::float8 AS dead,
         max(outbox_backlog)::float8 AS outbox_backlog,
         max(oldest_unsynced_seconds) AS oldest_unsynced_seconds,
         sum(portal_attempts)::float8 AS portal_attempts, sum(portal_failed)::float8 AS portal_failed,
         sum(portal_synced)::float8 AS portal_synced,
         sum(portal_wait_avg_seconds * portal_synced)
           / NULLIF(sum(portal_synced) FILTER (WHERE portal_wait_avg_seconds IS NOT NULL), 0)
           AS portal_wait_avg_seconds,
         max(portal_wait_max_seconds) AS portal_wait_max_seconds
    FROM ops_sync_samples WHERE sampled_at >= ${SINCE}
   GROUP BY 1 ORDER BY 1`;

const CITY_FROM_ROLLUPS = `
  SELECT ${BUCKET('bucket_at')} AS at, sum(samples)::int AS samples,
         sum(rate_sum) / sum(samples) AS avg_rate, min(min_rate) AS min_rate,
         max(total)::float8 AS total, max(synced)::float8 AS synced,
         max(backlog)::float8 AS backlog, max(dead)::float8 AS dead,
         max(outbox_backlog)::float8 AS outbox_backlog,
         max(oldest_unsynced_seconds) AS oldest_unsynced_seconds,
         sum(portal_attempts)::float8 AS portal_attempts, sum(portal_failed)::float8 AS portal_failed,
         sum(portal_synced)::float8 AS portal_synced,
         sum(portal_wait_sum) / NULLIF(sum(portal_wait_synced), 0) AS portal_wait_avg_seconds,
         max(portal_wait_max_seconds) AS portal_wait_max_seconds
    FROM ops_sync_rollups WHERE bucket_at >= ${SINCE}
   GROUP BY 1 ORDER BY 1`;

// Per department, and (department NULL) the city: the departments summed per sample instant.
const DEPARTMENTS_FROM_SAMPLES = `
  WITH s AS (SELECT * FROM ops_department_samples WHERE sampled_at >= ${SINCE}),
       city AS (SELECT sampled_at, sum(total) AS total, sum(synced) AS synced FROM s GROUP BY sampled_at)
  SELECT ${BUCKET('sampled_at')} AS at, department, avg(${RATE}) AS avg_rate, min(${RATE}) AS min_rate,
         max(total - synced)::float8 AS backlog, max(total)::float8 AS total, max(synced)::float8 AS synced
    FROM s GROUP BY 1, 2
  UNION ALL
  SELECT ${BUCKET('sampled_at')}, NULL, avg(${RATE}), min(${RATE}),
         max(total - synced)::float8, max(total)::float8, max(synced)::float8
    FROM city GROUP BY 1
  ORDER BY 2 NULLS FIRST, 1`;

// From the rollups the city is its own samples' rollup: a sum of the departments' lowest rates
// would not be the city's lowest.
const DEPARTMENTS_FROM_ROLLUPS = `
  SELECT ${BUCKET('bucket_at')} AS at, department, sum(rate_sum) / sum(samples) AS avg_rate,
         min(min_rate) AS min_rate, max(backlog)::float8 AS backlog, max(total)::float8 AS total,
         max(synced)::float8 AS synced
    FROM ops_department_rollups WHERE bucket_at >= ${SINCE} GROUP BY 1, 2
  UNION ALL
  SELECT ${BUCKET('bucket_at')}, NULL, sum(rate_sum) / sum(samples), min(min_rate),
         max(backlog)::float8, max(total)::float8, max(synced)::float8
    FROM ops_sync_rollups WHERE bucket_at >= ${SINCE} GROUP BY 1
  ORDER BY 2 NULLS FIRST, 1`;

/** One bucket of an adapter's calls: how many, how many got no answer, and the sent ones' time. */
export interface AdapterCallBucket extends CallCounts {
  at: Date;
  adapter: string;
}

const ADAPTER_CALLS = (table: string, at: string): string => `
  SELECT ${BUCKET(at)} AS at, adapter, sum(calls)::float8 AS calls,
         sum(failures)::float8 AS failures, sum(sent)::float8 AS sent, sum(sent_seconds) AS sent_seconds
    FROM ${table} WHERE ${at} >= ${SINCE}
   GROUP BY 1, 2 ORDER BY 2, 1`;

/** Serialises replicas writing call deltas: each counts from the totals the one before left. */
const ADAPTER_CALLS_LOCK = 1_765_990_001;

const fromRollups = (bucketSeconds: number): boolean => bucketSeconds % ROLLUP_SECONDS === 0;

function toCityBucket(r: Record<string, unknown>): CityBucket {
  return {
    at: r['at'] as Date,
    samples: r['samples'] as number,
    avgRate: r['avg_rate'] as number,
    minRate: r['min_rate'] as number,
    total: r['total'] as number,
    synced: r['synced'] as number,
    backlog: r['backlog'] as number,
    dead: r['dead'] as number,
    outboxBacklog: r['outbox_backlog'] as number,
    oldestUnsyncedSeconds: r['oldest_unsynced_seconds'] as number,
    portalAttempts: r['portal_attempts'] as number,
    portalFailed: r['portal_failed'] as number,
    portalSynced: r['portal_synced'] as number,
    portalWaitAvgSeconds: r['portal_wait_avg_seconds'] as number | null,
    portalWaitMaxSeconds: r['portal_wait_max_seconds'] as number | null,
  };
}

/**
 * Ops' own time series: the city samples (written by OpsInsightsRepository.writeSample), the
 * departments' samples and the breakers' state changes, read by range in buckets. Each read
 * starts one bucket before `from`: the base the first bucket's throughput is measured from.
 * Buckets of whole quarter hours (the 7- and 30-day ranges) are read from the rollups kept as
 * the samples are written.
 */
@Injectable()
export class OpsSeriesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async cityBuckets(from: Date, bucketSeconds: number): Promise<CityBucket[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      fromRollups(bucketSeconds) ? CITY_FROM_ROLLUPS : CITY_FROM_SAMPLES,
      [from, bucketSeconds],
    );
    return rows.map(toCityBucket);
  }

  /**
   * Stores each department's counts in the bucket `now()` falls in (the first replica wins), and
   * folds the rows written into their quarter hour's rollup.
   */
  async writeDepartmentSample(
    departments: DepartmentSyncCounts[],
    bucketSeconds: number,
  ): Promise<void> {
    if (departments.length === 0) return;
    await this.ds.query(
      `WITH ins AS (
         INSERT INTO ops_department_samples (sampled_at, department, total, synced, dead)
         SELECT to_timestamp(floor(EXTRACT(EPOCH FROM now()) / $1) * $1), u.d, u.t, u.s, u.x
           FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) AS u(d, t, s, x)
         ON CONFLICT (sampled_at, department) DO NOTHING
         RETURNING *)
       INSERT INTO ops_department_rollups AS r (bucket_at, department, samples, rate_sum, min_rate, total, synced, backlog)
       SELECT to_timestamp(floor(EXTRACT(EPOCH FROM sampled_at) / ${ROLLUP_SECONDS}) * ${ROLLUP_SECONDS}),
              department, 1, ${RATE}, ${RATE}, total, synced, total - synced
         FROM ins
       ON CONFLICT (bucket_at, department) DO UPDATE
         SET samples = r.samples + 1, rate_sum = r.rate_sum + EXCLUDED.rate_sum,
             min_rate = LEAST(r.min_rate, EXCLUDED.min_rate), total = GREATEST(r.total, EXCLUDED.total),
             synced = GREATEST(r.synced, EXCLUDED.synced), backlog = GREATEST(r.backlog, EXCLUDED.backlog)`,
      [
        bucketSeconds,
        departments.map((d) => d.department),
        departments.map((d) => d.total),
        departments.map((d) => d.synced),
        departments.map((d) => d.dead),
      ],
    );
  }

  /** Per department and bucket, and (department null) the city. */
  async departmentBuckets(from: Date, bucketSeconds: number): Promise<DepartmentBucket[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      fromRollups(bucketSeconds) ? DEPARTMENTS_FROM_ROLLUPS : DEPARTMENTS_FROM_SAMPLES,
      [from, bucketSeconds],
    );
    return rows.map((r) => ({
      at: r['at'] as Date,
      department: r['department'] as string | null,
      avgRate: r['avg_rate'] as number,
      minRate: r['min_rate'] as number,
      backlog: r['backlog'] as number,
      total: r['total'] as number,
      synced: r['synced'] as number,
    }));
  }

  /**
   * Records each adapter's state when it differs from the last one recorded. `at` is when the
   * adapter entered it (the processes' reports), never before the last recorded change. Two
   * replicas may both record a change: readers fold repeats.
   */
  async recordAdapterStates(
    states: { adapter: string; state: ShownState; since: Date | null }[],
  ): Promise<void> {
    if (states.length === 0) return;
    await this.ds.query(
      `WITH now_ AS (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(adapter, state, since)),
            last AS (SELECT DISTINCT ON (adapter) adapter, state, at FROM ops_adapter_state_changes
                      WHERE adapter = ANY ($1::text[]) ORDER BY adapter, at DESC, id DESC)
       INSERT INTO ops_adapter_state_changes (adapter, state, at)
       SELECT n.adapter, n.state, GREATEST(COALESCE(n.since, now()), l.at)
         FROM now_ n LEFT JOIN last l ON l.adapter = n.adapter
        WHERE l.state IS DISTINCT FROM n.state`,
      [states.map((s) => s.adapter), states.map((s) => s.state), states.map((s) => s.since)],
    );
  }

  /**
   * Adds what each adapter's calls gained since the last sample (`callDeltas` of the processes'
   * running totals) to the sample bucket `now()` falls in and to its quarter hour, and keeps the
   * totals as the base of the next sample. Under an advisory lock, so replicas take turns and
   * each call is counted once.
   */
  async recordAdapterCalls(current: InstanceCallCounts[], bucketSeconds: number): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [ADAPTER_CALLS_LOCK]);
      const previous = await queryRows<InstanceCallCounts>(
        m,
        `SELECT adapter, instance, calls::float8 AS calls, failures::float8 AS failures,
                sent::float8 AS sent, sent_seconds AS "sentSeconds"
           FROM ops_adapter_call_cursors`,
      );
      const deltas = [...callDeltas(previous, current)].filter(([, d]) => d.calls > 0);
      if (deltas.length > 0) {
        const values = [
          deltas.map(([adapter]) => adapter),
          deltas.map(([, d]) => d.calls),
          deltas.map(([, d]) => d.failures),
          deltas.map(([, d]) => d.sent),
          deltas.map(([, d]) => d.sentSeconds),
        ];
        for (const [table, at, width] of [
          ['ops_adapter_call_samples', 'sampled_at', bucketSeconds],
          ['ops_adapter_call_rollups', 'bucket_at', ROLLUP_SECONDS],
        ] as const) {
          await m.query(
            `INSERT INTO ${table} AS t (${at}, adapter, calls, failures, sent, sent_seconds)
             SELECT to_timestamp(floor(EXTRACT(EPOCH FROM now()) / $1::float8) * $1::float8), u.*
               FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::float8[])
                 AS u(adapter, calls, failures, sent, sent_seconds)
             ON CONFLICT (${at}, adapter) DO UPDATE
               SET calls = t.calls + EXCLUDED.calls, failures = t.failures + EXCLUDED.failures,
                   sent = t.sent + EXCLUDED.sent, sent_seconds = t.sent_seconds + EXCLUDED.sent_seconds`,
            [width, ...values],
          );
        }
      }
      await m.query(`DELETE FROM ops_adapter_call_cursors`);
      if (current.length > 0) {
        await m.query(
          `INSERT INTO ops_adapter_call_cursors (adapter, instance, calls, failures, sent, sent_seconds)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::float8[])`,
          [
            current.map((c) => c.adapter),
            current.map((c) => c.instance),
            current.map((c) => c.calls),
            current.map((c) => c.failures),
            current.map((c) => c.sent),
            current.map((c) => c.sentSeconds),
          ],
        );
      }
    });
  }

  /** Each adapter's calls per bucket in the window (from the rollups for quarter-hour buckets). */
  async adapterCallBuckets(from: Date, bucketSeconds: number): Promise<AdapterCallBucket[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      fromRollups(bucketSeconds)
        ? ADAPTER_CALLS('ops_adapter_call_rollups', 'bucket_at')
        : ADAPTER_CALLS('ops_adapter_call_samples', 'sampled_at'),
      [from, bucketSeconds],
    );
    return rows.map((r) => ({
      at: r['at'] as Date,
      adapter: r['adapter'] as string,
      calls: r['calls'] as number,
      failures: r['failures'] as number,
      sent: r['sent'] as number,
      sentSeconds: r['sent_seconds'] as number,
    }));
  }

  /** Every adapter's changes in the window, with the last one before it (the state at its start). */
  async adapterChanges(from: Date): Promise<(StateChange & { adapter: string })[]> {
    return queryRows<StateChange & { adapter: string }>(
      this.ds,
      `SELECT adapter, state, at FROM ops_adapter_state_changes WHERE at >= $1
       UNION ALL
       (SELECT DISTINCT ON (adapter) adapter, state, at FROM ops_adapter_state_changes
         WHERE at < $1 ORDER BY adapter, at DESC, id DESC)`,
      [from],
    );
  }

  /**
   * Drops what is older than `days`: department samples, rollups, adapter calls, and breaker changes except each
   * adapter's last (its state since).
   */
  async prune(days: number): Promise<void> {
    const cutoff = `now() - make_interval(days => $1)`;
    await this.ds.query(`DELETE FROM ops_department_samples WHERE sampled_at < ${cutoff}`, [days]);
    await this.ds.query(`DELETE FROM ops_department_rollups WHERE bucket_at < ${cutoff}`, [days]);
    await this.ds.query(`DELETE FROM ops_sync_rollups WHERE bucket_at < ${cutoff}`, [days]);
    await this.ds.query(`DELETE FROM ops_adapter_call_samples WHERE sampled_at < ${cutoff}`, [
      days,
    ]);
    await this.ds.query(`DELETE FROM ops_adapter_call_rollups WHERE bucket_at < ${cutoff}`, [days]);
    await this.ds.query(
      `DELETE FROM ops_adapter_state_changes c
        WHERE c.at < ${cutoff}
          AND EXISTS (SELECT 1 FROM ops_adapter_state_changes n
                       WHERE n.adapter = c.adapter AND n.at < ${cutoff}
                         AND (n.at, n.id) > (c.at, c.id))`,
      [days],
    );
  }
}
