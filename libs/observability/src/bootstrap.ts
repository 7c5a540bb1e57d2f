import type { Server } from 'node:http';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { loadConfig, variable } from '@hub/config';
import { answerClientErrors } from './client-errors';
import { HubLogger, type LogLevel, logLevels } from './logger';

const loggingSpec = {
  LOG_LEVEL: variable(z.enum(logLevels).default('info'), 'least severe log level written'),
};

export interface HttpAppOptions<C> {
  service: string;
  /** Reads and validates the app's config; an error here names every bad variable. */
  config: () => C;
  listen: (config: C) => { port: number; host: string };
  module: (config: C, logger: HubLogger) => DynamicModule;
  /** The gateway reads bodies itself (limits, precise JSON errors); others use Nest's parser. */
  bodyParser?: boolean;
  /**
   * Connects the app's message consumers (`connectMicroservice`); they start once the HTTP side
   * listens, and stop before the app's pools close.
   */
  consumers?: (app: INestApplication, config: C) => void;
}

/**
 * Starts one hub app: JSON logs from the first line, graceful shutdown on SIGTERM/SIGINT
 * (Nest closes the HTTP server, then consumers and pools via shutdown hooks), and a clean exit
 * with the reason when configuration or a dependency is wrong at start-up.
 */
export async function startHttpApp<C>(options: HttpAppOptions<C>): Promise<INestApplication> {
  // The level is read first, so that even a config error is logged as asked.
  let level: LogLevel = 'info';
  let levelError: Error | undefined;
  try {
    level = loadConfig(loggingSpec).LOG_LEVEL;
  } catch (e) {
    levelError = e instanceof Error ? e : new Error(String(e));
  }
  const logger = HubLogger.for(options.service, level);
  let app: INestApplication | undefined;
  try {
    if (levelError) throw levelError;
    const config = options.config();
    app = await NestFactory.create(options.module(config, logger), {
      logger,
      bodyParser: options.bodyParser ?? true,
      abortOnError: false,
    });
    app.enableShutdownHooks();
    // Oversized headers and unparsable requests get an answer (431/400), not a reset.
    answerClientErrors(app.getHttpServer() as Server);
    options.consumers?.(app, config);
    const { port, host } = options.listen(config);
    await app.listen(port, host);
    logger.event('info', 'listening', { port, host });
    await app.startAllMicroservices();
    return app;
  } catch (e) {
    logger.event('error', 'start-up failed', { error: e instanceof Error ? e.message : String(e) });
    await app?.close().catch(() => undefined);
    process.exit(1);
  }
}
