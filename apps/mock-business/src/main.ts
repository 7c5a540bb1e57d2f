import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { runMock } from '@hub/mock-kit';
import { createMockBusinessApp } from './app';
import { SERVICE } from './business-registry';
import { mockBusinessConfigSpec } from './mock-business.config';

runMock({
  service: SERVICE,
  loadConfig: () => loadConfig(mockBusinessConfigSpec),
  createApp: createMockBusinessApp,
  listenOn: (config) => ({ port: config.MOCK_BUSINESS_PORT, host: config.MOCK_BUSINESS_HOST }),
});
