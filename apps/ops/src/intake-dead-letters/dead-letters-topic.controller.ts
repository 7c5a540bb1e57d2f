import { Controller, Inject, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { deadLetterV1, topics } from '@hub/contracts';
import { type ConsumedRecord, fromBinaryRecord, type KafkaDeadLetterSink } from '@hub/messaging';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import {
  IntakeDeadLetterRepository,
  type NewIntakeDeadLetter,
} from './intake-dead-letter.repository';

/** A dead letter as ops keeps it, or why the record is none (a foreign or broken record). */
export function readDeadLetter(
  record: ConsumedRecord,
): { ok: true; letter: NewIntakeDeadLetter } | { ok: false; reason: string } {
  let parsed;
  try {
    parsed = deadLetterV1.safeParse(fromBinaryRecord(record.headers, record.value));
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return { ok: false, reason: `${issue?.path.join('.') || '(record)'} ${issue?.message ?? ''}` };
  }
  const { id, time, data } = parsed.data;
  return {
    ok: true,
    letter: {
      id,
      deadAt: time,
      // Dead letters from before 1.1 carry no group: they are all the gateway's inbound ones.
      consumerGroup: data.consumerGroup ?? 'hub-gateway-inbound',
      department: data.department ?? null,
      eventId: data.eventId ?? null,
      caseCode: data.original.key,
      code: data.reason.code,
      detail: data.reason.detail,
      errors: data.reason.errors,
      topic: data.original.topic,
      partition: data.original.partition,
      offset: data.original.offset,
    },
  };
}

/**
 * Keeps every dead letter of hub.dead-letters.v1 in ops' table, for the console. A record that
 * is no dead letter is counted and logged (never its content) and skipped: dead-lettering it
 * again would feed it back to this very consumer.
 */
@Controller()
export class DeadLettersTopicController {
  private readonly unreadable;

  constructor(
    @Inject(IntakeDeadLetterRepository) private readonly letters: IntakeDeadLetterRepository,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.unreadable = metrics.counter(
      'hub_ops_unreadable_dead_letters_total',
      'Records on hub.dead-letters.v1 that ops could not read as dead letters (skipped)',
    );
  }

  @EventPattern(topics.deadLetters)
  async keep(@Payload() records: ConsumedRecord[]): Promise<void> {
    const letters: NewIntakeDeadLetter[] = [];
    for (const record of records) {
      const read = readDeadLetter(record);
      if (read.ok) {
        letters.push(read.letter);
        continue;
      }
      this.unreadable.inc();
      this.logger.event('warn', 'a record on the dead-letter topic is no dead letter; skipped', {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        reason: read.reason,
      });
    }
    await this.letters.insert(letters);
  }
}

/**
 * The sink of this consumer group: a record its handler cannot store alone (not transiently) is
 * logged and counted by the transport, and NOT published to hub.dead-letters.v1, which it reads.
 */
@Injectable()
export class LogOnlyDeadLetterSink implements KafkaDeadLetterSink {
  deadLetter(): Promise<void> {
    return Promise.resolve();
  }
}
