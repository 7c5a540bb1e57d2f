import {
  Controller,
  type DynamicModule,
  Get,
  Global,
  Header,
  HttpCode,
  Inject,
  Module,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry } from './health';
import { HubLogger } from './logger';
import { MetricsRegistry } from './metrics';

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

@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(service: string, logger: HubLogger = HubLogger.for(service)): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        { provide: HubLogger, useValue: logger },
        { provide: MetricsRegistry, useValue: new MetricsRegistry(service) },
        { provide: HealthRegistry, useValue: new HealthRegistry() },
      ],
      exports: [SERVICE_NAME, HubLogger, MetricsRegistry, HealthRegistry],
    };
  }
}
