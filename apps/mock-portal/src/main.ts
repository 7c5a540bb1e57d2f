import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@hub/config';
import { HubLogger } from '@hub/observability';
import { createMockPortalApp } from './app';
import { PortalCatalog } from './catalog/catalog';
import { mockPortalConfigSpec } from './mock-portal.config';
import { SERVICE } from './mock-portal.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(mockPortalConfigSpec);
  const app = await createMockPortalApp(config);
  await app.listen(config.MOCK_PORTAL_PORT, config.MOCK_PORTAL_HOST);
  const address = app.getHttpServer().address() as AddressInfo;
  const logger = app.get(HubLogger);
  const catalog = app.get(PortalCatalog);
  logger.event('info', 'procedure catalog loaded', {
    file: catalog.file,
    procedures: catalog.procedures.length,
    agencies: catalog.agencies.length,
  });
  logger.event('info', 'listening', { port: address.port, host: address.address });
}

bootstrap().catch((err: unknown) => {
  // Config errors arrive before Nest's logger exists; keep the line JSON all the same.
  const error = err instanceof Error ? err : new Error(String(err));
  HubLogger.for(SERVICE).event('error', 'failed to start', {
    err: { name: error.name, message: error.message },
  });
  process.exitCode = 1;
});
