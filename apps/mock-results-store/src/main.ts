import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { runMock } from '@hub/mock-kit';
import { createMockResultsStoreApp } from './app';
import { mockResultsStoreConfigSpec } from './mock-results-store.config';
import { SERVICE } from './results-store';

runMock({
  service: SERVICE,
  loadConfig: () => loadConfig(mockResultsStoreConfigSpec),
  createApp: createMockResultsStoreApp,
  listenOn: (config) => ({
    port: config.MOCK_RESULTS_STORE_PORT,
    host: config.MOCK_RESULTS_STORE_HOST,
  }),
});
