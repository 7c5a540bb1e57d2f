import { z } from 'zod';
import { timestamp } from './primitives';

export const DEAD_LETTER = 'hub.dead-letter' as const;
/**
 * The source of every dead letter on hub.dead-letters.v1, whichever consumer group set the record
 * aside (a const since 1.0.0, so it stays: `data.consumerGroup` names the group).
 */
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

/**
 * The refused record as it was read, with every personal identifier masked (citizen ID numbers,
 * personal tax codes, any run of 9 to 12 digits in the value; any 12-digit run in the key and
 * headers): topic, partition, offset, event id and case code find the original at its producer.
 */
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
    /**
     * The consumer group that set the record aside (`hub-gateway-inbound`, `hub-portal-sync`, ...).
     * Absent on dead letters written before 1.1: those are all the gateway's inbound group.
     */
    consumerGroup: z.string().optional(),
    original: deadLetterOriginalV1,
  }),
});

export type DeadLetterEvent = z.output<typeof deadLetterV1>;
export type DeadLetterReason = z.output<typeof deadLetterReasonV1>;

/**
 * Deterministic dead-letter id for a record: the same record refused twice is one dead letter.
 * Records of a topic several groups read (hub.case-events.v1) may be refused by each of them, so
 * their ids name the group too; the gateway's inbound ids keep their 1.0 form.
 */
export const deadLetterId = (
  topic: string,
  partition: number,
  offset: string,
  consumerGroup?: string,
): string =>
  consumerGroup
    ? `dl:${consumerGroup}:${topic}:${partition}:${offset}`
    : `dl:${topic}:${partition}:${offset}`;
