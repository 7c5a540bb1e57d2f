import {
  analyzeIfStale,
  enqueueOutbox,
  type OutboxMessage,
  queryRows,
  type Queryable,
} from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { CLEAR_LEASE, LeaseQueue } from '@hub/durable-work';
import type { SubjectKind } from '../subject-protector';
import type { ComparisonResult } from '../verified-fields';
import { AccessLogRepository, type AccessRecord } from './access-log.repository';

export interface ProtectedSubject {
  kind: SubjectKind;
  hash: string;
  /** AES-256-GCM ciphertext of the personal ID / enterprise code. */
  enc: string;
}

/** What `case.received` tells the once-only service. */
export interface ReceivedCase {
  eventId: string;
  caseCode: string;
  department: string;
  procedureCode: string;
  receivedAt: Date;
  /** Absent for agency / organisation applicants: nothing to look up, only documents count. */
  subject?: ProtectedSubject;
  /** Encrypted DeclaredFields. */
  declaredEnc: string;
  declaredFields: string[];
  documents: { code: string; reusedFrom?: string }[];
}

export interface LookupTask {
  eventId: string;
  caseCode: string;
  department: string;
  procedureCode: string;
  subjectKind: SubjectKind;
  subjectHash: string;
  subjectEnc: string;
  declaredEnc: string;
  attempts: number;
}

export type LookupOutcome = 'verified' | 'mismatch' | 'not_found' | 'failed';

export interface LookupCompletion {
  outcome: LookupOutcome;
  errorCode?: string;
  registry: 'population' | 'business';
  requestId?: string;
  comparison?: ComparisonResult;
  verifiedFieldCount?: number;
  access?: AccessRecord;
  outbox: OutboxMessage[];
}

interface TaskRow {
  event_id: string;
  case_code: string;
  department: string;
  procedure_code: string;
  subject_kind: SubjectKind;
  subject_hash: string;
  subject_enc: string;
  declared_enc: string;
  attempts: number;
}

const toTask = (r: TaskRow): LookupTask => ({
  eventId: r.event_id,
  caseCode: r.case_code,
  department: r.department,
  procedureCode: r.procedure_code,
  subjectKind: r.subject_kind,
  subjectHash: r.subject_hash,
  subjectEnc: r.subject_enc,
  declaredEnc: r.declared_enc,
  attempts: r.attempts,
});

/** Lookups wait per subject kind (`$4`), so a replica can take only the registries it can reach. */
const TASKS = new LeaseQueue({
  table: 'profile_lookup_tasks',
  key: 'event_id',
  waiting: `d.state IN ('pending', 'retrying') AND d.subject_kind = ANY($4)`,
  order: 'd.next_attempt_at, d.received_at',
});

/**
 * Durable registry lookups, one per `case.received` (keyed by its event id, so redelivery adds
 * nothing), claimed under a lease like portal sync jobs, plus the case's reuse accounting.
 */
export class LookupTaskRepository {
  constructor(private readonly ds: DataSource) {}

