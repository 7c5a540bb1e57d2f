export const syncJobStates = ['pending', 'retrying', 'synced', 'dead'] as const;
export type SyncJobState = (typeof syncJobStates)[number];

/**
 * One event that must reach the national portal. The sync rate is computed from these rows
 * (and from accepted events that have no row yet), never estimated. A plain record: the
 * repository maps rows itself (no ORM entity).
 */
export class PortalSyncJobRecord {
  eventId!: string;
  caseCode!: string;
  department!: string;
  sequence!: number;
  /** 1, 2, ... for an event the hub originates after the department's `sequence`; else 0. */
  hubSequence!: number;
  /** The W3C traceparent its sync continues (libs/tracing); null when tracing was off. */
  traceParent!: string | null;
  eventType!: string;
  event!: Record<string, unknown>;
  state!: SyncJobState;
  attempts!: number;

  /** Operator replays after a final rejection; each replay sends under fresh idempotency keys. */
  replayCount!: number;

  /** The case's previous job is synced (a hint that narrows claims; see the repository). */
  predecessorSynced!: boolean;
  nextAttemptAt!: Date;
  leaseUntil!: Date | null;
  leasedBy!: string | null;
  lastErrorCode!: string | null;
  lastErrorMessage!: string | null;
  portalStatus!: string | null;

  /** Set when this event's dossier write reached the portal but its progress call did not yet. */
  dossierSyncedAt!: Date | null;
  acceptedAt!: Date;
  createdAt!: Date;
  syncedAt!: Date | null;
  deadAt!: Date | null;
}
