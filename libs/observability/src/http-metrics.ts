import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsRegistry } from './metrics';

/** `hub_http_request_duration_seconds{method,route,status}` for every HTTP app. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly histogram;

  constructor(@Inject(MetricsRegistry) metrics: MetricsRegistry) {
    this.histogram = metrics.histogram(
      'hub_http_request_duration_seconds',
      'HTTP request latency',
      ['method', 'route', 'status'] as const,
    );
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.histogram.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ route: `${req.baseUrl}${route}`, status: String(res.statusCode) });
    });
    next();
  }
}
