import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HubLogger } from '@hub/observability';
import type { MockPopulationConfig } from './mock-population.config';
import { MockPopulationModule, type MockPopulationRuntime } from './mock-population.module';

/** Builds the app exactly as `main.ts` runs it, so the integration spec tests the real wiring. */
export async function createMockPopulationApp(
  config: MockPopulationConfig,
  runtime: MockPopulationRuntime = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    MockPopulationModule.forRoot(config, runtime),
    { bufferLogs: true },
  );
  app.useLogger(app.get(HubLogger));
  app.enableShutdownHooks();
  return app;
}