  /** Stores the tasks and reuse rows of received cases in one transaction; returns tasks created. */
  async ingest(cases: ReceivedCase[]): Promise<number> {
    if (cases.length === 0) return 0;
    return this.ds.transaction(async (tx) => {
      const reuse = [];
      for (const c of cases) reuse.push(await this.reuseCounts(tx, c));
      // One statement per table for the whole batch: each round trip costs more than its row.
      await tx.query(
        `INSERT INTO case_reuse (case_code, event_id, department, procedure_code, received_at, subject_kind,
                                 subject_hash, subject_enc, fields_declared, fields_already_verified,
                                 documents_total, documents_reused, documents_reused_registered, documents_asked_again)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
                              $7::text[], $8::text[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[], $14::int[])
         ON CONFLICT (case_code) DO NOTHING`,
        [
          cases.map((c) => c.caseCode),
          cases.map((c) => c.eventId),
          cases.map((c) => c.department),
          cases.map((c) => c.procedureCode),
          cases.map((c) => c.receivedAt),
          cases.map((c) => c.subject?.kind ?? null),
          cases.map((c) => c.subject?.hash ?? null),
          cases.map((c) => c.subject?.enc ?? null),
          cases.map((c) => c.declaredFields.length),
          reuse.map((r) => r.fieldsAlreadyVerified),
          cases.map((c) => c.documents.length),
          reuse.map((r) => r.reused),
          reuse.map((r) => r.reusedRegistered),
          reuse.map((r) => r.askedAgain),
        ],
      );
      const subjects = cases.flatMap((c) => (c.subject ? [{ ...c, subject: c.subject }] : []));
      if (subjects.length === 0) return 0;
      const rows = await queryRows(
        tx,
        `INSERT INTO profile_lookup_tasks (event_id, case_code, department, procedure_code, subject_hash,
                                           subject_kind, subject_enc, declared_enc, state, received_at)
         SELECT e, c, d, p, h, k, s, x, 'pending', r
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::timestamptz[]) AS v(e, c, d, p, h, k, s, x, r)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [
          subjects.map((c) => c.eventId),
          subjects.map((c) => c.caseCode),
          subjects.map((c) => c.department),
          subjects.map((c) => c.procedureCode),
          subjects.map((c) => c.subject.hash),
          subjects.map((c) => c.subject.kind),
          subjects.map((c) => c.subject.enc),
          subjects.map((c) => c.declaredEnc),
          subjects.map((c) => c.receivedAt),
        ],
      );
      return rows.length;
    });
  }

  /**
   * "Asked again": a document submitted (not marked reusedFrom) while a valid reusable result
   * with the same code was held, or declared fields while a verified profile was held — "held"
   * meaning held by the hub when the case reached it (ingestion runs in case order).
   */
  private async reuseCounts(
    db: Queryable,
    c: ReceivedCase,
  ): Promise<{
    reused: number;
    reusedRegistered: number;
    askedAgain: number;
    fieldsAlreadyVerified: number;
  }> {
    const reused = c.documents.filter((d) => d.reusedFrom !== undefined);
    if (!c.subject)
      return {
        reused: reused.length,
        reusedRegistered: 0,
        askedAgain: 0,
        fieldsAlreadyVerified: 0,
      };
    // Only the results this case could have reused: an owner may hold thousands.
    const cited = reused.map((d) => d.reusedFrom ?? '');
    const submitted = c.documents.filter((d) => d.reusedFrom === undefined).map((d) => d.code);
    const [held] =
      cited.length + submitted.length === 0
        ? [{ nos: [], codes: [] }]
        : await queryRows<{ nos: string[]; codes: string[] }>(
            db,
            `SELECT ARRAY(SELECT document_no FROM reusable_results
                           WHERE owner_hash = $1 AND document_no = ANY($3::text[])) AS nos,
                    ARRAY(SELECT document_code FROM reusable_results
                           WHERE owner_hash = $1 AND document_code = ANY($4::text[])
                             AND (valid_until IS NULL OR valid_until > $2)) AS codes`,
            [c.subject.hash, c.receivedAt, cited, submitted],
          );
    const heldNos = new Set(held?.nos ?? []);
    const heldCodes = new Set(held?.codes ?? []);
    const [profile] = await queryRows<{ status: string }>(
      db,
      `SELECT status FROM registry_profiles WHERE subject_hash = $1 AND status = 'found'`,
      [c.subject.hash],
    );
    return {
      reused: reused.length,
      reusedRegistered: reused.filter((d) => heldNos.has(d.reusedFrom ?? '')).length,
      askedAgain: c.documents.filter((d) => d.reusedFrom === undefined && heldCodes.has(d.code))
        .length,
      fieldsAlreadyVerified: profile ? c.declaredFields.length : 0,
    };
  }

  /** The applicant of a case, as recorded when it was received. */
  async ownerOfCase(
    caseCode: string,
    db: Queryable = this.ds,
  ): Promise<ProtectedSubject | undefined> {
    const [row] = await queryRows<{
      subject_kind: SubjectKind | null;
      subject_hash: string | null;
      subject_enc: string | null;
    }>(db, `SELECT subject_kind, subject_hash, subject_enc FROM case_reuse WHERE case_code = $1`, [
      caseCode,
    ]);
    if (!row?.subject_kind || !row.subject_hash || !row.subject_enc) return undefined;
    return { kind: row.subject_kind, hash: row.subject_hash, enc: row.subject_enc };
  }

  async claimDue(
    limit: number,
    worker: string,
    leaseMs: number,
    kinds: SubjectKind[],
  ): Promise<LookupTask[]> {
    if (kinds.length === 0) return [];
    const rows = await TASKS.claim<TaskRow>(this.ds, limit, worker, leaseMs, [kinds]);
    return rows.map(toTask);
  }

  /** Final outcome of a task, its mismatches, accounting, access record and events, atomically. */
  async complete(task: LookupTask, worker: string, done: LookupCompletion): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      const updated = await queryRows(
        tx,
        `UPDATE profile_lookup_tasks
            SET state = $3, outcome = $4, last_error_code = $5, attempts = attempts + 1,
                completed_at = now(), ${CLEAR_LEASE}
          WHERE event_id = $1 AND leased_by = $2 RETURNING 1`,
        [
          task.eventId,
          worker,
          done.outcome === 'failed' ? 'failed' : 'done',
          done.outcome,
          done.errorCode ?? null,
        ],
      );
      if (updated.length === 0) return false;
      const mismatched = done.comparison?.mismatched ?? [];
      if (mismatched.length > 0) {
        // One statement for every mismatched field: each round trip costs more than the row.
        await tx.query(
          `INSERT INTO profile_mismatches (event_id, field, case_code, department, subject_hash, registry, request_id)
           SELECT $1, f, $3, $4, $5, $6, $7 FROM unnest($2::text[]) AS f ON CONFLICT DO NOTHING`,
          [
            task.eventId,
            mismatched,
            task.caseCode,
            task.department,
            task.subjectHash,
            done.registry,
            done.requestId ?? '',
          ],
        );
      }
      if (done.comparison) {
        await tx.query(
          `UPDATE case_reuse SET fields_verified = $2, fields_matched = $3 WHERE case_code = $1`,
          [task.caseCode, done.verifiedFieldCount ?? 0, done.comparison.matched.length],
        );
      }
      if (done.access) await new AccessLogRepository(tx).record(done.access);
      await enqueueOutbox(tx, done.outbox);
      return true;
    });
  }

  /** Registry unavailable: try again at `nextAttemptAt`; the case itself never waits for this. */
  async reschedule(
    task: LookupTask,
    worker: string,
    nextAttemptAt: Date,
    errorCode: string,
  ): Promise<void> {
    await this.ds.query(
      `UPDATE profile_lookup_tasks
          SET state = 'retrying', attempts = attempts + 1, next_attempt_at = $3, last_error_code = $4,
              ${CLEAR_LEASE}
        WHERE event_id = $1 AND leased_by = $2`,
      [task.eventId, worker, nextAttemptAt, errorCode],
    );
  }

  async releaseLeases(worker: string): Promise<void> {
    await TASKS.releaseAll(this.ds, worker);
  }

  /** After a registry recovers its waiting lookups should not sit out their backoff. */
  async wakeRetrying(kind: SubjectKind): Promise<number> {
    const rows = await queryRows(
      this.ds,
      `UPDATE profile_lookup_tasks SET next_attempt_at = now()
        WHERE state = 'retrying' AND subject_kind = $1 AND next_attempt_at > now() RETURNING 1`,
      [kind],
    );
    return rows.length;
  }

  /** Fresh planner statistics after a burst of new tasks; see `analyzeIfStale`. */
  refreshStatistics(): Promise<boolean> {
    return analyzeIfStale(this.ds, 'profile_lookup_tasks', {
      columns: ['state', 'next_attempt_at', 'received_at', 'lease_until', 'subject_kind'],
    });
  }

  async countsByState(): Promise<Record<string, number>> {
    const rows = await queryRows<{ state: string; n: string }>(
      this.ds,
      `SELECT state, count(*) AS n FROM profile_lookup_tasks GROUP BY state`,
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /** Retention: finished tasks and the encrypted subject of old cases go; counts stay. */
  async purgeOlderThan(retentionMs: number): Promise<number> {
    const rows = await queryRows(
      this.ds,
      `DELETE FROM profile_lookup_tasks
        WHERE state IN ('done', 'failed') AND completed_at < now() - ($1::bigint * interval '1 millisecond')
        RETURNING 1`,
      [retentionMs],
    );
    await this.ds.query(
      `UPDATE case_reuse SET subject_enc = NULL
        WHERE subject_enc IS NOT NULL AND received_at < now() - ($1::bigint * interval '1 millisecond')`,
      [retentionMs],
    );
    return rows.length;
  }
}
