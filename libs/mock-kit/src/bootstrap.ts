import type { AddressInfo } from 'node:net';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HubLogger } from '@hub/observability';

/** Builds a mock app exactly as its `main.ts` runs it, so integration specs test the real wiring. */
export async function createMockApp(module: DynamicModule): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true });
  app.useLogger(app.get(HubLogger));
  app.enableShutdownHooks();
  return app;
}

export interface MockMain<TConfig> {
  service: string;
  /** Reads and validates the environment; its errors are logged as the start failing. */
  loadConfig(): TConfig;
  createApp(config: TConfig): Promise<NestExpressApplication>;
  listenOn(config: TConfig): { port: number; host: string };
}

/** A mock's `main.ts`: config, app, listen, one JSON line either way. */
export function runMock<TConfig>(main: MockMain<TConfig>): void {
  start(main).catch((err: unknown) => {
    // Config errors arrive before Nest's logger exists; keep the line JSON all the same.
    const error = err instanceof Error ? err : new Error(String(err));
    HubLogger.for(main.service).event('error', 'failed to start', {
      err: { name: error.name, message: error.message },
    });
    process.exitCode = 1;
  });
}

async function start<TConfig>(main: MockMain<TConfig>): Promise<void> {
  const config = main.loadConfig();
  const app = await main.createApp(config);
  const { port, host } = main.listenOn(config);
  await app.listen(port, host);
  const address = app.getHttpServer().address() as AddressInfo;
  app.get(HubLogger).event('info', 'listening', { port: address.port, host: address.address });
}
