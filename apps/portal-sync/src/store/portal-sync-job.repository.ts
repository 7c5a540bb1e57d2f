import type { DataSource, EntityManager } from 'typeorm';
import { CLEAR_LEASE, LeaseQueue } from '@hub/durable-work';
import {
  analyzeIfStale,
  enqueueOutbox,
  outboxLane,
  queryPrepared,
  queryRows,
  type OutboxMessage,
} from '@hub/persistence';
import { PortalSyncJobRecord, type SyncJobState } from './portal-sync-job.record';

export interface NewSyncJob {
  eventId: string;
  caseCode: string;
  department: string;
  sequence: number;
  /** Events the hub originates follow the department's `sequence` as 1, 2, ...; 0 (default) else. */
  hubSequence?: number;
  eventType: string;
  event: Record<string, unknown>;
  acceptedAt: Date;
  /** When the record was published to Kafka (its timestamp), for the case timeline. */
  publishedAt?: Date;
  /** The W3C traceparent the job's sync continues (libs/tracing); absent when tracing is off. */
  traceParent?: string;
}

export type SyncJobResult =
  | { state: 'synced'; portalStatus: string | null }
  | {
      state: 'retrying';
      /** The dossier write of this event was applied although the attempt as a whole failed. */
      dossierSynced: boolean;
      nextAttemptAt: Date;
      errorCode: string;
      errorMessage: string;
      attempted: boolean;
    }
  | { state: 'dead'; errorCode: string; errorMessage: string; dossierSynced: boolean };

/** What one attempt came to, recorded by the worker that holds the job's lease. */
export interface SyncAttemptRecord {
  eventId: string;
  worker: string;
  result: SyncJobResult;
  /**
   * The job as this worker claimed it. When every outcome of a batch is synced and carries it,
   * the batch is recorded in ONE statement (see `recordAllSynced`); otherwise in a transaction of
   * several.
   */
  claimed?: PortalSyncJobRecord;
}

type SyncedAttempt = SyncAttemptRecord & {
  result: { state: 'synced' };
  claimed: PortalSyncJobRecord;
};

/**
 * Synced outcomes, their next jobs made ready, their attempt rows and their announcements, as one
 * statement of data-modifying CTEs: one round trip instead of a transaction of six. Only a job
 * still leased by the worker, with the attempt count it was claimed with, is updated; the
 * announcements were built from the claimed job and are stored only for the jobs updated.
 */
const RECORD_ALL_SYNCED = `
  WITH done AS (
    UPDATE portal_sync_jobs j
       SET state = 'synced', attempts = j.attempts + 1, synced_at = now(),
           portal_status = v.portal_status, ${CLEAR_LEASE}
      FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
             AS v(event_id, worker, portal_status, attempts)
     WHERE j.event_id = v.event_id AND j.leased_by = v.worker AND j.attempts = v.attempts
    RETURNING j.*
  ), ready AS (
    UPDATE portal_sync_jobs n SET predecessor_synced = true
      FROM done d
     WHERE ${nextJob('n', 'd')} AND NOT n.predecessor_synced
  ), tried AS (
    INSERT INTO portal_sync_attempts (event_id, outcome, portal_status)
    SELECT event_id, 'synced', portal_status FROM done
  ), announced AS (
    INSERT INTO outbox (lane, topic, message_key, headers, value)
    SELECT m.lane, m.topic, m.message_key, m.headers::jsonb, m.value
      FROM unnest($5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])
             WITH ORDINALITY AS m(event_id, lane, topic, message_key, headers, value, ord)
     WHERE m.event_id IN (SELECT event_id FROM done)
     ORDER BY m.ord
  )
  SELECT * FROM done`;

/**
 * SQL: the job is pending or retrying. The redundant `predecessor_synced OR NOT predecessor_synced`
 * lets the planner answer each half from its partial index (`portal_sync_jobs_ready`,
 * `portal_sync_jobs_blocked`); without it, it scanned every job ever made (0.25 s at a million).
 */
const WAITING_JOBS = `state IN ('pending', 'retrying') AND (predecessor_synced OR NOT predecessor_synced)`;

/**
 * The queue: a job is due when it is waiting, its time has come, no live lease holds it and the
 * case's previous sequence is synced (`predecessor_synced`, checked again by `predecessorSynced`
 * so that a wrong hint can never break a case's order); oldest due first.
 */
const JOBS = new LeaseQueue({
  table: 'portal_sync_jobs',
  key: 'event_id',
  waiting: `d.state IN ('pending', 'retrying') AND d.predecessor_synced AND ${predecessorSynced('d')}`,
  order: 'd.next_attempt_at, d.accepted_at',
});

