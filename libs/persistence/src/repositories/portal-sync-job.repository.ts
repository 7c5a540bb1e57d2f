import type { DataSource, EntityManager } from 'typeorm';
import { PortalSyncJobRecord, type SyncJobState } from '../entities/portal-sync-job.entity';
import { enqueueOutbox, type OutboxMessage } from '../outbox';
import { queryRows } from '../query';

export interface NewSyncJob {
  eventId: string;
  caseCode: string;
  department: string;
  sequence: number;
  eventType: string;
  event: Record<string, unknown>;
  acceptedAt: Date;
  /** When the record was published to Kafka (its timestamp), for the case timeline. */
  publishedAt?: Date;
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

export interface SyncCounts {
  total: number;
  synced: number;
  pending: number;
  retrying: number;
  dead: number;
  oldestUnsyncedSeconds: number;
}

export interface DepartmentSyncCounts extends SyncCounts {
  department: string;
}

export interface DeadLetter {
  eventId: string;
  caseCode: string;
  department: string;
  procedureCode: string | null;
  sequence: number;
  eventType: string;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
  deadAt: Date | null;
  acceptedAt: Date;
  /** Later events of the same case waiting behind this one. */
  waitingBehind: number;
}

export interface DeadLetterFilter {
  department?: string;
  procedureCode?: string;
  /** The code the job died with, e.g. `PORTAL_REJECTED:5`; a prefix such as `PORTAL_REJECTED` matches too. */
  reasonCode?: string;
  /** Free text, case-insensitive, in the case code, event id or the portal's message. */
  text?: string;
  limit: number;
  offset: number;
}

export interface HeldCase {
  caseCode: string;
  department: string;
  /** The sequence the portal needs next and that the hub has not received. */
  missingSequence: number;
  waiting: number;
  oldestWaitingSeconds: number;
}

/**
 * Durable portal sync jobs. A job is due when it is pending or retrying, its time has come, no
 * live lease holds it, and the case's previous sequence is synced: so at most one job per case is
 * ever due, which is what keeps each case in order while every other case flows.
 */
export class PortalSyncJobRepository {
  constructor(private readonly ds: DataSource) {}

  /** Idempotent by event id: a redelivered Kafka message inserts nothing. */
  async insertJobs(jobs: NewSyncJob[]): Promise<number> {
    if (jobs.length === 0) return 0;
    const params: unknown[] = [];
    const rows = jobs.map((j, i) => {
      params.push(
        j.eventId,
        j.caseCode,
        j.department,
        j.sequence,
        j.eventType,
        JSON.stringify(j.event),
        j.acceptedAt,
        j.publishedAt ?? null,
      );
      const b = i * 8;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb, 'pending', $${b + 7}, $${b + 8}::timestamptz)`;
    });
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO portal_sync_jobs (event_id, case_code, department, sequence, event_type, event, state, accepted_at, published_at)
       VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING event_id`,
      params,
    );
    return inserted.length;
  }

