import type { NestExpressApplication } from '@nestjs/platform-express';
import { type MockRuntime, createMockApp } from '@hub/mock-kit';
import type { MockResultsStoreConfig } from './mock-results-store.config';
import { MockResultsStoreModule } from './mock-results-store.module';

/** Builds the app exactly as `main.ts` runs it, so the integration spec tests the real wiring. */
export function createMockResultsStoreApp(
  config: MockResultsStoreConfig,
  runtime: MockRuntime = {},
): Promise<NestExpressApplication> {
  return createMockApp(MockResultsStoreModule.forRoot(config, runtime));
}
