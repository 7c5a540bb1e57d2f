import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HubLogger } from '@hub/observability';
import type { MockBusinessConfig } from './mock-business.config';
import { MockBusinessModule, type MockBusinessRuntime } from './mock-business.module';

/** Builds the app exactly as `main.ts` runs it, so the integration spec tests the real wiring. */
export async function createMockBusinessApp(
  config: MockBusinessConfig,
  runtime: MockBusinessRuntime = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    MockBusinessModule.forRoot(config, runtime),
    { bufferLogs: true },
  );
  app.useLogger(app.get(HubLogger));
  app.enableShutdownHooks();
  return app;
}
