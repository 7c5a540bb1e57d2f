import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@hub/config';
import { HubLogger } from '@hub/observability';
import { createMockBusinessApp } from './app';
import { mockBusinessConfigSpec } from './mock-business.config';
import { SERVICE } from './mock-business.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(mockBusinessConfigSpec);
  const app = await createMockBusinessApp(config);
  await app.listen(config.MOCK_BUSINESS_PORT, config.MOCK_BUSINESS_HOST);
  const address = app.getHttpServer().address() as AddressInfo;
  app.get(HubLogger).event('info', 'listening', { port: address.port, host: address.address });
}

bootstrap().catch((err: unknown) => {
  // Config errors arrive before Nest's logger exists; keep the line JSON all the same.
  const error = err instanceof Error ? err : new Error(String(err));
  HubLogger.for(SERVICE).event('error', 'failed to start', {
    err: { name: error.name, message: error.message },
  });
  process.exitCode = 1;
});
