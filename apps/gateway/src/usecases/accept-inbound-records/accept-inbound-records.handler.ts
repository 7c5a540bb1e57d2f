import { Inject, Injectable } from '@nestjs/common';
import type { DeadLetterReason } from '@hub/contracts';
import { type ConsumedRecord, CloudEventDecodeError, fromBinaryRecord } from '@hub/messaging';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { GatewayErrorCode, TRANSIENT_CODES } from '../../gateway.errors';
import { DeadLetterPublisher } from '../../inbound/dead-letter.publisher';
import { INBOUND_KEY_RESOLVER, type InboundKeyResolver } from '../../inbound/inbound-key-resolver';
import { AcceptEventsCommand } from '../accept-events/accept-events.command';
import { AcceptEventsHandler } from '../accept-events/accept-events.handler';

/** Header naming the department key a Kafka record is sent under (its key id, never the key). */
export const KEY_ID_HEADER = 'hub-key-id';

export type InboundOutcome =
  | { kind: 'accepted' | 'duplicate'; eventId: string }
  | { kind: 'dead-letter'; reason: DeadLetterReason; department?: string };

/** Thrown to make the consumer retry the whole batch (nothing committed, nothing dead-lettered). */
export class TransientIntakeError extends Error {
  constructor(readonly code: GatewayErrorCode) {
    super(`inbound batch must be retried: ${code}`);
    this.name = 'TransientIntakeError';
  }
}

/**
 * Kafka transport of the accept-events command: each record is decoded, its key id resolved to a
 * department, and the SAME command and handler as `POST /v1/events` decide. A refusal becomes a
 * dead letter (the partition moves on); a transient failure (Postgres down) throws, so the batch
 * is retried and nothing is committed. Re-running a batch is safe: accepted events come back as
 * duplicates, refused ones produce the same dead-letter id again.
 */
@Injectable()
export class AcceptInboundRecordsHandler {
  private readonly counter;

  constructor(
    @Inject(AcceptEventsHandler) private readonly accept: AcceptEventsHandler,
    @Inject(INBOUND_KEY_RESOLVER) private readonly keys: InboundKeyResolver,
    @Inject(DeadLetterPublisher) private readonly deadLetters: DeadLetterPublisher,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.counter = metrics.counter(
      'hub_inbound_records_total',
      'Records read from city.case-events.inbound.v1, by outcome and refusal code',
      ['outcome', 'code'] as const,
    );
  }

  async execute(records: ConsumedRecord[]): Promise<InboundOutcome[]> {
    const outcomes: InboundOutcome[] = [];
    const letters: { record: ConsumedRecord; reason: DeadLetterReason; department?: string }[] = [];
    // In offset order, one record at a time: the events of a case keep their partition order.
    for (const record of records) {
      const outcome = await this.one(record);
      outcomes.push(outcome);
      if (outcome.kind === 'dead-letter') {
        letters.push({ record, reason: outcome.reason, department: outcome.department });
      }
    }
    await this.deadLetters.publish(letters);
    for (const [i, outcome] of outcomes.entries()) {
      const record = records[i];
      if (outcome.kind === 'dead-letter') {
        this.counter.inc({ outcome: 'dead_letter', code: outcome.reason.code });
        this.logger.event('warn', 'inbound record dead-lettered', {
          eventId: record.headers['ce_id'],
          caseCode: record.headers['ce_subject'],
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          code: outcome.reason.code,
          paths: outcome.reason.errors.map((e) => e.path),
        });
      } else {
        this.counter.inc({ outcome: outcome.kind, code: '' });
      }
    }
    return outcomes;
  }

  private async one(record: ConsumedRecord): Promise<InboundOutcome> {
    const keyId = record.headers[KEY_ID_HEADER];
    const department = await this.keys.departmentOf(keyId);
    if (!department) {
      return dead(
        GatewayErrorCode.Unauthenticated,
        `Send every record with header ${KEY_ID_HEADER}: the key id of your department key.`,
        [
          {
            path: `headers.${KEY_ID_HEADER}`,
            message: keyId ? 'is not the id of a known key' : 'is required',
          },
        ],
      );
    }
    let body: unknown;
    try {
      body = fromBinaryRecord(record.headers, record.value);
    } catch (e) {
      if (!(e instanceof CloudEventDecodeError)) throw e;
      return dead(
        GatewayErrorCode.MalformedRecord,
        'The record is not a binary-mode CloudEvent.',
        [
          {
            path: e.code === 'BAD_DATA' ? '(value)' : 'headers',
            message: e.message,
          },
        ],
        department,
      );
    }
    const built = AcceptEventsCommand.create({ department, body, kind: 'single', maxBatch: 1 });
    if (!built.ok) {
      return dead(built.error.code, built.error.detail, built.error.errors, department);
    }
    const outcome = await this.accept.execute(built.command);
    if (outcome.kind === 'refused') {
      if (TRANSIENT_CODES.has(outcome.code)) throw new TransientIntakeError(outcome.code);
      return dead(outcome.code, outcome.detail, outcome.errors, department);
    }
    const [result] = outcome.results;
    return { kind: result.status === 'accepted' ? 'accepted' : 'duplicate', eventId: result.id };
  }
}

function dead(
  code: GatewayErrorCode,
  detail: string,
  errors: DeadLetterReason['errors'],
  department?: string,
): InboundOutcome {
  return { kind: 'dead-letter', reason: { code, detail, errors }, department };
}
