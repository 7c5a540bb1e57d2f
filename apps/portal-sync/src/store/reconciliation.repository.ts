import type { DataSource } from 'typeorm';
import { queryRows, withAdvisoryLock } from '@hub/persistence';
import { type DossierCheck, type Reconciliation, toReconciliation } from '@hub/read-models';
import type { SyncJobState } from './portal-sync-job.record';

export interface ReconciliationReport {
  /** Dossiers compared with the portal: matching + repaired + stillFailing. */
  checked: number;
  matching: number;
  repaired: number;
  stillFailing: number;
  /** Touched in the window but not comparable now (nothing synced yet, a sync in flight). */
  skipped: number;
  details: DossierCheck[];
}

/** A sync job of a case as reconciliation sees it. */
export interface CaseSyncJob {
  eventId: string;
  sequence: number;
  /** 1, 2, ... for an event the hub originates after the department's `sequence`; else 0. */
  hubSequence: number;
  state: SyncJobState;
  event: Record<string, unknown>;
  /** A replica holds a live lease on it right now. */
  leased: boolean;
  /** Its dossier write reached the portal although the job is not synced (yet). */
  dossierWritten: boolean;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
}

/** Arbitrary but fixed: one reconciliation at a time across every portal-sync replica. */
const RECONCILIATION_LOCK = 7_264_502;

const COLUMNS = `id::text AS id, trigger, requested_by, window_from, window_to, state, requested_at,
  started_at, finished_at, run_by, checked, matching, repaired, still_failing, skipped, error`;

/**
 * Reconciliation runs and the reads/repairs they need. Ops requests runs and reads them through
 * what portal-sync publishes (`portal_sync_api`); portal-sync, which owns the portal adapter,
 * claims and runs them under an advisory lock, so one replica at a time.
 */
export class ReconciliationRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Runs `work` while holding the reconciliation lock on a connection of its own; undefined
   * (and `work` not run) when another replica holds it.
   */
  runExclusive<T>(work: () => Promise<T>): Promise<T | undefined> {
    return withAdvisoryLock(this.ds, RECONCILIATION_LOCK, work);
  }

  /**
   * Holding the lock: runs a replica left `running` when it died go back to `requested`, and a
   * scheduled run is requested when the last one is older than `intervalMs`.
   */
  async prepare(
    intervalMs: number,
    windowMs: number,
  ): Promise<{ resumed: number; scheduled: boolean }> {
    const resumed = await queryRows(
      this.ds,
      `UPDATE reconciliations SET state = 'requested', started_at = NULL, run_by = NULL
        WHERE state = 'running' RETURNING 1`,
    );
    const scheduled =
      intervalMs <= 0
        ? []
        : await queryRows(
            this.ds,
            `INSERT INTO reconciliations (trigger, requested_by, window_from, window_to, state)
             SELECT 'schedule', NULL, now() - ($2::bigint * interval '1 millisecond'), now(), 'requested'
              WHERE NOT EXISTS (SELECT 1 FROM reconciliations
                                 WHERE trigger = 'schedule'
                                   AND requested_at > now() - ($1::bigint * interval '1 millisecond'))
             RETURNING 1`,
            [intervalMs, windowMs],
          );
    return { resumed: resumed.length, scheduled: scheduled.length > 0 };
  }

  async claimNext(worker: string): Promise<Reconciliation | undefined> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.ds,
      `UPDATE reconciliations SET state = 'running', started_at = now(), run_by = $1
        WHERE id = (SELECT id FROM reconciliations WHERE state = 'requested'
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [worker],
    );
    return row ? toReconciliation(row) : undefined;
  }

  async finish(id: string, report: ReconciliationReport): Promise<void> {
    await this.ds.query(
      `UPDATE reconciliations SET state = 'done', finished_at = now(), checked = $2, matching = $3,
              repaired = $4, still_failing = $5, skipped = $6, details = $7::jsonb
        WHERE id = $1`,
      [
        id,
        report.checked,
        report.matching,
        report.repaired,
        report.stillFailing,
        report.skipped,
        JSON.stringify(report.details),
      ],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE reconciliations SET state = 'failed', finished_at = now(), error = $2 WHERE id = $1`,
      [id, error],
    );
  }

  /** Cases with an event accepted, or a sync job synced, in [from, to). */
  async touchedCases(
    window: { from: Date; to: Date },
    limit: number,
  ): Promise<{ caseCode: string; department: string }[]> {
    const rows = await queryRows<{ case_code: string; department: string }>(
      this.ds,
      `SELECT case_code, department FROM (
         SELECT case_code, department FROM gateway_api.case_events WHERE accepted_at >= $1 AND accepted_at < $2
         UNION
         SELECT case_code, department FROM portal_sync_jobs WHERE synced_at >= $1 AND synced_at < $2
       ) t ORDER BY case_code LIMIT $3`,
      [window.from, window.to, limit],
    );
    return rows.map((r) => ({ caseCode: r.case_code, department: r.department }));
  }

  async caseJobs(caseCode: string): Promise<CaseSyncJob[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT event_id, sequence, hub_sequence, state, event, (lease_until IS NOT NULL AND lease_until > now()) AS leased,
              (dossier_synced_at IS NOT NULL AND state <> 'synced') AS written, last_error_code, last_error_message
         FROM portal_sync_jobs WHERE case_code = $1 ORDER BY sequence, hub_sequence`,
      [caseCode],
    );
    return rows.map((r) => ({
      eventId: r['event_id'] as string,
      sequence: r['sequence'] as number,
      hubSequence: r['hub_sequence'] as number,
      state: r['state'] as SyncJobState,
      event: r['event'] as Record<string, unknown>,
      leased: r['leased'] as boolean,
      dossierWritten: r['written'] as boolean,
      lastErrorCode: r['last_error_code'] as string | null,
      lastErrorMessage: r['last_error_message'] as string | null,
    }));
  }

  /**
   * Sends a synced stretch of a case (`from`..`to`) again through the normal sync path: the jobs
   * go back to pending with a new replay number (fresh idempotency keys, or the portal would
   * answer from memory), so the dispatcher re-sends them in sequence order, breaker and retries
   * included. All or nothing: false when any of them is no longer synced and idle.
   */
  async requeueForRepair(caseCode: string, from: number, to: number): Promise<boolean> {
    return this.ds
      .transaction(async (tx) => {
        const rows = await queryRows(
          tx,
          `UPDATE portal_sync_jobs
            SET state = 'pending', replay_count = replay_count + 1, next_attempt_at = now(),
                synced_at = NULL, dossier_synced_at = NULL, portal_status = NULL
          WHERE case_code = $1 AND sequence BETWEEN $2 AND $3 AND state = 'synced'
            AND (lease_until IS NULL OR lease_until < now())
         RETURNING 1`,
          [caseCode, from, to],
        );
        if (rows.length !== to - from + 1) {
          throw new RequeueRace();
        }
        return true;
      })
      .catch((e: unknown) => {
        if (e instanceof RequeueRace) return false;
        throw e;
      });
  }
}

class RequeueRace extends Error {}
