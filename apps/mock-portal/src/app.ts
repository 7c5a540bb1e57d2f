import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { DvcqgFastPath } from './dvcqg/dvcqg-fast-path';
import { PortalApiService } from './dvcqg/portal-api.service';
import type { MockPortalConfig } from './mock-portal.config';
import { MockPortalModule, type MockPortalRuntime } from './mock-portal.module';

/** Dossier batches (50 dossiers with document lists) exceed Express's 100 kB default. */
export const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/** Builds the app exactly as `main.ts` runs it, so the integration spec tests the real wiring. */
export async function createMockPortalApp(
  config: MockPortalConfig,
  runtime: MockPortalRuntime = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    MockPortalModule.forRoot(config, runtime),
    { bufferLogs: true },
  );
  const logger = app.get(HubLogger);
  app.useLogger(logger);
  // Registered before init, so Nest skips its own 100 kB JSON parser.
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  app.enableShutdownHooks();
  serveDvcqgFastPath(
    app,
    new DvcqgFastPath(
      app.get(PortalApiService),
      logger,
      app.get(MetricsRegistry),
      BODY_LIMIT_BYTES,
    ),
  );
  return app;
}

/**
 * Puts the fast path in front of Express on the server Nest already created, so `listen` in
 * `main.ts` and in the specs serves through it alike; every other request goes to Express as
 * before.
 */
function serveDvcqgFastPath(app: NestExpressApplication, fastPath: DvcqgFastPath): void {
  const server = app.getHttpServer();
  const express: RequestListener = app.getHttpAdapter().getInstance();
  const listeners = server.listeners('request');
  if (listeners.length !== 1 || listeners[0] !== express) {
    throw new Error('mock-portal: Nest no longer hands requests to Express alone; see app.ts');
  }
  server.removeListener('request', express);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (fastPath.accepts(req)) fastPath.serve(req, res);
    else express(req, res);
  });
}
