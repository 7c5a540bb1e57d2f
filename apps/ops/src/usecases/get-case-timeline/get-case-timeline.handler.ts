import { Inject, Injectable } from '@nestjs/common';
import { ProcedureCatalogReader } from '@hub/read-models';
import {
  OpsInsightsRepository,
  type TimelineAttemptRow,
  type TimelineCase,
  type TimelineEventRow,
  type TimelineRegistrationRow,
} from '../../insights/ops-insights.repository';
import { withProcedureNames, type WithProcedureName } from '../../procedure-names';
import { OPS_CONFIG, type OpsConfig } from '../../config';

export type TimelineStepKind =
  'accepted' | 'published' | 'job-created' | 'attempt-failed' | 'replayed' | 'synced' | 'dead';

export interface TimelineStep {
  kind: TimelineStepKind;
  /** null when the step is known to have happened but not when (rows older than the record). */
  at: string | null;
  errorCode?: string;
  errorMessage?: string;
  portalStatus?: string;
  operator?: string;
}

export type EventSyncState =
  'in-outbox' | 'awaiting-job' | 'pending' | 'retrying' | 'synced' | 'dead';

export interface TimelineEvent {
  eventId: string;
  type: string;
  sequence: number;
  /** 1, 2, ... for an event the hub originated (a platform-confirmed payment) after `sequence`. */
  hubSequence: number;
  eventTime: string;
  state: EventSyncState;
  attempts: number;
  nextAttemptAt: string | null;
  /** The earlier sequence this event waits behind (the portal takes a case's events in order). */
  waitingBehind: number | null;
  /** The trace of the event's way from the gateway to the portal; null when tracing was off. */
  traceId: string | null;
  /** A link to that trace in the trace UI (OPS_TRACE_URL); null when none is configured. */
  traceUrl: string | null;
  steps: TimelineStep[];
  /**
   * For an electronic case.result-issued: each document's registration in the national results
   * store (once-only's durable work); empty otherwise.
   */
  nationalStore: NationalStoreRegistration[];
}

export interface NationalStoreRegistration {
  documentNo: string;
  documentCode: string;
  state: 'pending' | 'retrying' | 'registered' | 'rejected';
  attempts: number;
  /** When the next try is due, while it waits. */
  nextAttemptAt: string | null;
  errorCode: string | null;
  registrationId: string | null;
  registeredAt: string | null;
}

export interface CaseTimeline {
  caseCode: string;
  department: string;
  procedureCode: string | null;
  /** The national catalog's name of the procedure; null when the catalog does not know it. */
  procedureName: string | null;
  status: string | null;
  /** synced when every event is; dead when one is parked; otherwise in-progress. */
  state: 'synced' | 'dead' | 'in-progress';
  /**
   * Sequences below the highest received that the hub never received: the department's system
   * must send them; the portal takes nothing of the case after the first one (a held case).
   */
  missingSequences: number[];
  events: TimelineEvent[];
}

/** An instant as text; null when unknown or unreadable (a stored date no clock reads never 500s). */
const iso = (d: Date | null | undefined): string | null =>
  d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;

/**
 * A case's journey, per event: accepted by the hub, published from the outbox to Kafka, turned
 * into a portal sync job, each portal attempt (with the portal's reason), operator replays, and
 * the end (acknowledged or dead). Attempts come from their own rows; the job row fills in the
 * end state when attempt rows are missing (jobs that ended before attempts were recorded).
 */
