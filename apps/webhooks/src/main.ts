import 'reflect-metadata';
import { startHttpApp } from '@hub/observability';
import { loadWebhooksConfig } from './config';
import { WebhooksModule } from './webhooks.module';

void startHttpApp({
  service: 'webhooks',
  config: loadWebhooksConfig,
  listen: (c) => ({ port: c.WEBHOOKS_PORT, host: c.WEBHOOKS_HOST }),
  module: (c, logger) => WebhooksModule.forRoot(c, logger),
});
