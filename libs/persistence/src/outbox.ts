import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** How many independent ordering lanes the outbox has. More lanes = more relay parallelism. */
export const OUTBOX_LANES = 64;

export function outboxLane(key: string): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % OUTBOX_LANES;
}

export interface OutboxMessage {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

export interface StoredOutboxMessage extends OutboxMessage {
  id: string;
}

/** Writes messages inside the caller's transaction, so they exist iff the state change commits. */
export async function enqueueOutbox(
  manager: EntityManager,
  messages: OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const params: unknown[] = [];
  const rows = messages.map((m, i) => {
    params.push(outboxLane(m.key), m.topic, m.key, JSON.stringify(m.headers), m.value);
    const b = i * 5;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}::jsonb, $${b + 5})`;
  });
  await manager.query(
    `INSERT INTO outbox (lane, topic, message_key, headers, value) VALUES ${rows.join(', ')}`,
    params,
  );
}
