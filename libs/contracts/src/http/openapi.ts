import { z } from 'zod';
import type { JsonSchema } from '../catalog/json-schema';
import { problemSchema } from './common';
import type { HttpApiContract, ResponseContract, RouteContract, SchemaSource } from './route-catalog';

/** zod writes JavaScript's safe-integer range on every `.int()`; it says nothing to a reader. */
function withoutSafeIntegerBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSafeIntegerBounds);
  if (typeof value !== 'object' || value === null) return value;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'minimum' && v === Number.MIN_SAFE_INTEGER) continue;
    if (k === 'maximum' && v === Number.MAX_SAFE_INTEGER) continue;
    out[k] = withoutSafeIntegerBounds(v);
  }
  return out;
}

function jsonSchema(source: SchemaSource, io: 'input' | 'output'): JsonSchema {
  if ('json' in source) return source.json;
  const { $schema: _dialect, ...schema } = z.toJSONSchema(source, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return withoutSafeIntegerBounds(schema) as JsonSchema;
}

function content(map: Record<string, SchemaSource>, io: 'input' | 'output'): JsonSchema {
  return Object.fromEntries(Object.entries(map).map(([media, s]) => [media, { schema: jsonSchema(s, io) }]));
}

function parameters(route: RouteContract): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const where of ['path', 'query', 'header'] as const) {
    const object = { path: route.pathParams, query: route.query, header: route.headers }[where];
    if (!object) continue;
    const schema = jsonSchema(object, 'input');
    const required = new Set((schema['required'] ?? []) as string[]);
    for (const [name, property] of Object.entries((schema['properties'] ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...rest } = property;
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

const PROBLEM = { $ref: '#/components/schemas/Problem' };

const RETRY_AFTER = {
  'Retry-After': {
    description: 'seconds to wait before sending the same request again',
    schema: { type: 'integer', minimum: 1 },
  },
};

/** The key's token bucket (draft-ietf-httpapi-ratelimit-headers), on every answer of a rate-limited route. */
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': { description: "the key's burst (bucket capacity)", schema: { type: 'integer', minimum: 1 } },
  'RateLimit-Remaining': { description: 'requests left in the bucket now', schema: { type: 'integer', minimum: 0 } },
  'RateLimit-Reset': { description: 'seconds until the bucket is full again', schema: { type: 'integer', minimum: 0 } },
};

function problemResponse(status: number, description: string): JsonSchema {
  const headers =
    status === 503
      ? RETRY_AFTER
      : status === 429
        ? { ...RETRY_AFTER, ...RATE_LIMIT_HEADERS }
        : status === 401
          ? { 'WWW-Authenticate': { description: 'Bearer realm="lienthong-hub…"', schema: { type: 'string' } } }
          : undefined;
  return {
    description,
    content: { 'application/problem+json': { schema: PROBLEM } },
    ...(headers ? { headers } : {}),
  };
}

function response(r: ResponseContract, extraHeaders: JsonSchema | undefined): JsonSchema {
  const headers = {
    ...extraHeaders,
    ...Object.fromEntries(
      Object.entries(r.headers ?? {}).map(([name, h]) => [name, { description: h.description, schema: jsonSchema(h.schema, 'output') }]),
    ),
  };
  return {
    description: r.description,
    ...(r.content ? { content: content(r.content, 'output') } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

function operation(route: RouteContract): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(route.responses)) {
    const success = Number(status) >= 200 && Number(status) < 300;
    responses[status] = response(r, route.rateLimited && success ? RATE_LIMIT_HEADERS : undefined);
  }
  const problems: Record<number, string> = { ...route.problems };
  if (route.security !== 'none') problems[401] ??= 'UNAUTHENTICATED: missing or unknown key';
  if (route.rateLimited) {
    problems[429] ??= "RATE_LIMITED: this key's request budget is used up; nothing was done, send the same request again after Retry-After";
  }
  problems[500] ??= 'INTERNAL: unexpected; quote the errorId (it is in the log too)';
  for (const [status, description] of Object.entries(problems)) {
    responses[status] ??= problemResponse(Number(status), description);
  }
  const params = parameters(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    security: route.security === 'none' ? [] : [{ [route.security]: [] }],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.requestBody
      ? {
          requestBody: {
            required: route.requestBody.required ?? true,
            description: route.requestBody.description,
            content: content(route.requestBody.content, 'input'),
          },
        }
      : {}),
    responses,
  };
}

export interface OpenApiOptions {
  /** The contracts release the document belongs to (info.version). */
  version: string;
}

/** The OpenAPI 3.1 document of one app's HTTP API. */
export function openApiDocument(api: HttpApiContract, options: OpenApiOptions): JsonSchema {
  const schemes = api.securitySchemes ?? { bearer: api.bearerDescription ?? 'not used by this app' };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of api.routes) {
    if (route.security !== 'none' && !(route.security in schemes)) {
      throw new Error(`${api.app}: ${route.operationId} uses the unknown security scheme "${route.security}"`);
    }
    paths[route.path] ??= {};
    paths[route.path][route.method] = operation(route);
  }
  const tags = [...new Set(api.routes.flatMap((r) => r.tags))].map((name) => ({ name }));
  const schemas: Record<string, JsonSchema> = { Problem: jsonSchema(problemSchema, 'output') };
  for (const [name, schema] of Object.entries(api.components ?? {})) schemas[name] = jsonSchema(schema, 'input');
  return {
    openapi: '3.1.0',
    info: {
      title: api.title,
      version: options.version,
      description: `${api.description}\n\nGenerated from libs/contracts by npm run contracts:generate.`,
    },
    servers: [{ url: `http://127.0.0.1:${api.port}`, description: 'npm start' }],
    tags,
    paths,
    components: {
      schemas,
      securitySchemes: Object.fromEntries(
        Object.entries(schemes).map(
          ([name, holders]) => [name, { type: 'http', scheme: 'bearer', description: `Authorization: Bearer <key>, ${holders}` }],
        ),
      ),
    },
  };
}
