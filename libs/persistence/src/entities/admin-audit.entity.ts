import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One admin action: who did what to which target, when. `details` never holds a secret. */
@Entity({ name: 'admin_audit_log' })
export class AdminAuditRecord {
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  target!: string;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
