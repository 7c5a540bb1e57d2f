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
 * The VALUES rows of an outbox insert, for callers that write the outbox inside a larger
 * statement; `param` adds a value to the statement's parameters and answers its placeholder.
 */
export function outboxRows(messages: OutboxMessage[], param: (value: unknown) => string): string {
  return messages
    .map(
      (m) =>
        `(${param(outboxLane(m.key))}, ${param(m.topic)}, ${param(m.key)}, ${param(JSON.stringify(m.headers))}::jsonb, ${param(m.value)})`,
    )
    .join(', ');
}

/** Writes messages inside the caller's transaction, so they exist iff the state change commits. */
export async function enqueueOutbox(
  manager: EntityManager,
  messages: OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const params: unknown[] = [];
  const rows = outboxRows(messages, (value) => `$${params.push(value)}`);
  await manager.query(
    `INSERT INTO outbox (lane, topic, message_key, headers, value) VALUES ${rows}`,
    params,
  );
}
