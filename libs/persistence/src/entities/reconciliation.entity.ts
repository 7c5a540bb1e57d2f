import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const reconciliationStates = ['requested', 'running', 'done', 'failed'] as const;
export type ReconciliationState = (typeof reconciliationStates)[number];
export type ReconciliationTrigger = 'schedule' | 'on-demand';

/** One reconciliation run: the portal read back for the dossiers touched in a window. */
@Entity({ name: 'reconciliations' })
export class ReconciliationRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  trigger!: ReconciliationTrigger;

  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'window_from', type: 'timestamptz' })
  windowFrom!: Date;

  @Column({ name: 'window_to', type: 'timestamptz' })
  windowTo!: Date;

  @Column({ type: 'text' })
  state!: ReconciliationState;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'run_by', type: 'text', nullable: true })
  runBy!: string | null;

  @Column({ type: 'int' })
  checked!: number;

  @Column({ type: 'int' })
  matching!: number;

  @Column({ type: 'int' })
  repaired!: number;

  @Column({ name: 'still_failing', type: 'int' })
  stillFailing!: number;

  @Column({ type: 'int' })
  skipped!: number;

  @Column({ type: 'jsonb' })
  details!: unknown[];

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
