import './tracing';
import 'reflect-metadata';
import { startHttpApp } from '@hub/observability';
import { loadOpsConfig } from './config';
import { OpsModule } from './ops.module';

void startHttpApp({
  service: 'ops',
  config: loadOpsConfig,
  listen: (c) => ({ port: c.OPS_PORT, host: c.OPS_HOST }),
  module: (c, logger) => OpsModule.forRoot(c, logger),
});
