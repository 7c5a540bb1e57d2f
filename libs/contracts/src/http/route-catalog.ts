import type { z } from 'zod';
import type { JsonSchema } from '../catalog/json-schema';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A zod schema, or plain JSON Schema where zod cannot say it (e.g. `$ref`s to components). */
export type SchemaSource = z.ZodType | { json: JsonSchema };

export const componentRef = (name: string): { json: JsonSchema } => ({
  json: { $ref: `#/components/schemas/${name}` },
});

export interface ResponseContract {
  description: string;
  /** Media type → body schema; absent for an empty body. */
  content?: Record<string, SchemaSource>;
  headers?: Record<string, { description: string; schema: z.ZodType }>;
}

/**
 * One HTTP route of an app, in OpenAPI path syntax (`/v1/cases/{caseCode}`). Every route a
 * Nest app registers must have one (each app's `api-contract.spec.ts` checks both ways).
 */
export interface RouteContract {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * `none`, or the name of one of the API's `securitySchemes` (`bearer` by default):
   * `Authorization: Bearer <key>` of that kind of key (a 401 problem is documented automatically).
   */
  security: string;
  /**
   * The key's token bucket is spent per request: every 2xx carries `RateLimit-Limit`,
   * `RateLimit-Remaining`, `RateLimit-Reset`, and an empty bucket is a 429 with `Retry-After`.
   */
  rateLimited?: boolean;
  /** Objects whose properties are the path / query parameters (`.describe()` documents them). */
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the route reads besides Authorization and Content-Type (header parameters). */
  headers?: z.ZodObject;
  /** `required: false`: the body may be left out entirely (default: required). */
  requestBody?: { description: string; required?: boolean; content: Record<string, SchemaSource> };
  responses: Record<number, ResponseContract>;
  /** Error statuses answered as application/problem+json, with what each means here. */
  problems?: Record<number, string>;
}

export interface HttpApiContract {
  /** The app name, as in apps/<app> and libs/dev-stack (APP_NAMES). */
  app: string;
  title: string;
  description: string;
  /** Default port (the `<APP>_PORT` variable). */
  port: number;
  /** Who holds the bearer keys of this API (the `bearer` scheme). */
  bearerDescription?: string;
  /**
   * More than one kind of key: scheme name → who holds those keys (all `Authorization: Bearer`).
   * Without it the API has the one scheme `bearer` described by `bearerDescription`.
   */
  securitySchemes?: Record<string, string>;
  /** Named schemas the routes refer to with `componentRef`. */
  components?: Record<string, z.ZodType>;
  routes: RouteContract[];
}
