import 'reflect-metadata';
import { startHttpApp } from '@hub/observability';
import { loadOnceOnlyConfig } from './config';
import { OnceOnlyModule } from './once-only.module';

void startHttpApp({
  service: 'once-only',
  config: loadOnceOnlyConfig,
  listen: (c) => ({ port: c.ONCE_ONLY_PORT, host: c.ONCE_ONLY_HOST }),
  module: (c, logger) => OnceOnlyModule.forRoot(c, logger),
});
