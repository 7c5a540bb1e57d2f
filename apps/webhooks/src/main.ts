import 'reflect-metadata';
import { connectKafkaConsumers, consumerTimings } from '@hub/messaging';
import { startHttpApp } from '@hub/observability';
import { loadWebhooksConfig } from './config';
import { WebhooksModule } from './webhooks.module';

void startHttpApp({
  service: 'webhooks',
  config: loadWebhooksConfig,
  listen: (c) => ({ port: c.WEBHOOKS_PORT, host: c.WEBHOOKS_HOST }),
  module: (c, logger) => WebhooksModule.forRoot(c, logger),
  consumers: (app, c) =>
    connectKafkaConsumers(app, {
      consumer: { groupId: c.KAFKA_GROUP_ID, fromBeginning: true, ...consumerTimings(c) },
      health: { name: 'kafka-consumer', gatesReadiness: true },
    }),
});
