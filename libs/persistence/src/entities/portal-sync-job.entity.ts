import { Column, Entity, PrimaryColumn } from 'typeorm';

export const syncJobStates = ['pending', 'retrying', 'synced', 'dead'] as const;
export type SyncJobState = (typeof syncJobStates)[number];

/**
 * One event that must reach the national portal. The sync rate is computed from these rows
 * (and from accepted events that have no row yet), never estimated.
 */
@Entity({ name: 'portal_sync_jobs' })
export class PortalSyncJobRecord {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'case_code', type: 'text' })
  caseCode!: string;

  @Column({ type: 'text' })
  department!: string;

  @Column({ type: 'int' })
  sequence!: number;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ type: 'jsonb' })
  event!: Record<string, unknown>;

  @Column({ type: 'text' })
  state!: SyncJobState;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** Operator replays after a final rejection; each replay sends under fresh idempotency keys. */
  @Column({ name: 'replay_count', type: 'int', default: 0 })
  replayCount!: number;

  /** The case's previous sequence is synced (a hint that narrows claims; see the repository). */
  @Column({ name: 'predecessor_synced', type: 'boolean', default: false })
  predecessorSynced!: boolean;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'leased_by', type: 'text', nullable: true })
  leasedBy!: string | null;

  @Column({ name: 'last_error_code', type: 'text', nullable: true })
  lastErrorCode!: string | null;

  @Column({ name: 'last_error_message', type: 'text', nullable: true })
  lastErrorMessage!: string | null;

  @Column({ name: 'portal_status', type: 'text', nullable: true })
  portalStatus!: string | null;

  /** Set when this event's dossier write reached the portal but its progress call did not yet. */
  @Column({ name: 'dossier_synced_at', type: 'timestamptz', nullable: true })
  dossierSyncedAt!: Date | null;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'synced_at', type: 'timestamptz', nullable: true })
  syncedAt!: Date | null;

  @Column({ name: 'dead_at', type: 'timestamptz', nullable: true })
  deadAt!: Date | null;
}
