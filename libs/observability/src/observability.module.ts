import {
  Controller,
  type DynamicModule,
  Get,
  Global,
  Header,
  HttpCode,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  Res,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Response } from 'express';
import { HealthRegistry } from './health';
import { HttpMetricsMiddleware } from './http-metrics';
import { HubLogger } from './logger';
import { MetricsRegistry } from './metrics';
import { ProblemFilter, UnavailableErrors } from './problem';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

@Controller()
class HealthController {
  constructor(@Inject(HealthRegistry) private readonly health: HealthRegistry) {}

  /** Liveness: the process answers. */
  @Get('health/live')
  @HttpCode(200)
  live(): { ok: true } {
    return { ok: true };
  }

  /** Readiness: every dependency check passes; 503 otherwise (with which one failed). */
  @Get(['health', 'health/ready'])
  async ready(@Res() res: Response): Promise<void> {
    const report = await this.health.readiness();
    res.status(report.ok ? 200 : 503).json(report);
  }
}

@Controller()
class MetricsController {
  constructor(@Inject(MetricsRegistry) private readonly metrics: MetricsRegistry) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async render(): Promise<string> {
    return this.metrics.render();
  }
}

/**
 * Every app's health, metrics and logging, plus the HTTP habits they share: errors rendered as
 * problem+json (500s with an errorId that is logged) and request latency metrics.
 */
@Global()
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(service: string, logger: HubLogger = HubLogger.for(service)): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        { provide: HubLogger, useValue: logger },
        { provide: MetricsRegistry, useValue: new MetricsRegistry(service) },
        { provide: HealthRegistry, useValue: new HealthRegistry() },
        UnavailableErrors,
        {
          provide: APP_FILTER,
          useFactory: (l: HubLogger, u: UnavailableErrors) => new ProblemFilter(l, u),
          inject: [HubLogger, UnavailableErrors],
        },
        HttpMetricsMiddleware,
      ],
      exports: [SERVICE_NAME, HubLogger, MetricsRegistry, HealthRegistry, UnavailableErrors],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
