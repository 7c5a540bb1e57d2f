import { exampleCase } from '@hub/contracts';
import { type StructuredCloudEvent, toBinaryRecord } from '../cloudevents-binary';
import type { ConsumedRecord } from '../kafka';
import { BatchFailure } from './batch-failure';
import { readableCaseEvents, UNREADABLE_CASE_EVENT } from './case-event-records';

type Event = StructuredCloudEvent & { data: Record<string, unknown> };

const consumed = (event: StructuredCloudEvent, offset: number): ConsumedRecord => ({
  ...toBinaryRecord(event, String(event.subject)),
  topic: 'hub.case-events.v1',
  partition: 0,
  offset: String(offset),
  timestamp: '0',
});

/** What the pipe throws for a batch, or undefined when it hands the batch on. */
function refusalOf(records: ConsumedRecord[]): BatchFailure | undefined {
  try {
    readableCaseEvents().transform(records);
    return undefined;
  } catch (e) {
    if (e instanceof BatchFailure) return e;
    throw e;
  }
}

describe('readableCaseEvents: hub.case-events.v1 read once, for every handler', () => {
  const original = exampleCase().events[0] as unknown as Event;

  it('hands on each record with the event as published and as this build reads it', () => {
    const newer: Event = { ...original, data: { ...original.data, channelDetail: 'kiosk-7' } };
    const [read] = readableCaseEvents().transform([consumed(newer, 1)]);
    expect(read.record.offset).toBe('1');
    expect(read.event).toMatchObject({ id: original.id, subject: original.subject });
    // The tolerant reader drops what this build does not know; subscribers get it as published.
    expect(read.event.data).not.toHaveProperty('channelDetail');
    expect(read.published['data']).toHaveProperty('channelDetail', 'kiosk-7');
  });

  it('sets aside a record that breaks a field it knows: a dead letter naming the field', () => {
    const broken: Event = { ...original, data: { ...original.data, receivedAt: 'yesterday' } };
    const failure = refusalOf([consumed(original, 1), consumed(broken, 2)]);
    expect(failure).toMatchObject({ disposition: 'dead-letter', code: UNREADABLE_CASE_EVENT });
    expect(failure?.errors.map((e) => e.path)).toContain('data.receivedAt');
  });

  it('sets aside a record of a type this build does not read, naming the type', () => {
    const failure = refusalOf([consumed({ ...original, type: 'case.teleported' }, 3)]);
    expect(failure?.errors.map((e) => e.path)).toContain('type');
  });

  it('sets aside a record that is no binary-mode CloudEvent, naming the headers', () => {
    const record = consumed(original, 4);
    const { ce_specversion: _dropped, ...headers } = record.headers;
    const failure = refusalOf([{ ...record, headers }]);
    expect(failure?.errors).toEqual([expect.objectContaining({ path: 'headers' })]);
  });
});
