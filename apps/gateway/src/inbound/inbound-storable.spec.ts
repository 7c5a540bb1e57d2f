import { ApiKeyring, DepartmentKeyVerifier, keyIdOf } from '@hub/auth';
import { type DeadLetterReason, exampleCase, topics } from '@hub/contracts';
import { type ConsumedRecord, toBinaryRecord } from '@hub/messaging';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { EventIntakeRepository, type IntakeResult } from '../event-intake.repository';
import { GatewayErrorCode } from '../gateway.errors';
import { AcceptEventsHandler } from '../usecases/accept-events/accept-events.handler';
import {
  AcceptInboundRecordsHandler,
  KEY_ID_HEADER,
} from '../usecases/accept-inbound-records/accept-inbound-records.handler';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { DepartmentInboundKeyResolver } from './inbound-key-resolver';

/*
 * Issue 16: a `ce_time` in year 0000 on city.case-events.inbound.v1 passed the contract, failed
 * in Postgres every time and was retried every 5 s for ever, holding its partition. The storable
 * rule refuses it before any write, so it is dead-lettered with the field named and the record
 * behind it is stored.
 */
const KEY = 'inbound-storable-key';

class RecordingIntake extends EventIntakeRepository {
  readonly stored: string[] = [];
  constructor() {
    super(undefined as never);
  }
  override accept(_department: string, events: { event: { id: string } }[]): Promise<IntakeResult> {
    this.stored.push(...events.map((e) => e.event.id));
    return Promise.resolve({
      kind: 'accepted',
      results: events.map((e) => ({ id: e.event.id, status: 'accepted' as const })),
    });
  }
}

class RecordingPublisher extends DeadLetterPublisher {
  readonly reasons: DeadLetterReason[] = [];
  constructor() {
    super(undefined as never);
  }
  override publish(letters: { reason: DeadLetterReason }[]): Promise<void> {
    this.reasons.push(...letters.map((l) => l.reason));
    return Promise.resolve();
  }
}

function record(event: object, offset: number): ConsumedRecord {
  const binary = toBinaryRecord(event as never, 'key');
  return {
    topic: topics.inbound,
    partition: 0,
    offset: String(offset),
    key: binary.key,
    headers: { ...binary.headers, [KEY_ID_HEADER]: keyIdOf(KEY) },
    value: binary.value,
    timestamp: '0',
  };
}

function setup() {
  const intake = new RecordingIntake();
  const publisher = new RecordingPublisher();
  const logger = HubLogger.for('test', 'silent');
  const metrics = new MetricsRegistry('test');
  const handler = new AcceptInboundRecordsHandler(
    new AcceptEventsHandler(intake, logger, metrics),
    new DepartmentInboundKeyResolver(
      ApiKeyring.parse(`STP:${KEY}`, 'HUB_API_KEYS'),
      new DepartmentKeyVerifier({ findByKeyId: () => Promise.resolve(undefined) }, { ttlMs: 1 }),
    ),
    publisher,
    logger,
    metrics,
  );
  return { handler, intake, publisher };
}

describe('Kafka intake and what the hub can store', () => {
  it.each([
    ['a time in year 0000', { time: '0000-01-01T00:00:00Z' }, 'time'],
    ['an offset of +23:59', { time: '2026-03-12T08:30:00+23:59' }, 'time'],
    ['a NUL in a data string', { dataSummary: 'a\u0000b' }, 'data.summary'],
    ['a far-future due date', { dataDueAt: '9999-12-31T00:00:00Z' }, 'data.dueAt'],
  ])(
    'dead-letters a record with %s naming the field, and stores the next one',
    async (_, change, path) => {
      const [poison] = exampleCase({ number: 1 }).events;
      const [valid] = exampleCase({ number: 2 }).events;
      const { dataSummary, dataDueAt, ...attributes } = change as Record<string, string>;
      const bad = {
        ...poison,
        ...attributes,
        data: {
          ...poison.data,
          ...(dataSummary ? { summary: dataSummary } : {}),
          ...(dataDueAt ? { dueAt: dataDueAt } : {}),
        },
      };
      const { handler, intake, publisher } = setup();
      const outcomes = await handler.execute([record(bad, 0), record(valid, 1)]);
      expect(outcomes.map((o) => o.kind)).toEqual(['dead-letter', 'accepted']);
      expect(publisher.reasons).toEqual([
        expect.objectContaining({
          code: GatewayErrorCode.InvalidEvent,
          errors: [expect.objectContaining({ path })],
        }),
      ]);
      expect(intake.stored).toEqual([valid.id]);
    },
  );
});
