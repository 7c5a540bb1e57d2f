import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DeadLetterEvent, DeadLetterReason } from '@hub/contracts';
import {
  type BatchFailure,
  type ConsumedRecord,
  deadLetterEventOf,
  KafkaConnection,
  type KafkaDeadLetterSink,
  publishDeadLetters,
} from '@hub/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { GatewayErrorCode } from '../gateway.errors';

/**
 * The side effect of refusing an inbound record: one dead letter on hub.dead-letters.v1, with
 * every personal identifier of the copied record masked (`@hub/messaging`, `deadLetterEventOf`).
 */
@Injectable()
export class DeadLetterPublisher implements KafkaDeadLetterSink {
  private readonly consumerGroup: string | undefined;

  constructor(
    @Inject(KafkaConnection) private readonly kafka: KafkaConnection,
    @Optional() @Inject(GATEWAY_CONFIG) config?: Pick<GatewayConfig, 'INBOUND_GROUP_ID'>,
  ) {
    this.consumerGroup = config?.INBOUND_GROUP_ID;
  }

  /** Resolves once the broker acknowledged (acks = all); only then may the offset be committed. */
  async publish(
    letters: { record: ConsumedRecord; reason: DeadLetterReason; department?: string }[],
  ): Promise<void> {
    // The inbound group's dead letters keep their 1.0 ids (no group in them): a redelivered
    // record refused again is the same dead letter as before this release.
    const group = this.consumerGroup;
    await publishDeadLetters(
      this.kafka,
      letters.map((l) => ({
        ...l,
        ...(group ? { consumerGroup: group, idWithGroup: false } : {}),
      })),
    );
  }

  /**
   * A record the transport set aside because handling it fails the same way every time (Postgres
   * refuses one of its values, or an error nobody expected): the department gets it back like any
   * other refusal.
   */
  async deadLetter(record: ConsumedRecord, failure: BatchFailure): Promise<void> {
    await this.publish([
      {
        record,
        reason: {
          code: GatewayErrorCode.MalformedRecord,
          detail: 'The hub cannot store a value of this record.',
          errors: [{ path: '(value)', message: `refused while storing it (${failure.code})` }],
        },
      },
    ]);
  }
}

/** The dead letter of an inbound record, personal identifiers masked. */
export function deadLetterOf(
  record: ConsumedRecord,
  reason: DeadLetterReason,
  department?: string,
  now = new Date(),
): DeadLetterEvent {
  return deadLetterEventOf({ record, reason, ...(department ? { department } : {}) }, now);
}
