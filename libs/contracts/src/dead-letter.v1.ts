import { z } from 'zod';
import { timestamp } from './primitives';

export const DEAD_LETTER = 'hub.dead-letter' as const;
export const DEAD_LETTER_SOURCE = '/hub/gateway/inbound';

/**
 * Why an inbound record was refused. `code` is the same stable code the HTTP gateway answers with
 * (INVALID_EVENT, FORBIDDEN_SOURCE, ID_CONFLICT, ...) plus MALFORMED_RECORD and UNAUTHENTICATED,
 * which only Kafka records can have. `errors` names every bad field as the HTTP problem does.
 */
export const deadLetterReasonV1 = z.strictObject({
  code: z.string().min(1),
  detail: z.string(),
  errors: z.array(
    z.strictObject({
      index: z.number().int().min(0).optional(),
      path: z.string(),
      message: z.string(),
    }),
  ),
});

/** The refused record exactly as it was read: enough to fix it and produce it again. */
export const deadLetterOriginalV1 = z.strictObject({
  topic: z.string().min(1),
  partition: z.number().int().min(0),
  offset: z.string().regex(/^\d+$/),
  key: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  value: z.string().nullable(),
  timestamp: z.string(),
});

/**
 * Published to hub.dead-letters.v1 (CloudEvents, binary mode like every hub topic; key = the
 * original key). `id` is derived from topic/partition/offset, so a record refused twice (after a
 * redelivery) yields the same dead-letter id: deduplicate by it.
 */
export const deadLetterV1 = z.strictObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.literal(DEAD_LETTER_SOURCE),
  type: z.literal(DEAD_LETTER),
  /** The original event id (ce_id) when the record had one. */
  subject: z.string().optional(),
  time: timestamp,
  datacontenttype: z.literal('application/json').optional(),
  data: z.strictObject({
    reason: deadLetterReasonV1,
    /** The department the record claimed (hub-department header or ce_source), when readable. */
    department: z.string().optional(),
    eventId: z.string().optional(),
    original: deadLetterOriginalV1,
  }),
});

export type DeadLetterEvent = z.output<typeof deadLetterV1>;
export type DeadLetterReason = z.output<typeof deadLetterReasonV1>;

/** Deterministic dead-letter id for a record: the same record refused twice is one dead letter. */
export const deadLetterId = (topic: string, partition: number, offset: string): string =>
  `dl:${topic}:${partition}:${offset}`;