export const RELEASE_LEASES = JOBS.releaseAllStatement(WAITING_JOBS);

export const WAKE_WAITING = `UPDATE portal_sync_jobs SET next_attempt_at = now()
  WHERE ${WAITING_JOBS} AND next_attempt_at > now() RETURNING 1`;

/** Where a walk over the not-ready jobs stopped (see `markReadyJobs`). */
export interface SweepPosition {
  caseCode: string;
  sequence: number;
}

/** Advisory-lock key of the sync-count compaction (apart from the outbox lanes and migrations). */
const SYNC_COUNTS_COMPACTION_LOCK = 7_264_503;

/**
 * Durable portal sync jobs. A job is due when it is pending or retrying, its time has come, no
 * live lease holds it, and the case's previous sequence is synced: so at most one job per case is
 * ever due, which is what keeps each case in order while every other case flows.
 */
export class PortalSyncJobRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Idempotent by event id: a redelivered Kafka message inserts nothing. A job is marked
   * `predecessor_synced` when it is its case's first or the previous sequence is synced already;
   * otherwise the sync of the previous one marks it (see `recordMany`).
   */
  async insertJobs(jobs: NewSyncJob[]): Promise<number> {
    if (jobs.length === 0) return 0;
    const params: unknown[] = [];
    const rows = jobs.map((j, i) => {
      params.push(
        j.eventId,
        j.caseCode,
        j.department,
        j.sequence,
        j.hubSequence ?? 0,
        j.eventType,
        JSON.stringify(j.event),
        j.acceptedAt,
        j.publishedAt ?? null,
        j.traceParent ?? null,
      );
      const b = i * 10;
      return `($${b + 1}::text, $${b + 2}::text, $${b + 3}::text, $${b + 4}::int, $${b + 5}::int, $${b + 6}::text, $${b + 7}::jsonb, $${b + 8}::timestamptz, $${b + 9}::timestamptz, $${b + 10}::text)`;
    });
    const inserted = await queryRows<{
      case_code: string;
      sequence: number;
      hub_sequence: number;
      ready: boolean;
    }>(
      this.ds,
      `INSERT INTO portal_sync_jobs (event_id, case_code, department, sequence, hub_sequence, event_type, event, state, accepted_at, published_at, trace_parent, predecessor_synced)
       SELECT v.event_id, v.case_code, v.department, v.sequence, v.hub_sequence, v.event_type, v.event, 'pending', v.accepted_at, v.published_at, v.trace_parent,
              ${predecessorSynced('v')}
         FROM (VALUES ${rows.join(', ')}) AS v(event_id, case_code, department, sequence, hub_sequence, event_type, event, accepted_at, published_at, trace_parent)
       ON CONFLICT DO NOTHING RETURNING case_code, sequence, hub_sequence, predecessor_synced AS ready`,
      params,
    );
    // The previous job may have been synced while this insert ran, too late for either
    // statement to see the other: look again now that the insert is committed. (A sync that
    // commits in the instant between the two is left to the periodic sweep, markReadyJobs.)
    const waiting = inserted.filter((r) => !r.ready && (r.sequence > 1 || r.hub_sequence > 0));
    if (waiting.length > 0) {
      await this.ds.query(
        `UPDATE portal_sync_jobs d SET predecessor_synced = true
           FROM unnest($1::text[], $2::int[], $3::int[]) AS v(case_code, sequence, hub_sequence)
          WHERE d.case_code = v.case_code AND d.sequence = v.sequence
            AND d.hub_sequence = v.hub_sequence AND NOT d.predecessor_synced
            AND ${predecessorSynced('d')}`,
        [
          waiting.map((r) => r.case_code),
          waiting.map((r) => r.sequence),
          waiting.map((r) => r.hub_sequence),
        ],
      );
    }
    return inserted.length;
  }

  /**
   * Creates the jobs of accepted events that never arrived through Kafka (a lost record, a topic
   * that was recreated, a consumer that fell behind retention). Every accepted event is in
   * the gateway's published events (`gateway_api.case_events`), so a job can always be made from it; the Kafka path stays the fast one, and
   * ON CONFLICT makes the two paths safe to race. Only events older than `olderThanMs` are taken.
   */
  async backfillMissingJobs(olderThanMs: number, limit: number): Promise<number> {
    const rows = await queryRows(
      this.ds,
      `INSERT INTO portal_sync_jobs (event_id, case_code, department, sequence, hub_sequence, event_type, event, state, accepted_at, predecessor_synced)
       SELECT e.id, e.case_code, e.department, e.sequence, e.hub_sequence, e.type, e.payload, 'pending', e.accepted_at,
              ${predecessorSynced('e')}
         FROM gateway_api.case_events e
        WHERE e.accepted_at < now() - ($1::int * interval '1 millisecond')
          AND NOT EXISTS (SELECT 1 FROM portal_sync_jobs j WHERE j.event_id = e.id)
        ORDER BY e.accepted_at
        LIMIT $2
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [olderThanMs, limit],
    );
    return rows.length;
  }

  /**
   * The safety net of the `predecessor_synced` hint: marks waiting jobs whose previous sequence is
   * synced but that no sync or insert marked (a race of the two, or a job the reconciliation put
   * back). Normally finds nothing. Walks the not-ready jobs in (case, sequence) order, `limit` at a
   * time from `after`, so that a sweep costs the same however large a backlog waits (every job of
   * a backlog waits behind its case's previous one; testing them all each time cost 0.4 s per
   * 600,000). `next` is where the following call goes on, undefined once the walk reached the end.
   */
  async markReadyJobs(
    slice: { after?: SweepPosition; limit?: number } = {},
  ): Promise<{ marked: number; next: SweepPosition | undefined }> {
    const limit = slice.limit ?? 10_000;
    const [row] = await queryRows<{
      marked: number;
      last_case: string | null;
      last_sequence: number | null;
      walked: number;
    }>(
      this.ds,
      `WITH slice AS (
         SELECT case_code, sequence FROM portal_sync_jobs
          WHERE state IN ('pending', 'retrying') AND NOT predecessor_synced
            AND ($1::text IS NULL OR (case_code, sequence) > ($1::text, $2::int))
          ORDER BY case_code, sequence LIMIT $3
       ), marked AS (
         UPDATE portal_sync_jobs d SET predecessor_synced = true
           FROM slice s
          WHERE d.case_code = s.case_code AND d.sequence = s.sequence
            AND d.state IN ('pending', 'retrying') AND NOT d.predecessor_synced
            AND ${predecessorSynced('d')}
         RETURNING 1
       ), last AS (
         SELECT case_code, sequence FROM slice ORDER BY case_code DESC, sequence DESC LIMIT 1
       )
       SELECT (SELECT count(*) FROM marked)::int AS marked, (SELECT count(*) FROM slice)::int AS walked,
              (SELECT case_code FROM last) AS last_case, (SELECT sequence FROM last) AS last_sequence`,
      [slice.after?.caseCode ?? null, slice.after?.sequence ?? 0, limit],
    );
    const next =
      row.walked < limit || row.last_case === null || row.last_sequence === null
        ? undefined
        : { caseCode: row.last_case, sequence: row.last_sequence };
    return { marked: row.marked, next };
  }

  /**
   * Deletes the sequence gaps that were filled after all (two transactions made a case's
   * neighbouring jobs at once and neither saw the other); the held-cases view ignores them
   * anyway, this keeps the table as small as the truly held cases. Returns how many went.
   */
  async forgetFilledGaps(): Promise<number> {
    const rows = await queryRows(
      this.ds,
      `DELETE FROM sync_sequence_gaps g
        WHERE EXISTS (SELECT 1 FROM portal_sync_jobs p
                       WHERE p.case_code = g.case_code AND p.sequence = g.sequence - 1
                         AND p.hub_sequence = 0)
       RETURNING 1`,
    );
    return rows.length;
  }

  /**
   * Leases up to `limit` due jobs, oldest due first. The search walks the small index of jobs
   * whose predecessor is synced; the predecessor is checked again here, so a case's order holds
   * even if the hint were wrong.
   */
  async claimDue(limit: number, worker: string, leaseMs: number): Promise<PortalSyncJobRecord[]> {
    return (await this.claimDueWithHistories(limit, worker, leaseMs)).map((c) => c.job);
  }

  /**
   * `claimDue`, and with each job its case's events up to and including it, in order (the portal
   * dossier is their fold): one statement, one round trip, for a whole claim. The history is
   * read in the statement's snapshot; the claim changes no event, so it is the same as after.
   */
  async claimDueWithHistories(
    limit: number,
    worker: string,
    leaseMs: number,
  ): Promise<{ job: PortalSyncJobRecord; history: Record<string, unknown>[] }[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      `WITH claimed AS (${JOBS.claimStatement})
       -- an index lookup per job (portal_sync_jobs_case_sequence)
       SELECT c.*, (SELECT jsonb_agg(x.event ORDER BY x.sequence, x.hub_sequence)
                      FROM portal_sync_jobs x
                     WHERE x.case_code = c.case_code
                       AND (x.sequence, x.hub_sequence) <= (c.sequence, c.hub_sequence)) AS history
         FROM claimed c`,
      [limit, worker, leaseMs],
    );
    return rows.map((r) => ({
      job: toRecord(r),
      history: r['history'] as Record<string, unknown>[],
    }));
  }

  /** Fresh planner statistics after a burst of new jobs; see `analyzeIfStale`. */
  refreshStatistics(): Promise<boolean> {
    return analyzeIfStale(this.ds, 'portal_sync_jobs', {
      columns: [
        'state',
        'predecessor_synced',
        'next_attempt_at',
        'accepted_at',
        'lease_until',
        'case_code',
        'sequence',
        'hub_sequence',
      ],
    });
  }

  /** One attempt's outcome; see `recordMany`. */
  async record(
    eventId: string,
    worker: string,
    result: SyncJobResult,
    announce: (job: PortalSyncJobRecord) => OutboxMessage,
  ): Promise<PortalSyncJobRecord | undefined> {
    const [recorded] = await this.recordMany([{ eventId, worker, result }], announce);
    return recorded;
  }

  /**
   * Records attempts' outcomes and their announcements in one transaction, answering in the
   * order given. Only the lease holder may record: an entry whose worker's lease ran out (and
   * whose job was taken over) changes nothing and answers `undefined`. A synced job marks the
   * case's next job as ready to be claimed.
   */
  async recordMany(
    entries: readonly SyncAttemptRecord[],
    announce: (job: PortalSyncJobRecord) => OutboxMessage,
  ): Promise<(PortalSyncJobRecord | undefined)[]> {
    if (entries.length === 0) return [];
    const allSynced = entries.every(
      (e): e is SyncedAttempt => e.result.state === 'synced' && e.claimed !== undefined,
    );
    if (allSynced) return this.recordAllSynced(entries, announce);
    return this.ds.transaction(async (tx) => {
      const updated = new Map<string, PortalSyncJobRecord>();
      const synced = entries.filter(
        (e): e is SyncAttemptRecord & { result: { state: 'synced' } } =>
          e.result.state === 'synced',
      );
      if (synced.length > 0) {
        // Prepared, as the two statements below: one plan per connection for every outcome.
        const rows = await queryPrepared<Record<string, unknown>>(
          tx,
          'hub_sync_record_synced',
          `UPDATE portal_sync_jobs j
              SET state = 'synced', attempts = j.attempts + 1, synced_at = now(),
                  portal_status = v.portal_status, ${CLEAR_LEASE}
             FROM unnest($1::text[], $2::text[], $3::text[]) AS v(event_id, worker, portal_status)
            WHERE j.event_id = v.event_id AND j.leased_by = v.worker
           RETURNING j.*`,
          [
            synced.map((e) => e.eventId),
            synced.map((e) => e.worker),
            synced.map((e) => e.result.portalStatus),
          ],
        );
        for (const r of rows) updated.set(r['event_id'] as string, toRecord(r));
        const done = [...updated.values()];
        if (done.length > 0) {
          await queryPrepared(
            tx,
            'hub_sync_ready_next',
            `UPDATE portal_sync_jobs n SET predecessor_synced = true
               FROM unnest($1::text[], $2::int[], $3::int[]) AS d(case_code, sequence, hub_sequence)
              WHERE ${nextJob('n', 'd')} AND NOT n.predecessor_synced`,
            [
              done.map((j) => j.caseCode),
              done.map((j) => j.sequence),
              done.map((j) => j.hubSequence),
            ],
          );
        }
      }
      for (const e of entries) {
        if (e.result.state === 'synced') continue;
        const row = await this.applyFailure(tx, e.eventId, e.worker, e.result);
        if (row) updated.set(e.eventId, row);
      }
      // One row per portal attempt, for the case timeline in the ops console. A retry that never
      // reached the portal (breaker open) is not an attempt, as in the attempts counter.
      const attempts = entries.filter(
        (e) => updated.has(e.eventId) && (e.result.state !== 'retrying' || e.result.attempted),
      );
      if (attempts.length > 0) {
        const failure = (r: SyncJobResult) => (r.state === 'synced' ? null : r);
        await queryPrepared(
          tx,
          'hub_sync_record_attempts',
          `INSERT INTO portal_sync_attempts (event_id, outcome, error_code, error_message, portal_status)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
          [
            attempts.map((e) => e.eventId),
            attempts.map((e) => e.result.state),
            attempts.map((e) => failure(e.result)?.errorCode ?? null),
            attempts.map((e) => failure(e.result)?.errorMessage ?? null),
            attempts.map((e) => (e.result.state === 'synced' ? e.result.portalStatus : null)),
          ],
        );
      }
      const answers = entries.map((e) => updated.get(e.eventId));
      await enqueueOutbox(
        tx,
        answers.filter((j) => j !== undefined).map((j) => announce(j)),
      );
      return answers;
    });
  }

  private async recordAllSynced(
    entries: readonly SyncedAttempt[],
    announce: (job: PortalSyncJobRecord) => OutboxMessage,
  ): Promise<(PortalSyncJobRecord | undefined)[]> {
    const messages = entries.map((e) => {
      const job = Object.assign(new PortalSyncJobRecord(), {
        ...e.claimed,
        state: 'synced',
        attempts: e.claimed.attempts + 1,
        portalStatus: e.result.portalStatus,
        leaseUntil: null,
        leasedBy: null,
      });
      return announce(job);
    });
    // one statement that commits on its own: no BEGIN or COMMIT round trip
    const rows = await queryPrepared<Record<string, unknown>>(
      this.ds.manager,
      'hub_sync_record_all_synced',
      RECORD_ALL_SYNCED,
      [
        entries.map((e) => e.eventId),
        entries.map((e) => e.worker),
        entries.map((e) => e.result.portalStatus),
        entries.map((e) => e.claimed.attempts),
        entries.map((e) => e.eventId),
        messages.map((m) => outboxLane(m.key)),
        messages.map((m) => m.topic),
        messages.map((m) => m.key),
        messages.map((m) => JSON.stringify(m.headers)),
        messages.map((m) => m.value),
      ],
    );
    const updated = new Map(rows.map((r) => [r['event_id'] as string, toRecord(r)]));
    return entries.map((e) => updated.get(e.eventId));
  }

  private async applyFailure(
    tx: EntityManager,
    eventId: string,
    worker: string,
    result: Exclude<SyncJobResult, { state: 'synced' }>,
  ): Promise<PortalSyncJobRecord | undefined> {
    let sql: string;
    let params: unknown[];
    switch (result.state) {
      case 'retrying':
        sql = `state = CASE WHEN $6 THEN 'retrying' ELSE state END,
               attempts = attempts + CASE WHEN $6 THEN 1 ELSE 0 END,
               next_attempt_at = $3, last_error_code = $4, last_error_message = $5,
               dossier_synced_at = CASE WHEN $7 THEN COALESCE(dossier_synced_at, now()) ELSE dossier_synced_at END`;
        params = [
          result.nextAttemptAt,
          result.errorCode,
          result.errorMessage,
          result.attempted,
          result.dossierSynced,
        ];
        break;
      case 'dead':
        sql = `state = 'dead', attempts = attempts + 1, dead_at = now(), last_error_code = $3, last_error_message = $4,
               dossier_synced_at = CASE WHEN $5 THEN COALESCE(dossier_synced_at, now()) ELSE dossier_synced_at END`;
        params = [result.errorCode, result.errorMessage, result.dossierSynced];
        break;
    }
    const [row] = await queryRows<Record<string, unknown>>(
      tx,
      `UPDATE portal_sync_jobs SET ${sql}, ${CLEAR_LEASE}
        WHERE event_id = $1 AND leased_by = $2 RETURNING *`,
      [eventId, worker, ...params],
    );
    return row ? toRecord(row) : undefined;
  }

  /**
   * Drops this worker's leases (graceful shutdown) so another replica picks the jobs up at once.
   * Only waiting jobs hold leases (every outcome clears its lease): see `WAITING_JOBS`.
   */
  async releaseLeases(worker: string): Promise<void> {
    await this.ds.query(RELEASE_LEASES, [worker]);
  }

  /** After the portal recovers, waiting work should not sit out its backoff: make it due now. */
  async wakeRetrying(): Promise<number> {
    const rows = await queryRows(this.ds, WAKE_WAITING);
    return rows.length;
  }

  /**
   * Folds the appended count changes into `sync_counts`, so that reading the summary sums a few
   * rows per department. One replica at a time (a transaction-scoped advisory lock; the others
   * skip); rows appended meanwhile wait for the next call. Returns how many changes were folded.
   */
  async compactSyncCounts(): Promise<number> {
    const [row] = await queryRows<{ folded: number }>(
      this.ds,
      `WITH go AS (SELECT pg_try_advisory_xact_lock($1) AS ok),
            moved AS (DELETE FROM sync_count_deltas WHERE (SELECT ok FROM go) RETURNING *),
            folded AS (
              INSERT INTO sync_counts AS s (department, accepted, synced, retrying, dead)
              SELECT department, sum(accepted), sum(synced), sum(retrying), sum(dead)
                FROM moved GROUP BY department ORDER BY department
              ON CONFLICT (department) DO UPDATE
                 SET accepted = s.accepted + EXCLUDED.accepted, synced = s.synced + EXCLUDED.synced,
                     retrying = s.retrying + EXCLUDED.retrying, dead = s.dead + EXCLUDED.dead)
       SELECT count(*)::int AS folded FROM moved`,
      [SYNC_COUNTS_COMPACTION_LOCK],
    );
    return row?.folded ?? 0;
  }
}

