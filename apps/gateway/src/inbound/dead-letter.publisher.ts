import { Inject, Injectable } from '@nestjs/common';
import {
  DEAD_LETTER,
  DEAD_LETTER_SOURCE,
  type DeadLetterEvent,
  type DeadLetterReason,
  deadLetterId,
  topics,
} from '@hub/contracts';
import {
  type BatchFailure,
  type ConsumedRecord,
  KafkaConnection,
  type KafkaDeadLetterSink,
  toBinaryRecord,
} from '@hub/messaging';
import { GatewayErrorCode } from '../gateway.errors';

/** The side effect of refusing an inbound record: one dead letter on hub.dead-letters.v1. */
@Injectable()
export class DeadLetterPublisher implements KafkaDeadLetterSink {
  constructor(@Inject(KafkaConnection) private readonly kafka: KafkaConnection) {}

  /** Resolves once the broker acknowledged (acks = all); only then may the offset be committed. */
  async publish(
    letters: { record: ConsumedRecord; reason: DeadLetterReason; department?: string }[],
  ): Promise<void> {
    if (letters.length === 0) return;
    // Connected on first use: the gateway's HTTP intake starts (and works) without Kafka.
    await this.kafka.connectProducer();
    await this.kafka.send(
      letters.map(({ record, reason, department }) => {
        const event = deadLetterOf(record, reason, department);
        const key = record.key ?? record.headers['ce_id'] ?? `${record.partition}:${record.offset}`;
        return { topic: topics.deadLetters, ...toBinaryRecord(event, key) };
      }),
    );
  }

  /**
   * A record the transport set aside because storing it fails the same way every time (Postgres
   * refuses one of its values): the department gets it back like any other refusal.
   */
  async deadLetter(record: ConsumedRecord, failure: BatchFailure): Promise<void> {
    await this.publish([
      {
        record,
        reason: {
          code: GatewayErrorCode.MalformedRecord,
          detail: 'The hub cannot store a value of this record.',
          errors: [{ path: '(value)', message: `refused by the database (${failure.code})` }],
        },
      },
    ]);
  }
}

export function deadLetterOf(
  record: ConsumedRecord,
  reason: DeadLetterReason,
  department?: string,
  now = new Date(),
): DeadLetterEvent {
  const eventId = record.headers['ce_id'];
  return {
    specversion: '1.0',
    id: deadLetterId(record.topic, record.partition, record.offset),
    source: DEAD_LETTER_SOURCE,
    type: DEAD_LETTER,
    ...(eventId ? { subject: eventId } : {}),
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data: {
      reason,
      ...(department ? { department } : {}),
      ...(eventId ? { eventId } : {}),
      original: {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key,
        headers: record.headers,
        value: record.value,
        timestamp: record.timestamp,
      },
    },
  };
}
