import type { NestExpressApplication } from '@nestjs/platform-express';
import { type MockRuntime, createMockApp } from '@hub/mock-kit';
import type { MockPopulationConfig } from './mock-population.config';
import { MockPopulationModule } from './mock-population.module';

/** Builds the app exactly as `main.ts` runs it, so the integration spec tests the real wiring. */
export function createMockPopulationApp(
  config: MockPopulationConfig,
  runtime: MockRuntime = {},
): Promise<NestExpressApplication> {
  return createMockApp(MockPopulationModule.forRoot(config, runtime));
}