/**
 * SQL: the job aliased `alias` is its case's first, or the job just before it in the case's order
 * (sequence, hub_sequence) is synced. Before a department's job (s, 0) comes the last job of
 * s - 1 (the department's, or a hub event that followed it); before a hub job (s, h) comes
 * (s, h - 1). Both are "the greatest job below, at one sequence": an index scan backwards, one row.
 * A scalar subquery (false when there is no previous job), not EXISTS: under the OR, Postgres may
 * turn EXISTS into a hashed subplan that reads every synced job of the table on each call, which
 * made claims grow with the table.
 */
function predecessorSynced(alias: string): string {
  return `((${alias}.sequence = 1 AND ${alias}.hub_sequence = 0) OR COALESCE((
            SELECT p.state FROM portal_sync_jobs p
             WHERE p.case_code = ${alias}.case_code
               AND p.sequence = ${alias}.sequence - CASE WHEN ${alias}.hub_sequence = 0 THEN 1 ELSE 0 END
               AND (${alias}.hub_sequence = 0 OR p.hub_sequence < ${alias}.hub_sequence)
             ORDER BY p.hub_sequence DESC LIMIT 1) = 'synced', false))`;
}

/**
 * SQL: job `next` comes right after the synced job `done` in its case's order: the hub job that
 * follows it, or the department's next job when no hub job follows it. Marks the readiness hint;
 * `predecessorSynced` decides.
 */
