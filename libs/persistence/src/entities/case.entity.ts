import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The hub's projection of a dossier (hồ sơ): who owns it and where it stands. */
@Entity({ name: 'cases' })
export class CaseRecord {
  @PrimaryColumn({ name: 'case_code', type: 'text' })
  caseCode!: string;

  @Column({ type: 'text' })
  department!: string;

  @Column({ name: 'procedure_code', type: 'text', nullable: true })
  procedureCode!: string | null;

  /** Current status, taken from the accepted event with the highest sequence that sets one. */
  @Column({ type: 'text', nullable: true })
  status!: string | null;

  @Column({ name: 'status_sequence', type: 'int', default: 0 })
  statusSequence!: number;

  @Column({ name: 'last_sequence', type: 'int', default: 0 })
  lastSequence!: number;

  @Column({ name: 'event_count', type: 'int', default: 0 })
  eventCount!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
