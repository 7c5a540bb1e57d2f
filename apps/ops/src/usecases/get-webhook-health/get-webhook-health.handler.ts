import { Inject, Injectable } from '@nestjs/common';
import { WebhookHealthReader, type WebhookSubscriptionHealth } from '@hub/read-models';

/** Webhook subscriptions and their deliveries' health, as the webhooks app publishes them. */
@Injectable()
export class GetWebhookHealthHandler {
  constructor(@Inject(WebhookHealthReader) private readonly reader: WebhookHealthReader) {}

  async execute(): Promise<{ items: WebhookSubscriptionHealth[] }> {
    return { items: await this.reader.subscriptions() };
  }
}
