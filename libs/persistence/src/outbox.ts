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

/**
 * An outbox insert whose rows are the five arrays of `outboxColumns`, passed as parameters
 * `$first` to `$first+4`: the text is the same for any number of messages (one prepared plan),
 * it can stand inside a larger statement, and the ids follow the messages' order.
 */
export function outboxInsert(first: number): string {
  const [lane, topic, key, headers, value] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  return `INSERT INTO outbox (lane, topic, message_key, headers, value)
    SELECT lane, topic, message_key, headers, value
      FROM unnest(${lane}::int[], ${topic}::text[], ${key}::text[], ${headers}::jsonb[],
                  ${value}::text[]) WITH ORDINALITY AS m(lane, topic, message_key, headers, value, position)
     ORDER BY position`;
}

/** The messages as the five parameters of `outboxInsert`. */
export function outboxColumns(messages: OutboxMessage[]): unknown[] {
  return [
    messages.map((m) => outboxLane(m.key)),
    messages.map((m) => m.topic),
    messages.map((m) => m.key),
    messages.map((m) => JSON.stringify(m.headers)),
    messages.map((m) => m.value),
  ];
}

/** Writes messages inside the caller's transaction, so they exist iff the state change commits. */
export async function enqueueOutbox(
  manager: EntityManager,
  messages: OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await manager.query(outboxInsert(1), outboxColumns(messages));
}
