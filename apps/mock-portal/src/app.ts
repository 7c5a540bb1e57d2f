import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HubLogger } from '@hub/observability';
import type { MockPortalConfig } from './mock-portal.config';
import { MockPortalModule, type MockPortalRuntime } from './mock-portal.module';

/** Dossier batches (50 dossiers with document lists) exceed Express's 100 kB default. */
export const BODY_LIMIT = '5mb';

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
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.enableShutdownHooks();
  return app;
}
