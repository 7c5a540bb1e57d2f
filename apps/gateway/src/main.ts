import 'reflect-metadata';
import { startHttpApp } from '@hub/observability';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

void startHttpApp({
  service: 'gateway',
  config: loadGatewayConfig,
  listen: (c) => ({ port: c.GATEWAY_PORT, host: c.GATEWAY_HOST }),
  module: (c, logger) => GatewayModule.forRoot(c, logger),
  bodyParser: false,
});
