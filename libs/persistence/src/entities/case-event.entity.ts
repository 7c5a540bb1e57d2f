import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every accepted event, as validated. `id` is the department's CloudEvent id (idempotency key). */
@Entity({ name: 'case_events' })
export class CaseEventRecord {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'case_code', type: 'text' })
  caseCode!: string;

  @Column({ type: 'text' })
  department!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'int' })
  sequence!: number;

  @Column({ name: 'event_time', type: 'timestamptz' })
  eventTime!: Date;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** SHA-256 of the canonical event: tells a harmless re-send from a conflicting re-use of an id. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;
}