function nextJob(next: string, done: string): string {
  return `${next}.case_code = ${done}.case_code
     AND ((${next}.sequence = ${done}.sequence AND ${next}.hub_sequence = ${done}.hub_sequence + 1)
       OR (${next}.sequence = ${done}.sequence + 1 AND ${next}.hub_sequence = 0
           AND NOT EXISTS (SELECT 1 FROM portal_sync_jobs h
                            WHERE h.case_code = ${done}.case_code AND h.sequence = ${done}.sequence
                              AND h.hub_sequence = ${done}.hub_sequence + 1)))`;
}

function toRecord(row: Record<string, unknown>): PortalSyncJobRecord {
  return Object.assign(new PortalSyncJobRecord(), mapRow(row));
}

function mapRow(r: Record<string, unknown>): Partial<PortalSyncJobRecord> {
  return {
    eventId: r['event_id'] as string,
    caseCode: r['case_code'] as string,
    department: r['department'] as string,
    sequence: r['sequence'] as number,
    hubSequence: r['hub_sequence'] as number,
    traceParent: r['trace_parent'] as string | null,
    eventType: r['event_type'] as string,
    event: r['event'] as Record<string, unknown>,
    state: r['state'] as SyncJobState,
    attempts: r['attempts'] as number,
    replayCount: r['replay_count'] as number,
    predecessorSynced: r['predecessor_synced'] as boolean,
    nextAttemptAt: r['next_attempt_at'] as Date,
    leaseUntil: r['lease_until'] as Date | null,
    leasedBy: r['leased_by'] as string | null,
    lastErrorCode: r['last_error_code'] as string | null,
    lastErrorMessage: r['last_error_message'] as string | null,
    portalStatus: r['portal_status'] as string | null,
    dossierSyncedAt: r['dossier_synced_at'] as Date | null,
    acceptedAt: r['accepted_at'] as Date,
    createdAt: r['created_at'] as Date,
    syncedAt: r['synced_at'] as Date | null,
    deadAt: r['dead_at'] as Date | null,
  };
}
