import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';
import type { SyncCounts } from '@hub/read-models';

export interface SyncSample extends SyncCounts {
  sampledAt: Date;
  outboxBacklog: number;
}

export interface ThroughputMinute {
  minute: Date;
  accepted: number;
  synced: number;
}

export interface ProcedureSyncCounts extends SyncCounts {
  procedureCode: string | null;
  department: string;
}

export interface TimelineCase {
  caseCode: string;
  department: string;
  procedureCode: string | null;
  status: string | null;
  createdAt: Date;
}

/** A result document's registration in the national results store (once-only's durable work). */
export interface TimelineRegistrationRow {
  eventId: string;
  documentNo: string;
  documentCode: string;
  state: 'pending' | 'retrying' | 'registered' | 'rejected';
  attempts: number;
  nextAttemptAt: Date;
  errorCode: string | null;
  registrationId: string | null;
  createdAt: Date;
  registeredAt: Date | null;
}

export interface TimelineEventRow {
  eventId: string;
  type: string;
  sequence: number;
  /** 1, 2, ... for an event the hub originated after the department's `sequence`; else 0. */
  hubSequence: number;
  eventTime: Date;
  acceptedAt: Date;
  /** Still in the outbox: not yet published to Kafka. */
  inOutbox: boolean;
  /** The trace its sync belongs to (libs/tracing); null when tracing was off. */
  traceId: string | null;
  job: {
    state: string;
    createdAt: Date;
    publishedAt: Date | null;
    attempts: number;
    replayCount: number;
    nextAttemptAt: Date;
    syncedAt: Date | null;
    deadAt: Date | null;
    lastErrorCode: string | null;
    lastErrorMessage: string | null;
    portalStatus: string | null;
  } | null;
}

export interface TimelineAttemptRow {
  eventId: string;
  at: Date;
  outcome: 'synced' | 'retrying' | 'dead' | 'replayed';
  errorCode: string | null;
  errorMessage: string | null;
  portalStatus: string | null;
  operator: string | null;
}

/** The quarter hour the long-range charts' rollups are kept per (see OpsSeriesRepository). */
export const ROLLUP_SECONDS = 900;
// A sample's sync rate: 1 when nothing was accepted yet (nothing is missing), as the summary says.
const SAMPLE_RATE = `CASE WHEN total = 0 THEN 1 ELSE synced::float8 / total END`;

