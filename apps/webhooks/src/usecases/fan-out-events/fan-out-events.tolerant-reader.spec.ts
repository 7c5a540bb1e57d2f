import { exampleCase, parseCaseEvent } from '@hub/contracts';
import {
  type ConsumedRecord,
  readableCaseEvents,
  type StructuredCloudEvent,
  toBinaryRecord,
} from '@hub/messaging';
import { MetricsRegistry } from '@hub/observability';
import type { DeliveryRepository, NewDelivery } from '../../subscriptions/delivery.repository';
import type {
  Subscription,
  SubscriptionRepository,
} from '../../subscriptions/subscription.repository';
import { FanOutEventsHandler } from './fan-out-events.handler';

const createdAt = new Date('2026-01-01T00:00:00Z');
const subscription: Subscription = {
  id: 'sub_1',
  url: 'https://hooks.partner.vn/',
  eventTypes: [],
  departments: [],
  contentMode: 'structured',
  description: null,
  state: 'active',
  pausedReason: null,
  pausedAt: null,
  failingSince: null,
  createdBy: 'admin',
  createdAt,
  updatedAt: createdAt,
  deletedAt: null,
};

function consumed(event: StructuredCloudEvent, offset: number): ConsumedRecord {
  const record = toBinaryRecord(event, String(event.subject));
  return {
    topic: 'hub.case-events.v1',
    partition: 0,
    offset: String(offset),
    key: record.key,
    headers: { ...record.headers, 'hub-accepted-at': '2026-03-12T08:00:00.000Z' },
    value: record.value,
    timestamp: String(Date.parse('2026-03-12T08:00:00Z')),
  };
}

/** What the controller's pipe hands the handler. */
const read = (records: ConsumedRecord[]) => readableCaseEvents().transform(records);

function handler(): { fanOut: FanOutEventsHandler; inserted: NewDelivery[] } {
  const inserted: NewDelivery[] = [];
  const subscriptions = { receiving: () => Promise.resolve([subscription]) };
  const deliveries = {
    insert: (d: NewDelivery[]) => {
      inserted.push(...d);
      return Promise.resolve(d.length);
    },
  };
  const fanOut = new FanOutEventsHandler(
    subscriptions as unknown as SubscriptionRepository,
    deliveries as unknown as DeliveryRepository,
    new MetricsRegistry('test'),
  );
  return { fanOut, inserted };
}

describe('FanOutEventsHandler reads hub.case-events.v1 as a tolerant reader', () => {
  it('still delivers an event from a newer release that carries a field this build does not know', async () => {
    const original = exampleCase().events[0] as unknown as StructuredCloudEvent & {
      data: Record<string, unknown>;
    };
    const newer = { ...original, data: { ...original.data, channelDetail: 'kiosk-7' } };
    // The strict producer-side parser refuses it, so this test would fail with parseCaseEvent.
    expect(parseCaseEvent(JSON.parse(JSON.stringify(newer))).ok).toBe(false);

    const { fanOut, inserted } = handler();
    expect(await fanOut.execute(read([consumed(newer, 7)]))).toBe(1);
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject({
      subscriptionId: 'sub_1',
      eventId: original.id,
      caseCode: original.subject,
      eventType: 'case.received',
    });
    // Subscribers get the event as the hub published it: the newer field is passed through, so
    // a subscriber on the newer release is not held back by this build.
    expect(inserted[0].event['data']).toHaveProperty('channelDetail', 'kiosk-7');
  });
});
