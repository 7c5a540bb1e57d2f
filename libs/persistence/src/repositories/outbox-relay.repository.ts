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
   * Publishes up to `limit` messages of one lane in id order while holding that lane's lock, and
   * deletes them only after `publish` resolved (the broker acknowledged). Another replica that
   * tries the same lane skips it, so a key's messages are never published out of order. If
   * `publish` throws, nothing is deleted and the messages are sent again later (at-least-once).
   * Returns how many were published, or -1 when another replica holds the lane.
   */
  async drainLane(
    lane: number,
    limit: number,
    publish: (messages: StoredOutboxMessage[]) => Promise<void>,
  ): Promise<number> {
    return this.ds.transaction(async (tx) => {
      const [lock] = await queryRows<{ locked: boolean }>(
        tx,
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [LANE_LOCK_BASE + lane],
      );
      if (!lock?.locked) return -1;
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, topic, message_key, headers, value FROM outbox WHERE lane = $1 ORDER BY id LIMIT $2`,
        [lane, limit],
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