  /**
   * Creates the jobs of accepted events that never arrived through Kafka (a lost record, a topic
   * that was recreated, a consumer that fell behind retention). Every accepted event is in
   * case_events, so a job can always be made from it; the Kafka path stays the fast one, and
   * ON CONFLICT makes the two paths safe to race. Only events older than `olderThanMs` are taken.
   */
  async backfillMissingJobs(olderThanMs: number, limit: number): Promise<number> {
    const rows = await queryRows(
      this.ds,
      `INSERT INTO portal_sync_jobs (event_id, case_code, department, sequence, event_type, event, state, accepted_at)
       SELECT e.id, e.case_code, e.department, e.sequence, e.type, e.payload, 'pending', e.accepted_at
         FROM case_events e
        WHERE e.accepted_at < now() - ($1::int * interval '1 millisecond')
          AND NOT EXISTS (SELECT 1 FROM portal_sync_jobs j WHERE j.event_id = e.id)
        ORDER BY e.accepted_at
        LIMIT $2
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [olderThanMs, limit],
    );
    return rows.length;
  }

  async claimDue(limit: number, worker: string, leaseMs: number): Promise<PortalSyncJobRecord[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      `UPDATE portal_sync_jobs j
          SET lease_until = now() + ($3::int * interval '1 millisecond'), leased_by = $2
        WHERE j.event_id IN (
          SELECT d.event_id FROM portal_sync_jobs d
           WHERE d.state IN ('pending', 'retrying')
             AND d.next_attempt_at <= now()
             AND (d.lease_until IS NULL OR d.lease_until < now())
             AND (d.sequence = 1 OR EXISTS (
                   SELECT 1 FROM portal_sync_jobs p
                    WHERE p.case_code = d.case_code AND p.sequence = d.sequence - 1 AND p.state = 'synced'))
           ORDER BY d.next_attempt_at, d.accepted_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
      RETURNING j.*`,
      [limit, worker, leaseMs],
    );
    return rows.map((r) => this.ds.getRepository(PortalSyncJobRecord).create(mapRow(r)));
  }

  /** The case's events before `sequence`, in order: the portal dossier is their fold. */
  async caseHistory(caseCode: string, uptoSequence: number): Promise<Record<string, unknown>[]> {
    const rows: { event: Record<string, unknown> }[] = await this.ds.query(
      `SELECT event FROM portal_sync_jobs WHERE case_code = $1 AND sequence <= $2 ORDER BY sequence`,
      [caseCode, uptoSequence],
    );
    return rows.map((r) => r.event);
  }

  /**
   * Records an attempt's outcome and its announcement in one transaction. Only the lease holder
   * may record: a worker whose lease ran out (and whose job was taken over) changes nothing.
   */
  async record(
    eventId: string,
    worker: string,
    result: SyncJobResult,
    announce: (job: PortalSyncJobRecord) => OutboxMessage,
  ): Promise<PortalSyncJobRecord | undefined> {
    return this.ds.transaction(async (tx) => {
      const rows = await this.applyResult(tx, eventId, worker, result);
      if (!rows) return undefined;
      await enqueueOutbox(tx, [announce(rows)]);
      return rows;
    });
  }

  private async applyResult(
    tx: EntityManager,
    eventId: string,
    worker: string,
    result: SyncJobResult,
  ): Promise<PortalSyncJobRecord | undefined> {
    let sql: string;
    let params: unknown[];
    switch (result.state) {
      case 'synced':
        sql = `state = 'synced', attempts = attempts + 1, synced_at = now(), portal_status = $3`;
        params = [result.portalStatus];
        break;
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
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `UPDATE portal_sync_jobs SET ${sql}, lease_until = NULL, leased_by = NULL
        WHERE event_id = $1 AND leased_by = $2 RETURNING *`,
      [eventId, worker, ...params],
    );
    const [updated] = rows as [Record<string, unknown>?];
    if (!updated) return undefined;
    // One row per portal attempt, for the case timeline in the ops console. A retry that never
    // reached the portal (breaker open) is not an attempt, as in the attempts counter.
    if (result.state !== 'retrying' || result.attempted) {
      await tx.query(
        `INSERT INTO portal_sync_attempts (event_id, outcome, error_code, error_message, portal_status)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          eventId,
          result.state,
          result.state === 'synced' ? null : result.errorCode,
          result.state === 'synced' ? null : result.errorMessage,
          result.state === 'synced' ? result.portalStatus : null,
        ],
      );
    }
    return tx.getRepository(PortalSyncJobRecord).create(mapRow(updated));
  }

  /** Drops this worker's leases (graceful shutdown) so another replica picks the jobs up at once. */
  async releaseLeases(worker: string): Promise<void> {
    await this.ds.query(
      `UPDATE portal_sync_jobs SET lease_until = NULL, leased_by = NULL WHERE leased_by = $1`,
      [worker],
    );
  }

  /** After the portal recovers, waiting work should not sit out its backoff: make it due now. */
  async wakeRetrying(): Promise<number> {
    const rows = await queryRows(
      this.ds,
      `UPDATE portal_sync_jobs SET next_attempt_at = now()
        WHERE state IN ('pending', 'retrying') AND next_attempt_at > now() RETURNING 1`,
    );
    return rows.length;
  }

  /** A dead job back to pending: it (and the case's later events behind it) will be sent again. */
  async replay(
    eventId: string,
    department?: string,
    operator?: string,
  ): Promise<'replayed' | 'not-found' | 'not-dead'> {
    const rows: { state: SyncJobState }[] = await this.ds.query(
      `SELECT state FROM portal_sync_jobs WHERE event_id = $1 AND ($2::text IS NULL OR department = $2)`,
      [eventId, department ?? null],
    );
    const [row] = rows as [{ state: SyncJobState }?];
    if (!row) return 'not-found';
    const updated = await this.ds.transaction(async (tx) => {
      const rows = await queryRows(
        tx,
        `UPDATE portal_sync_jobs SET state = 'pending', next_attempt_at = now(), dead_at = NULL, replay_count = replay_count + 1
          WHERE event_id = $1 AND state = 'dead' RETURNING 1`,
        [eventId],
      );
      if (rows.length > 0) {
        await tx.query(
          `INSERT INTO portal_sync_attempts (event_id, outcome, operator) VALUES ($1, 'replayed', $2)`,
          [eventId, operator ?? null],
        );
      }
      return rows.length;
    });
    return updated > 0 ? 'replayed' : 'not-dead';
  }

