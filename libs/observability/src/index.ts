export { HealthRegistry } from './health';
export type { HealthCheck, HealthCheckResult } from './health';
export { HttpMetricsMiddleware } from './http-metrics';
export { HubLogger, createLogger, maskPersonalIds } from './logger';
export type { LogContext } from './logger';
export { MetricsRegistry } from './metrics';
export { ObservabilityModule, SERVICE_NAME } from './observability.module';
export { ProblemException, ProblemFilter } from './problem';
export type { FieldError, ProblemBody } from './problem';
