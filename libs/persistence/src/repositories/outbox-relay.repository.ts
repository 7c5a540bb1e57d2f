import type { DataSource } from 'typeorm';
import { type StoredOutboxMessage } from '../outbox';
import { queryRows } from '../query';

/** Advisory-lock key space for outbox lanes (distinct from the migration lock). */
const LANE_LOCK_BASE = 7_264_600;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  value: string;
}

export class OutboxRelayRepository {
  constructor(private readonly ds: DataSource) {}

  /** Lanes that have messages waiting, oldest first (looks at the oldest `window` messages). */
  async busyLanes(window = 5000): Promise<number[]> {
    const rows: { lane: number }[] = await this.ds.query(
      `SELECT lane FROM (SELECT lane, id FROM outbox ORDER BY id LIMIT $1) s GROUP BY lane ORDER BY min(id)`,
      [window],
    );
    return rows.map((r) => r.lane);
  }

  /**
   * Publishes up to `limit` messages of the given lanes in id order while holding those lanes'
   * locks, and deletes them only after `publish` resolved (the broker acknowledged). Lanes that
   * another replica holds are skipped, so a key's messages are never published out of order; the
   * lowest ids across the locked lanes are a prefix of each lane, so each lane stays in order.
   * If `publish` throws, nothing is deleted and the messages are sent again later
   * (at-least-once). Returns how many were published, or -1 when every lane was held elsewhere.
   * Several lanes per transaction keep the statements per message low when each lane has few.
   */
  async drainLanes(
    lanes: readonly number[],
    limit: number,
    publish: (messages: StoredOutboxMessage[]) => Promise<void>,
  ): Promise<number> {
    if (lanes.length === 0) return 0;
    return this.ds.transaction(async (tx) => {
      // Lock, then read, in two statements on purpose: a statement reads the snapshot taken when
      // it started, so a read inside the locking statement could still see messages that the
      // lane's previous holder deleted and committed in between, and publish them again.
      const [locked] = await queryRows<{ lanes: number[] }>(
        tx,
        `SELECT ARRAY(SELECT lane FROM unnest($1::int[]) AS lane
                       WHERE pg_try_advisory_xact_lock($2 + lane)) AS lanes`,
        [lanes, LANE_LOCK_BASE],
      );
      if (!locked || locked.lanes.length === 0) return -1;
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, topic, message_key, headers, value FROM outbox
          WHERE lane = ANY($1::int[]) ORDER BY id LIMIT $2`,
        [locked.lanes, limit],
      );
      if (rows.length === 0) return 0;
      await publish(
        rows.map((r) => ({
          id: r.id,
          topic: r.topic,
          key: r.message_key,
          headers: r.headers,
          value: r.value,
        })),
      );
      await tx.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  async backlog(): Promise<{ count: number; oldestSeconds: number }> {
    const [row] = await queryRows<{ count: number; oldest: number }>(
      this.ds,
      `SELECT count(*)::int AS count,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS oldest
         FROM outbox`,
    );
    if (!row) return { count: 0, oldestSeconds: 0 };
    return { count: row.count, oldestSeconds: row.oldest };
  }
}
