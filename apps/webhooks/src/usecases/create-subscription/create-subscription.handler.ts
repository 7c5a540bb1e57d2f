import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { newWebhookSecret } from '../../delivery/signature';
import { TargetPolicy } from '../../delivery/target-policy';
import {
  type Subscription,
  SubscriptionRepository,
} from '../../subscriptions/subscription.repository';
import type { CreateSubscriptionCommand } from './create-subscription.command';

export type CreateSubscriptionOutcome =
  | { kind: 'created'; subscription: Subscription; secret: string }
  | { kind: 'target-refused'; reason: string };

@Injectable()
export class CreateSubscriptionHandler {
  constructor(
    @Inject(SubscriptionRepository) private readonly subscriptions: SubscriptionRepository,
    @Inject(TargetPolicy) private readonly policy: TargetPolicy,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(command: CreateSubscriptionCommand): Promise<CreateSubscriptionOutcome> {
    const target = await this.policy.check(command.url);
    if (!target.ok) {
      this.logger.event('warn', 'subscription refused: target not allowed', {
        actor: command.actor,
        reason: target.reason,
      });
      return { kind: 'target-refused', reason: target.reason };
    }
    const secret = newWebhookSecret();
    const subscription = await this.subscriptions.create(
      {
        id: `sub_${randomUUID()}`,
        url: target.url.toString(),
        eventTypes: command.eventTypes,
        departments: command.departments,
        contentMode: command.contentMode,
        description: command.description,
        secret,
        createdBy: command.actor,
      },
      command.actor,
    );
    this.logger.event('info', 'subscription created', {
      actor: command.actor,
      subscriptionId: subscription.id,
    });
    return { kind: 'created', subscription, secret };
  }
}
