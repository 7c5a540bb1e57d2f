export { startHttpApp } from './bootstrap';
export type { HttpAppOptions } from './bootstrap';
export { HealthRegistry } from './health';
export type { HealthCheck, HealthCheckResult } from './health';
export { HttpMetricsMiddleware } from './http-metrics';
export { HubLogger, createLogger, logLevels, maskPersonalIds } from './logger';
export type { LogContext, LogLevel } from './logger';
export { MetricsRegistry } from './metrics';
export { ObservabilityModule, SERVICE_NAME } from './observability.module';
export {
  ProblemException,
  ProblemFilter,
  UnavailableErrors,
  internalErrorProblem,
} from './problem';
export type { FieldError, ProblemBody } from './problem';
export {
  ApiDocsModule,
  documentedRoutes,
  registeredRoutes,
  renderApiDocsHtml,
  routeCoverage,
  routeCoverageOf,
} from './api-docs';
export type { RouteCoverage } from './api-docs';
