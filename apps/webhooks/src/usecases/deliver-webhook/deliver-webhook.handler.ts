import { Inject, Injectable } from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { WEBHOOKS_CONFIG, type WebhooksConfig } from '../../config';
import { deliveryRetryDelayMs } from '../../delivery/backoff';
import { webhookIdOf } from '../../delivery/signature';
import { TargetPolicy } from '../../delivery/target-policy';
import { WebhookSender } from '../../delivery/webhook-sender';
import {
  type AttemptResult,
  type ClaimedDelivery,
  DeliveryRepository,
} from '../../subscriptions/delivery.repository';
import { SubscriptionRepository } from '../../subscriptions/subscription.repository';

export type DeliverOutcome = 'delivered' | 'retry-later' | 'skipped';

/**
 * One attempt of one claimed delivery: re-check the target (DNS may have changed since the
 * subscription was created), send, record. Never gives up on its own: a failing subscription is
 * paused after WEBHOOK_PAUSE_AFTER_MS and its deliveries wait for an operator to resume it.
 */
@Injectable()
export class DeliverWebhookHandler {
  private readonly attempts;

  constructor(
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(SubscriptionRepository) private readonly subscriptions: SubscriptionRepository,
    @Inject(WebhookSender) private readonly sender: WebhookSender,
    @Inject(TargetPolicy) private readonly policy: TargetPolicy,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.attempts = metrics.counter(
      'hub_webhook_attempts_total',
      'Webhook delivery attempts, by outcome',
      ['outcome'] as const,
    );
  }

  async execute(delivery: ClaimedDelivery, worker: string): Promise<DeliverOutcome> {
    const subscription = await this.subscriptions.findWithSecret(delivery.subscriptionId);
    if (!subscription || subscription.state !== 'active') {
      await this.deliveries.release(delivery.id, worker);
      return 'skipped';
    }
    const attempt = delivery.attempts + 1;
    const target = await this.policy.check(subscription.url);
    const sent = target.ok
      ? await this.sender.send({
          url: target.url.toString(),
          webhookId: webhookIdOf(delivery),
          subscriptionId: subscription.id,
          secret: subscription.secret,
          contentMode: subscription.contentMode,
          event: delivery.event,
          timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
        })
      : ({ ok: false, status: null, error: `target refused: ${target.reason}` } as const);
    const result: AttemptResult = sent.ok
      ? sent
      : {
          ...sent,
          nextAttemptAt: new Date(
            Date.now() +
              deliveryRetryDelayMs(attempt, {
                baseMs: this.config.WEBHOOK_RETRY_BASE_MS,
                maxMs: this.config.WEBHOOK_RETRY_MAX_MS,
              }),
          ),
        };
    const recorded = await this.deliveries.recordAttempt(
      delivery.id,
      worker,
      result,
      this.config.WEBHOOK_PAUSE_AFTER_MS,
    );
    this.attempts.inc({ outcome: sent.ok ? 'delivered' : 'failed' });
    const context = {
      eventId: delivery.eventId,
      caseCode: delivery.caseCode,
      subscriptionId: subscription.id,
      deliveryId: delivery.id,
      attempt,
    };
    if (!sent.ok) {
      this.logger.event('warn', 'webhook delivery failed; will retry', {
        ...context,
        status: sent.status,
        error: sent.error,
      });
    }
    if (recorded.paused) {
      this.logger.event('error', 'webhook subscription paused after failing too long', context);
    }
    return sent.ok ? 'delivered' : 'retry-later';
  }
}
