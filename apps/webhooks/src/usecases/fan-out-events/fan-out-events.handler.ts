import { Inject, Injectable } from '@nestjs/common';
import { type CaseEvent, departmentOfSource } from '@hub/contracts';
import type { CaseEventRecord } from '@hub/messaging';
import { MetricsRegistry } from '@hub/observability';
import { DeliveryRepository, type NewDelivery } from '../../subscriptions/delivery.repository';
import {
  type Subscription,
  SubscriptionRepository,
} from '../../subscriptions/subscription.repository';

/** Set by the gateway on hub.case-events.v1: when the event was committed. */
const ACCEPTED_AT_HEADER = 'hub-accepted-at';

export function subscriptionWants(
  s: Subscription,
  event: CaseEvent,
  department: string,
  acceptedAt: Date,
): boolean {
  // A subscription receives what the hub accepted after it was created, not the history.
  if (acceptedAt < s.createdAt) return false;
  if (s.eventTypes.length > 0 && !s.eventTypes.includes(event.type)) return false;
  if (s.departments.length > 0 && !s.departments.includes(department)) return false;
  return true;
}

/**
 * Turns each case event into one durable delivery per matching subscription. Inserts are
 * idempotent by (subscription, event id) and the consumer commits only after this resolves, so
 * a crash in between redelivers the batch and inserts nothing twice.
 */
@Injectable()
export class FanOutEventsHandler {
  private readonly created;

  constructor(
    @Inject(SubscriptionRepository) private readonly subscriptions: SubscriptionRepository,
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.created = metrics.counter(
      'hub_webhook_deliveries_created_total',
      'Webhook deliveries created from case events',
    );
  }

  /** `records`: read by the controller's pipe, which dead-letters any record it cannot read. */
  async execute(records: readonly CaseEventRecord[]): Promise<number> {
    const subscriptions = await this.subscriptions.receiving();
    if (subscriptions.length === 0) return 0;
    const deliveries: NewDelivery[] = [];
    for (const { record, published, event } of records) {
      // Routing reads the tolerant reader's event; subscribers get the event as published, fields
      // of a newer release included.
      const department = departmentOfSource(event.source) ?? 'unknown';
      const stamped = new Date(record.headers[ACCEPTED_AT_HEADER] ?? Number(record.timestamp));
      const acceptedAt = Number.isNaN(stamped.getTime()) ? new Date() : stamped;
      for (const s of subscriptions) {
        if (!subscriptionWants(s, event, department, acceptedAt)) continue;
        deliveries.push({
          subscriptionId: s.id,
          eventId: event.id,
          eventType: event.type,
          caseCode: event.subject,
          sequence: event.sequence,
          hubSequence: event.hubsequence ?? 0,
          department,
          event: published,
        });
      }
    }
    const created = await this.deliveries.insert(deliveries);
    this.created.inc(created);
    return created;
  }
}
