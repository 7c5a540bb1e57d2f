import { exampleCase, parseCaseEvent } from '@hub/contracts';
import {
  type ConsumedRecord,
  readableCaseEvents,
  type StructuredCloudEvent,
  toBinaryRecord,
} from '@hub/messaging';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import {
  type LookupTaskRepository,
  type ReceivedCase,
  type ReusableResultRepository,
  SubjectProtector,
} from '@hub/registry-profiles';
import type { ResultRegistrationRepository } from '../../national-results/result-registration.repository';
import { IngestCaseEventsHandler } from './ingest-case-events.handler';

type Event = StructuredCloudEvent & { data: Record<string, unknown> };

function consumed(event: StructuredCloudEvent, offset: number): ConsumedRecord {
  const record = toBinaryRecord(event, String(event.subject));
  return {
    topic: 'hub.case-events.v1',
    partition: 0,
    offset: String(offset),
    key: record.key,
    headers: record.headers,
    value: record.value,
    timestamp: String(Date.parse('2026-03-12T08:00:00Z')),
  };
}

/** What the controller's pipe hands the handler. */
const read = (records: ConsumedRecord[]) => readableCaseEvents().transform(records);

function handler(): { ingest: IngestCaseEventsHandler; received: ReceivedCase[] } {
  const received: ReceivedCase[] = [];
  const lookups = {
    ingest: (cases: ReceivedCase[]) => {
      received.push(...cases);
      return Promise.resolve(cases.length);
    },
    ownerOfCase: () => Promise.resolve(undefined),
  };
  const ingest = new IngestCaseEventsHandler(
    lookups as unknown as LookupTaskRepository,
    {} as ReusableResultRepository,
    new SubjectProtector(Buffer.alloc(32, 1), Buffer.alloc(32, 2)),
    {} as ResultRegistrationRepository,
    HubLogger.for('test', 'silent'),
    new MetricsRegistry('test'),
  );
  return { ingest, received };
}

describe('IngestCaseEventsHandler reads hub.case-events.v1 as a tolerant reader', () => {
  const original = exampleCase().events[0] as unknown as Event;

  it('still creates the lookup task for an event from a newer release with a field this build does not know', async () => {
    const applicant = original.data['applicant'] as Record<string, unknown>;
    const newer: Event = {
      ...original,
      data: {
        ...original.data,
        channelDetail: 'kiosk-7',
        applicant: { ...applicant, phoneVerified: true },
      },
    };
    // The strict producer-side parser refuses it, so this test would fail with parseCaseEvent.
    expect(parseCaseEvent(JSON.parse(JSON.stringify(newer))).ok).toBe(false);

    const { ingest, received } = handler();
    await ingest.execute(read([consumed(newer, 3)]));

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      eventId: original.id,
      caseCode: original.subject,
      procedureCode: original.data['procedureCode'],
    });
    expect(received[0].subject?.kind).toBe('citizen');
  });
});
