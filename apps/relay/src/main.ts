import './tracing';
import 'reflect-metadata';
import { startHttpApp } from '@hub/observability';
import { loadRelayConfig } from './config';
import { RelayModule } from './relay.module';

void startHttpApp({
  service: 'relay',
  config: loadRelayConfig,
  listen: (c) => ({ port: c.RELAY_PORT, host: c.RELAY_HOST }),
  module: (c, logger) => RelayModule.forRoot(c, logger),
});
