import { z } from 'zod';
import type { RouteContract } from './route-catalog';

/** One bad field; `index` is the event's position in a batch. */
export const fieldErrorSchema = z.object({
  index: z.number().int().min(0).optional().describe("the event's position in a batch (0 for one event)"),
  path: z.string().describe('the field, e.g. data.applicant.personalId, query.limit, headers.authorization'),
  message: z.string().describe('what is wrong with it, in plain words'),
});

/** RFC 9457 problem details, as every hub app renders errors (ProblemFilter in @hub/observability). */
export const problemSchema = z
  .object({
    type: z.string().describe('URI of the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string().optional().describe('stable machine-readable code; branch on this, never on text'),
    errors: z.array(fieldErrorSchema).optional().describe('every bad field of the request'),
    errorId: z.string().optional().describe('for a 500: quote it to support; the same id is in the log'),
  })
  .catchall(z.unknown());

const healthCheckSchema = z.object({
  ok: z.boolean(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
const readinessSchema = z.object({ ok: z.boolean(), checks: z.record(z.string(), healthCheckSchema) });

const readiness = (operationId: string, path: string, summary: string): RouteContract => ({
  method: 'get',
  path,
  operationId,
  summary,
  tags: ['operations'],
  security: 'none',
  responses: {
    200: { description: 'every check passes', content: { 'application/json': readinessSchema } },
    503: { description: 'a check fails; `checks` says which', content: { 'application/json': readinessSchema } },
  },
});

/** Routes every hub app serves (ObservabilityModule and ApiDocsModule in @hub/observability). */
export const commonRoutes: RouteContract[] = [
  {
    method: 'get',
    path: '/health/live',
    operationId: 'liveness',
    summary: 'Liveness: the process answers',
    tags: ['operations'],
    security: 'none',
    responses: { 200: { description: 'alive', content: { 'application/json': z.object({ ok: z.literal(true) }) } } },
  },
  readiness('health', '/health', 'Readiness (Postgres, Kafka, consumption and loop progress)'),
  readiness('readiness', '/health/ready', 'Readiness (same as /health)'),
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics (all names hub_*, label service)',
    tags: ['operations'],
    security: 'none',
    responses: {
      200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': z.string() } },
    },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'docsPage',
    summary: 'This API, as a readable HTML page',
    tags: ['docs'],
    security: 'none',
    responses: { 200: { description: 'HTML rendered from the OpenAPI document', content: { 'text/html': z.string() } } },
  },
  {
    method: 'get',
    path: '/docs/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tags: ['docs'],
    security: 'none',
    responses: {
      200: { description: 'the same as contracts/openapi/<app>.json', content: { 'application/json': z.record(z.string(), z.unknown()) } },
    },
  },
];
