import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records the hub's consumers set aside (hub.dead-letters.v1: a department's Kafka record the
 * gateway refused, or an unreadable case event another group met), kept by ops so that the console
 * can list them and an operator can mark each handled. Only the reason and where the original is
 * (topic, partition, offset): never its value or headers, even masked.
 */
export class IntakeDeadLetters1765980000000 implements MigrationInterface {
  name = 'IntakeDeadLetters1765980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake_dead_letters (
        id               text PRIMARY KEY,
        dead_at          timestamptz NOT NULL,
        received_at      timestamptz NOT NULL DEFAULT now(),
        consumer_group   text NOT NULL,
        department       text,
        event_id         text,
        case_code        text,
        code             text NOT NULL,
        detail           text NOT NULL,
        errors           jsonb NOT NULL,
        topic            text NOT NULL,
        "partition"      int NOT NULL,
        "offset"         text NOT NULL,
        acknowledged_at  timestamptz,
        acknowledged_by  text
      )`);
    await q.query(
      `CREATE INDEX intake_dead_letters_open ON intake_dead_letters (dead_at DESC, id) WHERE acknowledged_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX intake_dead_letters_dead_at ON intake_dead_letters (dead_at DESC, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake_dead_letters`);
  }
}
