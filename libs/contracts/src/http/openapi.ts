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
  for (const where of ['path', 'query'] as const) {
    const object = where === 'path' ? route.pathParams : route.query;
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

function problemResponse(status: number, description: string): JsonSchema {
  return {
    description,
    content: { 'application/problem+json': { schema: PROBLEM } },
    ...(status === 503
      ? { headers: { 'Retry-After': { description: 'seconds to wait before sending the same request again', schema: { type: 'integer', minimum: 1 } } } }
      : {}),
    ...(status === 401
      ? { headers: { 'WWW-Authenticate': { description: 'Bearer realm="lienthong-hub"', schema: { type: 'string' } } } }
      : {}),
  };
}

function response(r: ResponseContract): JsonSchema {
  return {
    description: r.description,
    ...(r.content ? { content: content(r.content, 'output') } : {}),
    ...(r.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(r.headers).map(([name, h]) => [name, { description: h.description, schema: jsonSchema(h.schema, 'output') }]),
          ),
        }
      : {}),
  };
}

function operation(route: RouteContract): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(route.responses)) responses[status] = response(r);
  const problems: Record<number, string> = { ...route.problems };
  if (route.security === 'bearer') problems[401] ??= 'UNAUTHENTICATED: missing or unknown key';
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
    security: route.security === 'bearer' ? [{ bearer: [] }] : [],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.requestBody
      ? {
          requestBody: {
            required: true,
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
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of api.routes) {
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
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: `Authorization: Bearer <key>, ${api.bearerDescription ?? 'not used by this app'}`,
        },
      },
    },
  };
}
