import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { runMock } from '@hub/mock-kit';
import { createMockPopulationApp } from './app';
import { mockPopulationConfigSpec } from './mock-population.config';
import { SERVICE } from './population-registry';

runMock({
  service: SERVICE,
  loadConfig: () => loadConfig(mockPopulationConfigSpec),
  createApp: createMockPopulationApp,
  listenOn: (config) => ({
    port: config.MOCK_POPULATION_PORT,
    host: config.MOCK_POPULATION_HOST,
  }),
});
