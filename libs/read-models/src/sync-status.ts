import { queryRows, type Queryable } from '@hub/persistence';

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
  /** Events of the case accepted and waiting behind the missing one. */
  waiting: number;
  /** When the oldest of them was accepted. */
  waitingSince: Date;
  oldestWaitingSeconds: number;
}

/** How one dossier came out of a reconciliation run. */
export type DossierCheckResult = 'matching' | 'repaired' | 'still-failing' | 'skipped';

/** A field the portal lacks or holds differently from what the hub synced. */
export interface DossierDifference {
  field: string;
  hub: string | null;
  portal: string | null;
}

export interface DossierCheck {
  caseCode: string;
  department: string;
  result: DossierCheckResult;
  /** What the portal lacked or held differently when first read back (empty when matching). */
  differences: DossierDifference[];
  /** The sequences re-sent to repair it. */
  resent?: { fromSequence: number; toSequence: number };
  /** Why it was skipped or is still failing. */
  reason?: string;
}

export type ReconciliationState = 'requested' | 'running' | 'done' | 'failed';
export type ReconciliationTrigger = 'schedule' | 'on-demand';

/** One reconciliation run as portal-sync publishes it (`details` only when one run is read). */
export interface Reconciliation {
  id: string;
  trigger: ReconciliationTrigger;
  requestedBy: string | null;
  windowFrom: Date;
  windowTo: Date;
  state: ReconciliationState;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  runBy: string | null;
  checked: number;
  matching: number;
  repaired: number;
  stillFailing: number;
  skipped: number;
  error: string | null;
  /** Per-dossier results; only when one run is read. */
  details?: DossierCheck[];
}

export type ReplayOutcome = 'replayed' | 'not-found' | 'not-dead';

const RUN_COLUMNS = `id, trigger, requested_by, window_from, window_to, state, requested_at,
  started_at, finished_at, run_by, checked, matching, repaired, still_failing, skipped, error`;

/**
 * Portal-sync's published state and commands (schema `portal_sync_api`, with the gateway's
 * `gateway_api` for procedure codes), typed for the apps that read them: ops' console and API,
 * and portal-sync's own contract tests. Nothing here touches a table: portal-sync's migrations
 * define the views and functions, and may change its tables behind them.
 */
export class SyncStatusReader {
  constructor(private readonly db: Queryable) {}

  /** Counts per department over every accepted event, and their total. */
  async summary(): Promise<{ all: SyncCounts; byDepartment: DepartmentSyncCounts[] }> {
    const rows = await queryRows<Record<string, string | number>>(
      this.db,
      `SELECT department, total, synced, pending, retrying, dead, oldest_unsynced_seconds
         FROM portal_sync_api.sync_counts ORDER BY department`,
    );
    const byDepartment: DepartmentSyncCounts[] = rows.map((r) => ({
      department: String(r['department']),
      total: Number(r['total']),
      synced: Number(r['synced']),
      pending: Number(r['pending']),
      retrying: Number(r['retrying']),
      dead: Number(r['dead']),
      oldestUnsyncedSeconds: Number(r['oldest_unsynced_seconds']),
    }));
    const all: SyncCounts = {
      total: 0,
      synced: 0,
      pending: 0,
      retrying: 0,
      dead: 0,
      oldestUnsyncedSeconds: 0,
    };
    for (const d of byDepartment) {
      all.total += d.total;
      all.synced += d.synced;
      all.pending += d.pending;
      all.retrying += d.retrying;
      all.dead += d.dead;
      all.oldestUnsyncedSeconds = Math.max(all.oldestUnsyncedSeconds, d.oldestUnsyncedSeconds);
    }
    return { all, byDepartment };
  }

  async deadLetters(filter: DeadLetterFilter): Promise<DeadLetter[]> {
    const text = filter.text ? `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT d.*, c.procedure_code
         FROM portal_sync_api.dead_letters d LEFT JOIN gateway_api.cases c ON c.case_code = d.case_code
        WHERE ($1::text IS NULL OR d.department = $1)
          AND ($4::text IS NULL OR c.procedure_code = $4)
          AND ($5::text IS NULL OR d.last_error_code = $5 OR d.last_error_code LIKE $5 || ':%')
          AND ($6::text IS NULL OR d.case_code ILIKE $6 OR d.event_id ILIKE $6 OR d.last_error_message ILIKE $6)
        ORDER BY d.dead_at, d.event_id
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
      waitingBehind: r['waiting_behind'] as number,
    }));
  }

  /** Held cases, longest waiting first, a page at a time. */
  async heldCases(page: { limit: number; offset?: number }): Promise<HeldCase[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT * FROM portal_sync_api.held_cases
        ORDER BY oldest_waiting_seconds DESC, case_code LIMIT $1 OFFSET $2`,
      [page.limit, page.offset ?? 0],
    );
    return rows.map((r) => ({
      caseCode: r['case_code'] as string,
      department: r['department'] as string,
      missingSequence: Number(r['missing_sequence']),
      waiting: r['waiting'] as number,
      waitingSince: r['waiting_since'] as Date,
      oldestWaitingSeconds: r['oldest_waiting_seconds'] as number,
    }));
  }

  /** How many cases are held, exactly (no cap). */
  async heldCaseCount(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM portal_sync_api.held_cases`,
    );
    return row?.n ?? 0;
  }

  /** A dead letter back to pending (it and the case's later events are sent again). */
  async replay(eventId: string, department?: string, operator?: string): Promise<ReplayOutcome> {
    const [row] = await queryRows<{ outcome: ReplayOutcome }>(
      this.db,
      `SELECT portal_sync_api.replay($1, $2, $3) AS outcome`,
      [eventId, department ?? null, operator ?? null],
    );
    return row.outcome;
  }

  async requestReconciliation(input: {
    trigger: ReconciliationTrigger;
    requestedBy: string | null;
    windowFrom: Date;
    windowTo: Date;
  }): Promise<Reconciliation> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT ${RUN_COLUMNS} FROM portal_sync_api.request_reconciliation($1, $2, $3, $4)`,
      [input.trigger, input.requestedBy, input.windowFrom, input.windowTo],
    );
    return toReconciliation(row);
  }

  async reconciliations(limit: number, offset: number): Promise<Reconciliation[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT ${RUN_COLUMNS} FROM portal_sync_api.reconciliations
        ORDER BY id::bigint DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(toReconciliation);
  }

  async reconciliation(id: string): Promise<Reconciliation | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row] = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT ${RUN_COLUMNS}, details FROM portal_sync_api.reconciliations WHERE id = $1`,
      [id],
    );
    return row
      ? { ...toReconciliation(row), details: row['details'] as DossierCheck[] }
      : undefined;
  }
}

/** A row of `reconciliations` (or its published view) as a `Reconciliation`. */
export function toReconciliation(r: Record<string, unknown>): Reconciliation {
  return {
    id: String(r['id']),
    trigger: r['trigger'] as ReconciliationTrigger,
    requestedBy: r['requested_by'] as string | null,
    windowFrom: r['window_from'] as Date,
    windowTo: r['window_to'] as Date,
    state: r['state'] as ReconciliationState,
    requestedAt: r['requested_at'] as Date,
    startedAt: r['started_at'] as Date | null,
    finishedAt: r['finished_at'] as Date | null,
    runBy: r['run_by'] as string | null,
    checked: r['checked'] as number,
    matching: r['matching'] as number,
    repaired: r['repaired'] as number,
    stillFailing: r['still_failing'] as number,
    skipped: r['skipped'] as number,
    error: r['error'] as string | null,
  };
}