export function buildCaseTimeline(input: {
  case: WithProcedureName<TimelineCase>;
  events: TimelineEventRow[];
  attempts: TimelineAttemptRow[];
  /** Absent from callers that predate the national store: no registrations. */
  registrations?: TimelineRegistrationRow[];
  /** OPS_TRACE_URL: a URL with `{traceId}` in it. */
  traceUrl?: string;
}): CaseTimeline {
  const traceUrlOf = (traceId: string | null): string | null =>
    traceId && input.traceUrl ? input.traceUrl.replace('{traceId}', traceId) : null;
  const nationalStoreOf = (eventId: string): NationalStoreRegistration[] =>
    (input.registrations ?? [])
      .filter((r) => r.eventId === eventId)
      .map((r) => ({
        documentNo: r.documentNo,
        documentCode: r.documentCode,
        state: r.state,
        attempts: r.attempts,
        nextAttemptAt:
          r.state === 'pending' || r.state === 'retrying' ? iso(r.nextAttemptAt) : null,
        errorCode: r.errorCode,
        registrationId: r.registrationId,
        registeredAt: iso(r.registeredAt),
      }));
  const events = input.events.map((e): TimelineEvent => {
    const steps: TimelineStep[] = [{ kind: 'accepted', at: iso(e.acceptedAt) }];
    const job = e.job;
    if (!e.inOutbox) steps.push({ kind: 'published', at: iso(job?.publishedAt) });
    if (job) steps.push({ kind: 'job-created', at: iso(job.createdAt) });
    const attempts = input.attempts.filter((a) => a.eventId === e.eventId);
    for (const a of attempts) {
      const kind: TimelineStepKind =
        a.outcome === 'retrying'
          ? 'attempt-failed'
          : a.outcome === 'replayed'
            ? 'replayed'
            : a.outcome;
      steps.push({
        kind,
        at: iso(a.at),
        ...(a.errorCode ? { errorCode: a.errorCode } : {}),
        ...(a.errorMessage ? { errorMessage: a.errorMessage } : {}),
        ...(a.portalStatus ? { portalStatus: a.portalStatus } : {}),
        ...(a.operator ? { operator: a.operator } : {}),
      });
    }
    if (job?.state === 'synced' && !attempts.some((a) => a.outcome === 'synced')) {
      steps.push({
        kind: 'synced',
        at: iso(job.syncedAt),
        ...(job.portalStatus ? { portalStatus: job.portalStatus } : {}),
      });
    }
    if (job?.state === 'dead' && !attempts.some((a) => a.outcome === 'dead')) {
      steps.push({
        kind: 'dead',
        at: iso(job.deadAt),
        ...(job.lastErrorCode ? { errorCode: job.lastErrorCode } : {}),
        ...(job.lastErrorMessage ? { errorMessage: job.lastErrorMessage } : {}),
      });
    }
    const state: EventSyncState = e.inOutbox
      ? 'in-outbox'
      : job
        ? (job.state as EventSyncState)
        : 'awaiting-job';
    return {
      eventId: e.eventId,
      type: e.type,
      sequence: e.sequence,
      hubSequence: e.hubSequence,
      eventTime: iso(e.eventTime) ?? '',
      state,
      attempts: job?.attempts ?? 0,
      waitingBehind: null,
      traceId: e.traceId,
      traceUrl: traceUrlOf(e.traceId),
      nextAttemptAt:
        job && (job.state === 'pending' || job.state === 'retrying')
          ? iso(job.nextAttemptAt)
          : null,
      steps,
      nationalStore: nationalStoreOf(e.eventId),
    };
  });
  // Sequences the department never sent: nothing after the first of them can be synced.
  const received = new Set(events.map((e) => e.sequence));
  const highest = events.reduce((max, e) => Math.max(max, e.sequence), 0);
  const missingSequences: number[] = [];
  for (let n = 1; n < highest; n++) if (!received.has(n)) missingSequences.push(n);
  // An unsynced event waits behind the first unsynced or missing event before it, if any: it
  // has no next attempt of its own until that one is through.
  let firstBlocking: number | null = null;
  const nextMissing = [...missingSequences];
  for (const e of events) {
    while (nextMissing.length > 0 && nextMissing[0] < e.sequence) {
      firstBlocking ??= nextMissing[0];
      nextMissing.shift();
    }
    if (e.state !== 'synced' && firstBlocking !== null) {
      e.waitingBehind = firstBlocking;
      e.nextAttemptAt = null;
    }
    if (e.state !== 'synced' && firstBlocking === null) firstBlocking = e.sequence;
  }
  const state = events.some((e) => e.state === 'dead')
    ? 'dead'
    : events.length > 0 && events.every((e) => e.state === 'synced')
      ? 'synced'
      : 'in-progress';
  return {
    caseCode: input.case.caseCode,
    department: input.case.department,
    procedureCode: input.case.procedureCode,
    procedureName: input.case.procedureName,
    status: input.case.status,
    state,
    missingSequences,
    events,
  };
}

@Injectable()
export class GetCaseTimelineHandler {
  constructor(
    @Inject(OpsInsightsRepository) private readonly insights: OpsInsightsRepository,
    @Inject(ProcedureCatalogReader) private readonly catalog: Pick<ProcedureCatalogReader, 'names'>,
    @Inject(OPS_CONFIG) private readonly config: Pick<OpsConfig, 'OPS_TRACE_URL'>,
  ) {}

  async execute(caseCode: string): Promise<CaseTimeline | undefined> {
    const rows = await this.insights.caseTimeline(caseCode);
    if (!rows) return undefined;
    const [named] = await withProcedureNames(this.catalog, [rows.case]);
    return named
      ? buildCaseTimeline({ ...rows, case: named, traceUrl: this.config.OPS_TRACE_URL })
      : undefined;
  }
}
