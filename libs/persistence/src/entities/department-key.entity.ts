import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A department's API key (`lth_<keyId>_<secret>`), kept as the SHA-256 of the whole key. */
@Entity({ name: 'department_keys' })
export class DepartmentKeyRecord {
  @PrimaryColumn({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ type: 'text' })
  department!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'secret_hash', type: 'bytea' })
  secretHash!: Buffer;

  /** Per-key override of the rate limit; both null means the department's default. */
  @Column({ name: 'rate_limit_per_second', type: 'double precision', nullable: true })
  rateLimitPerSecond!: number | null;

  @Column({ name: 'rate_limit_burst', type: 'int', nullable: true })
  rateLimitBurst!: number | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set on rotation (end of the overlap) or at creation; the key stops working then. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy!: string | null;

  @Column({ name: 'rotated_from', type: 'text', nullable: true })
  rotatedFrom!: string | null;

  @Column({ name: 'rotated_to', type: 'text', nullable: true })
  rotatedTo!: string | null;
}
