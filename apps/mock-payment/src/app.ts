import type { NestExpressApplication } from '@nestjs/platform-express';
import { type MockRuntime, createMockApp } from '@hub/mock-kit';
import type { MockPaymentConfig } from './mock-payment.config';
import { MockPaymentModule } from './mock-payment.module';

/** Builds the app exactly as `main.ts` runs it, so specs test the real wiring. */
export function createMockPaymentApp(
  config: MockPaymentConfig,
  runtime: MockRuntime = {},
): Promise<NestExpressApplication> {
  return createMockApp(MockPaymentModule.forRoot(config, runtime));
}
