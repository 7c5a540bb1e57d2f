import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { runMock } from '@hub/mock-kit';
import { createMockPaymentApp } from './app';
import { mockPaymentConfigSpec } from './mock-payment.config';
import { SERVICE } from './mock-payment.module';

runMock({
  service: SERVICE,
  loadConfig: () => loadConfig(mockPaymentConfigSpec),
  createApp: createMockPaymentApp,
  listenOn: (config) => ({ port: config.MOCK_PAYMENT_PORT, host: config.MOCK_PAYMENT_HOST }),
});
