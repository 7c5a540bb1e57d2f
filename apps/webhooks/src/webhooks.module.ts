import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyAuthModule } from '@hub/auth';
import { MessagingModule } from '@hub/messaging';
import { ApiDocsModule, type HubLogger, ObservabilityModule } from '@hub/observability';
import { DurableWorkModule } from '@hub/durable-work';
import { PersistenceModule } from '@hub/persistence';
import { CaseEventsController } from './case-events.controller';
import { WEBHOOKS_CONFIG, type WebhooksConfig } from './config';
import { DeliveryDispatcherService } from './delivery/delivery-dispatcher.service';
import { TargetPolicy } from './delivery/target-policy';
import { WebhookSender } from './delivery/webhook-sender';
import { SubscriptionsController } from './http/subscriptions.controller';
import { DeliveryRepository } from './subscriptions/delivery.repository';
import { SubscriptionRepository } from './subscriptions/subscription.repository';
import { CreateSubscriptionHandler } from './usecases/create-subscription/create-subscription.handler';
import { DeliverWebhookHandler } from './usecases/deliver-webhook/deliver-webhook.handler';
import { FanOutEventsHandler } from './usecases/fan-out-events/fan-out-events.handler';

@Module({})
export class WebhooksModule {
  static forRoot(config: WebhooksConfig, logger: HubLogger): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
        ObservabilityModule.forRoot('webhooks', logger),
        ApiDocsModule.forApp('webhooks'),
        DurableWorkModule.forRoot({ url: config.DATABASE_URL, applicationName: 'webhooks' }),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'webhooks',
          poolSize: config.DB_POOL_SIZE,
        }),
        MessagingModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'hub-webhooks',
          producer: false,
        }),
        ApiKeyAuthModule.forKeys(config.HUB_ADMIN_KEYS, 'HUB_ADMIN_KEYS'),
      ],
      controllers: [CaseEventsController, SubscriptionsController],
      providers: [
        { provide: WEBHOOKS_CONFIG, useValue: config },
        {
          provide: TargetPolicy,
          useValue: new TargetPolicy(config.WEBHOOK_ALLOWED_TARGETS, config.WEBHOOK_ALLOW_HTTP),
        },
        SubscriptionRepository,
        DeliveryRepository,
        WebhookSender,
        CreateSubscriptionHandler,
        FanOutEventsHandler,
        DeliverWebhookHandler,
        DeliveryDispatcherService,
      ],
    };
  }
}
