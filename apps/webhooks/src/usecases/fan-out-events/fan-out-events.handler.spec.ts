import { type CaseEvent, exampleCase, parseCaseEvent } from '@hub/contracts';
import type { Subscription } from '../../subscriptions/subscription.repository';
import { subscriptionWants } from './fan-out-events.handler';

const createdAt = new Date('2026-03-12T00:00:00Z');
const subscription = (over: Partial<Subscription> = {}): Subscription => ({
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
  ...over,
});

function event(i: number): CaseEvent {
  const parsed = parseCaseEvent(exampleCase().events[i]);
  if (!parsed.ok) throw new Error('factory events are valid');
  return parsed.value;
}

describe('subscriptionWants', () => {
  const after = new Date(createdAt.getTime() + 1000);

  it('takes every event accepted after creation when nothing is filtered', () => {
    expect(subscriptionWants(subscription(), event(0), 'STP', after)).toBe(true);
    expect(subscriptionWants(subscription(), event(0), 'STP', new Date(0))).toBe(false);
  });

  it('filters by event type and department', () => {
    const s = subscription({ eventTypes: ['payment.completed'], departments: ['SXD'] });
    expect(subscriptionWants(s, event(2), 'SXD', after)).toBe(true);
    expect(subscriptionWants(s, event(0), 'SXD', after)).toBe(false);
    expect(subscriptionWants(s, event(2), 'STP', after)).toBe(false);
  });
});