  /**
   * Counts over every accepted event (case_events), not only over jobs: an event accepted by the
   * gateway but not yet turned into a job is pending, so the rate can never look better than it is.
   */
  async summary(): Promise<{ all: SyncCounts; byDepartment: DepartmentSyncCounts[] }> {
    const rows: (DepartmentSyncCounts & { department: string })[] = await this.ds.query(`
      SELECT e.department,
             count(*)::int AS total,
             count(*) FILTER (WHERE j.state = 'synced')::int AS synced,
             count(*) FILTER (WHERE j.state IS NULL OR j.state = 'pending')::int AS pending,
             count(*) FILTER (WHERE j.state = 'retrying')::int AS retrying,
             count(*) FILTER (WHERE j.state = 'dead')::int AS dead,
             COALESCE(EXTRACT(EPOCH FROM now() - min(e.accepted_at) FILTER (WHERE j.state IS DISTINCT FROM 'synced')), 0)::float
               AS "oldestUnsyncedSeconds"
        FROM case_events e LEFT JOIN portal_sync_jobs j ON j.event_id = e.id
       GROUP BY e.department ORDER BY e.department`);
    const all: SyncCounts = {
      total: 0,
      synced: 0,
      pending: 0,
      retrying: 0,
      dead: 0,
      oldestUnsyncedSeconds: 0,
    };
    for (const r of rows) {
      all.total += r.total;
      all.synced += r.synced;
      all.pending += r.pending;
      all.retrying += r.retrying;
      all.dead += r.dead;
      all.oldestUnsyncedSeconds = Math.max(all.oldestUnsyncedSeconds, r.oldestUnsyncedSeconds);
    }
    return { all, byDepartment: rows };
  }

  async deadLetters(filter: DeadLetterFilter): Promise<DeadLetter[]> {
    const text = filter.text ? `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT j.event_id, j.case_code, j.department, c.procedure_code, j.sequence, j.event_type, j.attempts,
              j.last_error_code, j.last_error_message, j.dead_at, j.accepted_at,
              (SELECT count(*)::int FROM portal_sync_jobs w WHERE w.case_code = j.case_code AND w.sequence > j.sequence) AS waiting
         FROM portal_sync_jobs j LEFT JOIN cases c ON c.case_code = j.case_code
        WHERE j.state = 'dead' AND ($1::text IS NULL OR j.department = $1)
          AND ($4::text IS NULL OR c.procedure_code = $4)
          AND ($5::text IS NULL OR j.last_error_code = $5 OR j.last_error_code LIKE $5 || ':%')
          AND ($6::text IS NULL OR j.case_code ILIKE $6 OR j.event_id ILIKE $6 OR j.last_error_message ILIKE $6)
        ORDER BY j.dead_at, j.event_id
        LIMIT $2 OFFSET $3`,
      [
        filter.department ?? null,
        filter.limit,
        filter.offset,
        filter.procedureCode ?? null,
        filter.reasonCode ?? null,
        text,
      ],
    );
    return rows.map((r) => ({
      eventId: r['event_id'] as string,
      caseCode: r['case_code'] as string,
      department: r['department'] as string,
      procedureCode: r['procedure_code'] as string | null,
      sequence: r['sequence'] as number,
      eventType: r['event_type'] as string,
      attempts: r['attempts'] as number,
      errorCode: r['last_error_code'] as string | null,
      errorMessage: r['last_error_message'] as string | null,
      deadAt: r['dead_at'] as Date | null,
      acceptedAt: r['accepted_at'] as Date,
      waitingBehind: r['waiting'] as number,
    }));
  }

  /**
   * Cases that wait for a sequence the hub never received (a gap): the lowest unsynced job is not
   * the one after the last synced. Synced jobs are always 1..n, because only the next one is due.
   */
  async heldCases(limit = 100): Promise<HeldCase[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT case_code, department, missing, waiting, oldest FROM (
         SELECT case_code, department,
                COALESCE(max(sequence) FILTER (WHERE state = 'synced'), 0) + 1 AS missing,
                min(sequence) FILTER (WHERE state <> 'synced') AS first_waiting,
                count(*) FILTER (WHERE state <> 'synced')::int AS waiting,
                EXTRACT(EPOCH FROM now() - min(accepted_at) FILTER (WHERE state <> 'synced'))::float AS oldest
           FROM portal_sync_jobs GROUP BY case_code, department) c
        WHERE first_waiting > missing
        ORDER BY oldest DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      caseCode: r['case_code'] as string,
      department: r['department'] as string,
      missingSequence: Number(r['missing']),
      waiting: r['waiting'] as number,
      oldestWaitingSeconds: r['oldest'] as number,
    }));
  }
}

function mapRow(r: Record<string, unknown>): Partial<PortalSyncJobRecord> {
  return {
    eventId: r['event_id'] as string,
    caseCode: r['case_code'] as string,
    department: r['department'] as string,
    sequence: r['sequence'] as number,
    eventType: r['event_type'] as string,
    event: r['event'] as Record<string, unknown>,
    state: r['state'] as SyncJobState,
    attempts: r['attempts'] as number,
    replayCount: r['replay_count'] as number,
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
