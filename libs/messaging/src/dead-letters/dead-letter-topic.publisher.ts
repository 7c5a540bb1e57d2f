import {
  DEAD_LETTER,
  DEAD_LETTER_SOURCE,
  type DeadLetterEvent,
  type DeadLetterReason,
  deadLetterId,
  topics,
} from '@hub/contracts';
import { toBinaryRecord } from '../cloudevents-binary';
import type { ConsumedRecord, KafkaConnection } from '../kafka';
import type { BatchFailure } from '../transport/batch-failure';
import { maskNumbersIn, maskPersonalIdentifiers, maskPersonalIdsIn } from './personal-identifiers';

export interface DeadLetterOf {
  record: ConsumedRecord;
  reason: DeadLetterReason;
  /** The department the record claimed, when readable. */
  department?: string;
  /** The group that set it aside. */
  consumerGroup?: string;
  /**
   * Whether the dead-letter id names the group (default true): false for the gateway's inbound
   * group, the only one on its topic, whose ids keep their 1.0 form.
   */
  idWithGroup?: boolean;
}

/**
 * The dead letter of a record, personal identifiers masked in the copy and in the reason (a
 * message may quote a value). Its id is deterministic: the same record refused twice by the same
 * group is one dead letter.
 */
export function deadLetterEventOf(letter: DeadLetterOf, now = new Date()): DeadLetterEvent {
  const { record, reason, department, consumerGroup, idWithGroup = true } = letter;
  const masked = maskPersonalIdentifiers(record);
  const eventId = masked.headers['ce_id'];
  return {
    specversion: '1.0',
    id: deadLetterId(
      record.topic,
      record.partition,
      record.offset,
      idWithGroup ? consumerGroup : undefined,
    ),
    source: DEAD_LETTER_SOURCE,
    type: DEAD_LETTER,
    ...(eventId ? { subject: eventId } : {}),
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data: {
      reason: {
        code: reason.code,
        detail: maskNumbersIn(reason.detail),
        errors: reason.errors.map((e) => ({
          ...e,
          path: maskPersonalIdsIn(e.path),
          message: maskNumbersIn(e.message),
        })),
      },
      ...(department ? { department } : {}),
      ...(eventId ? { eventId } : {}),
      ...(consumerGroup ? { consumerGroup } : {}),
      original: masked,
    },
  };
}

/** Publishes dead letters to hub.dead-letters.v1; resolves once the broker acknowledged. */
export async function publishDeadLetters(
  kafka: KafkaConnection,
  letters: readonly DeadLetterOf[],
): Promise<void> {
  if (letters.length === 0) return;
  // Connected on first use: an app whose HTTP side works without Kafka starts without a producer.
  await kafka.connectProducer();
  await kafka.send(
    letters.map((letter) => {
      const event = deadLetterEventOf(letter);
      const { record } = letter;
      const key =
        (record.key === null ? undefined : maskPersonalIdsIn(record.key)) ??
        event.data.eventId ??
        `${record.partition}:${record.offset}`;
      return { topic: topics.deadLetters, ...toBinaryRecord(event, key) };
    }),
  );
}

/**
 * The dead-letter sink every hub consumer group gets by default: the record, masked, on
 * hub.dead-letters.v1 with the failure's code and the group's name.
 */
export class DeadLetterTopicSink {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly consumerGroup: string,
  ) {}

  deadLetter(record: ConsumedRecord, failure: BatchFailure): Promise<void> {
    return publishDeadLetters(this.kafka, [
      {
        record,
        consumerGroup: this.consumerGroup,
        reason: {
          code: failure.code,
          detail: `Consumer group ${this.consumerGroup} cannot handle this record; the partition moved on without it.`,
          errors: failure.errors.map((e) => ({ path: e.path, message: e.message })),
        },
      },
    ]);
  }
}