/** Read models of the operations console: history, throughput, breakdowns, case timelines. */
@Injectable()
export class OpsInsightsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Stores a sample in the bucket of `bucketSeconds` that `now()` falls in. Several ops replicas
   * sampling at once write one row per bucket (the first wins). With the counts goes the portal's
   * activity since the sample before: attempts and failures (portal-sync's attempt log, counted
   * from the previous sample's cursor on, so each attempt once), and how long the events synced
   * since then had waited from acceptance. An attempt committed after a higher id was counted is
   * missed: a chart may lose one, never count one twice. The sample is folded into its quarter
   * hour's rollup (the 7- and 30-day charts) in the same statement, only when it was written.
   */
  async writeSample(
    counts: SyncCounts & { outboxBacklog: number },
    bucketSeconds: number,
  ): Promise<void> {
    await this.ds.query(
      `WITH prev AS (SELECT taken_at, portal_attempt_cursor FROM ops_sync_samples
                      ORDER BY sampled_at DESC LIMIT 1),
            cur AS (SELECT COALESCE(max(id), 0) AS cursor FROM portal_sync_api.attempts),
            a AS (SELECT count(*) FILTER (WHERE t.outcome <> 'replayed')::int AS attempts,
                         count(*) FILTER (WHERE t.outcome IN ('retrying', 'dead'))::int AS failed
                    FROM portal_sync_api.attempts t, prev, cur
                   WHERE t.id > prev.portal_attempt_cursor AND t.id <= cur.cursor),
            s AS (SELECT count(*)::int AS synced,
                         avg(EXTRACT(EPOCH FROM j.synced_at - j.accepted_at))::float AS wait_avg,
                         max(EXTRACT(EPOCH FROM j.synced_at - j.accepted_at))::float AS wait_max
                    FROM portal_sync_api.jobs j, prev
                   WHERE j.synced_at > prev.taken_at AND j.synced_at <= now()),
            ins AS (
              INSERT INTO ops_sync_samples (sampled_at, total, synced, pending, retrying, dead, oldest_unsynced_seconds,
                                            outbox_backlog, taken_at, portal_attempt_cursor, portal_attempts,
                                            portal_failed, portal_synced, portal_wait_avg_seconds, portal_wait_max_seconds)
              SELECT to_timestamp(floor(EXTRACT(EPOCH FROM now()) / $1) * $1), $2, $3, $4, $5, $6, $7, $8,
                     now(), cur.cursor, a.attempts, a.failed, s.synced, s.wait_avg, s.wait_max
                FROM cur, a, s
              ON CONFLICT (sampled_at) DO NOTHING
              RETURNING *)
       INSERT INTO ops_sync_rollups AS r (bucket_at, samples, rate_sum, min_rate, total, synced, backlog, dead,
                                          outbox_backlog, oldest_unsynced_seconds, portal_attempts, portal_failed,
                                          portal_synced, portal_wait_sum, portal_wait_synced, portal_wait_max_seconds)
       SELECT to_timestamp(floor(EXTRACT(EPOCH FROM sampled_at) / ${ROLLUP_SECONDS}) * ${ROLLUP_SECONDS}), 1,
              ${SAMPLE_RATE}, ${SAMPLE_RATE}, total, synced, total - synced, dead, outbox_backlog,
              oldest_unsynced_seconds, portal_attempts, portal_failed, portal_synced,
              COALESCE(portal_wait_avg_seconds * portal_synced, 0),
              CASE WHEN portal_wait_avg_seconds IS NULL THEN 0 ELSE portal_synced END, portal_wait_max_seconds
         FROM ins
       ON CONFLICT (bucket_at) DO UPDATE
         SET samples = r.samples + 1, rate_sum = r.rate_sum + EXCLUDED.rate_sum,
             min_rate = LEAST(r.min_rate, EXCLUDED.min_rate), total = GREATEST(r.total, EXCLUDED.total),
             synced = GREATEST(r.synced, EXCLUDED.synced), backlog = GREATEST(r.backlog, EXCLUDED.backlog),
             dead = GREATEST(r.dead, EXCLUDED.dead),
             outbox_backlog = GREATEST(r.outbox_backlog, EXCLUDED.outbox_backlog),
             oldest_unsynced_seconds = GREATEST(r.oldest_unsynced_seconds, EXCLUDED.oldest_unsynced_seconds),
             portal_attempts = r.portal_attempts + EXCLUDED.portal_attempts,
             portal_failed = r.portal_failed + EXCLUDED.portal_failed,
             portal_synced = r.portal_synced + EXCLUDED.portal_synced,
             portal_wait_sum = r.portal_wait_sum + EXCLUDED.portal_wait_sum,
             portal_wait_synced = r.portal_wait_synced + EXCLUDED.portal_wait_synced,
             portal_wait_max_seconds = GREATEST(r.portal_wait_max_seconds, EXCLUDED.portal_wait_max_seconds)`,
      [
        bucketSeconds,
        counts.total,
        counts.synced,
        counts.pending,
        counts.retrying,
        counts.dead,
        counts.oldestUnsyncedSeconds,
        counts.outboxBacklog,
      ],
    );
  }

  async deleteSamplesOlderThan(days: number): Promise<void> {
    await this.ds.query(
      `DELETE FROM ops_sync_samples WHERE sampled_at < now() - ($1::int * interval '1 day')`,
      [days],
    );
  }

  async samples(sinceMinutes: number): Promise<SyncSample[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT * FROM ops_sync_samples WHERE sampled_at >= now() - ($1::int * interval '1 minute')
        ORDER BY sampled_at`,
      [sinceMinutes],
    );
    return rows.map((r) => ({
      sampledAt: r['sampled_at'] as Date,
      total: r['total'] as number,
      synced: r['synced'] as number,
      pending: r['pending'] as number,
      retrying: r['retrying'] as number,
      dead: r['dead'] as number,
      oldestUnsyncedSeconds: r['oldest_unsynced_seconds'] as number,
      outboxBacklog: r['outbox_backlog'] as number,
    }));
  }

  /** Accepted and synced events per minute over the last `minutes` (minutes with none omitted). */
  async throughput(minutes: number): Promise<ThroughputMinute[]> {
    const rows: { minute: Date; accepted: number; synced: number }[] = await this.ds.query(
      `WITH a AS (SELECT date_trunc('minute', accepted_at) AS minute, count(*)::int AS n FROM gateway_api.case_events
                   WHERE accepted_at >= date_trunc('minute', now()) - ($1::int * interval '1 minute') GROUP BY 1),
            s AS (SELECT date_trunc('minute', synced_at) AS minute, count(*)::int AS n FROM portal_sync_api.jobs
                   WHERE synced_at >= date_trunc('minute', now()) - ($1::int * interval '1 minute') GROUP BY 1)
       SELECT COALESCE(a.minute, s.minute) AS minute, COALESCE(a.n, 0) AS accepted, COALESCE(s.n, 0) AS synced
         FROM a FULL JOIN s ON a.minute = s.minute ORDER BY 1`,
      [minutes],
    );
    return rows.map((r) => ({ minute: r.minute, accepted: r.accepted, synced: r.synced }));
  }

  /** The sync counts per procedure (and department), counted over every accepted event. */
  async byProcedure(): Promise<ProcedureSyncCounts[]> {
    return this.ds.query(`
      SELECT c.procedure_code AS "procedureCode", e.department,
             count(*)::int AS total,
             count(*) FILTER (WHERE j.state = 'synced')::int AS synced,
             count(*) FILTER (WHERE j.state IS NULL OR j.state = 'pending')::int AS pending,
             count(*) FILTER (WHERE j.state = 'retrying')::int AS retrying,
             count(*) FILTER (WHERE j.state = 'dead')::int AS dead,
             COALESCE(EXTRACT(EPOCH FROM now() - min(e.accepted_at) FILTER (WHERE j.state IS DISTINCT FROM 'synced')), 0)::float
               AS "oldestUnsyncedSeconds"
        FROM gateway_api.case_events e
        JOIN gateway_api.cases c ON c.case_code = e.case_code
        LEFT JOIN portal_sync_api.jobs j ON j.event_id = e.id
       GROUP BY c.procedure_code, e.department ORDER BY 1, 2`);
  }

  /** Everything the hub knows about one case's journey, or undefined for an unknown case. */
  async caseTimeline(caseCode: string): Promise<
    | {
        case: TimelineCase;
        events: TimelineEventRow[];
        attempts: TimelineAttemptRow[];
        registrations: TimelineRegistrationRow[];
      }
    | undefined
  > {
    const cases: Record<string, unknown>[] = await this.ds.query(
      `SELECT case_code, department, procedure_code, status, created_at FROM gateway_api.cases WHERE case_code = $1`,
      [caseCode],
    );
    const [c] = cases as [Record<string, unknown>?];
    if (!c) return undefined;
    const events: Record<string, unknown>[] = await this.ds.query(
      `SELECT e.id, e.type, e.sequence, e.hub_sequence, e.event_time, e.accepted_at,
              EXISTS (SELECT 1 FROM outbox o WHERE o.message_key = e.case_code AND o.headers->>'ce_id' = e.id) AS in_outbox,
              j.state, j.created_at, j.published_at, j.attempts, j.replay_count, j.next_attempt_at,
              j.synced_at, j.dead_at, j.last_error_code, j.last_error_message, j.portal_status,
              j.trace_id
         FROM gateway_api.case_events e LEFT JOIN portal_sync_api.jobs j ON j.event_id = e.id
        WHERE e.case_code = $1 ORDER BY e.sequence, e.hub_sequence`,
      [caseCode],
    );
    const attempts: Record<string, unknown>[] = await this.ds.query(
      `SELECT a.event_id, a.at, a.outcome, a.error_code, a.error_message, a.portal_status, a.operator
         FROM portal_sync_api.attempts a JOIN gateway_api.case_events e ON e.id = a.event_id
        WHERE e.case_code = $1 ORDER BY a.id`,
      [caseCode],
    );
    const registrations = await queryRows<TimelineRegistrationRow>(
      this.ds,
      `SELECT event_id AS "eventId", document_no AS "documentNo", document_code AS "documentCode",
              state, attempts, next_attempt_at AS "nextAttemptAt", last_error_code AS "errorCode",
              registration_id AS "registrationId", created_at AS "createdAt",
              registered_at AS "registeredAt"
         FROM once_only_api.result_registrations WHERE case_code = $1 ORDER BY event_id, document_no`,
      [caseCode],
    );
    return {
      registrations,
      case: {
        caseCode: c['case_code'] as string,
        department: c['department'] as string,
        procedureCode: c['procedure_code'] as string | null,
        status: c['status'] as string | null,
        createdAt: c['created_at'] as Date,
      },
      events: events.map((r) => ({
        eventId: r['id'] as string,
        type: r['type'] as string,
        sequence: r['sequence'] as number,
        hubSequence: r['hub_sequence'] as number,
        eventTime: r['event_time'] as Date,
        acceptedAt: r['accepted_at'] as Date,
        inOutbox: r['in_outbox'] as boolean,
        traceId: (r['trace_id'] as string | null) ?? null,
        job:
          r['state'] === null
            ? null
            : {
                state: r['state'] as string,
                createdAt: r['created_at'] as Date,
                publishedAt: r['published_at'] as Date | null,
                attempts: r['attempts'] as number,
                replayCount: r['replay_count'] as number,
                nextAttemptAt: r['next_attempt_at'] as Date,
                syncedAt: r['synced_at'] as Date | null,
                deadAt: r['dead_at'] as Date | null,
                lastErrorCode: r['last_error_code'] as string | null,
                lastErrorMessage: r['last_error_message'] as string | null,
                portalStatus: r['portal_status'] as string | null,
              },
      })),
      attempts: attempts.map((r) => ({
        eventId: r['event_id'] as string,
        at: r['at'] as Date,
        outcome: r['outcome'] as TimelineAttemptRow['outcome'],
        errorCode: r['error_code'] as string | null,
        errorMessage: r['error_message'] as string | null,
        portalStatus: r['portal_status'] as string | null,
        operator: r['operator'] as string | null,
      })),
    };
  }
}
