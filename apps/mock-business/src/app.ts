import type { NestExpressApplication } from '@nestjs/platform-express';
import { type MockRuntime, createMockApp } from '@hub/mock-kit';
import type { MockBusinessConfig } from './mock-business.config';
import { MockBusinessModule } from './mock-business.module';

/** Builds the app exactly as `main.ts` runs it, so the integration spec tests the real wiring. */
export function createMockBusinessApp(
  config: MockBusinessConfig,
  runtime: MockRuntime = {},
): Promise<NestExpressApplication> {
  return createMockApp(MockBusinessModule.forRoot(config, runtime));
}
