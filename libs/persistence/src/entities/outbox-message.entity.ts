import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: written in the same transaction as the state it announces, published by
 * the relay, then deleted. `lane` = hash(key) mod LANES; a relay replica holds a lane's advisory
 * lock while publishing it, which keeps one key's messages in commit order across replicas.
 */
@Entity({ name: 'outbox' })
export class OutboxMessageRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'int' })
  lane!: number;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'message_key', type: 'text' })
  messageKey!: string;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @Column({ type: 'text' })
  value!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
