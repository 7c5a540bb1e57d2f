import './tracing';
import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { connectKafkaConsumers, consumerHealthSpec, consumerTimings } from '@hub/messaging';
import { startHttpApp } from '@hub/observability';
import { loadWebhooksConfig } from './config';
import { WebhooksModule } from './webhooks.module';

void startHttpApp({
  service: 'webhooks',
  // The consumer's health bound is read beside the app's own variables, with the same checks.
  config: () => ({ ...loadWebhooksConfig(), ...loadConfig(consumerHealthSpec) }),
  listen: (c) => ({ port: c.WEBHOOKS_PORT, host: c.WEBHOOKS_HOST }),
  module: (c, logger) => WebhooksModule.forRoot(c, logger),
  consumers: (app, c) =>
    connectKafkaConsumers(app, {
      consumer: { groupId: c.KAFKA_GROUP_ID, fromBeginning: true, ...consumerTimings(c) },
      health: { name: 'kafka-consumer', gatesReadiness: true },
    }),
});
