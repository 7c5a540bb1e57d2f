import {
  Controller,
  type DynamicModule,
  Get,
  Header,
  Inject,
  type INestApplication,
  Module,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type JsonSchema, openApiFor } from '@hub/contracts';

const API_DOCUMENT = Symbol('API_DOCUMENT');
const API_DOCS_HTML = Symbol('API_DOCS_HTML');

/** Serves the app's OpenAPI document (from libs/contracts) and a readable page of it; no CDN. */
@Controller('docs')
class ApiDocsController {
  constructor(
    @Inject(API_DOCUMENT) private readonly document: JsonSchema,
    @Inject(API_DOCS_HTML) private readonly html: string,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return this.html;
  }

  @Get('openapi.json')
  openApi(): JsonSchema {
    return this.document;
  }
}

/** `GET /docs` (HTML) and `GET /docs/openapi.json` for one app: add `ApiDocsModule.forApp('<app>')`. */
@Module({})
export class ApiDocsModule {
  static forApp(app: string): DynamicModule {
    const document = openApiFor(app);
    if (!document) {
      throw new Error(`No OpenAPI contract for app "${app}": add it to httpApis in libs/contracts`);
    }
    return {
      module: ApiDocsModule,
      controllers: [ApiDocsController],
      providers: [
        { provide: API_DOCUMENT, useValue: document },
        { provide: API_DOCS_HTML, useValue: renderApiDocsHtml(document) },
      ],
    };
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD /path` with OpenAPI `{param}` syntax, as both sides of the route check use it. */
export interface RouteCoverage {
  /** Registered in the app but absent from its OpenAPI document. */
  undocumented: string[];
  /** In the document but not registered in the app. */
  unimplemented: string[];
}

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every route the app registered with Express (after `init()`), as `METHOD /path{param}`. */
export function registeredRoutes(app: INestApplication): string[] {
  const server = app.getHttpAdapter().getInstance() as {
    router?: { stack: RouterLayer[] };
    _router?: { stack: RouterLayer[] };
  };
  const stack = (server.router ?? server._router)?.stack ?? [];
  const out = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (!on) continue;
        out.add(
          `${method === '_all' ? 'ALL' : method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`,
        );
      }
    }
  }
  return [...out].sort();
}

export function documentedRoutes(document: JsonSchema): string[] {
  const paths = (document['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

/** Compares an app's registered routes with its OpenAPI document, both ways. */
export function routeCoverage(app: INestApplication, document: JsonSchema): RouteCoverage {
  const registered = registeredRoutes(app);
  const documented = documentedRoutes(document);
  return {
    undocumented: registered.filter((r) => !documented.includes(r)),
    unimplemented: documented.filter((r) => !registered.includes(r)),
  };
}

/**
 * Builds an app's module in Nest's preview mode (no provider is instantiated: no database, no
 * Kafka, nothing listens), registers its routes and compares them with the app's OpenAPI
 * document. Each app's api-contract spec calls this, so an undocumented route fails a test.
 */
export async function routeCoverageOf(module: DynamicModule, app: string): Promise<RouteCoverage> {
  const document = openApiFor(app);
  if (!document) throw new Error(`No OpenAPI contract for app "${app}" in libs/contracts`);
  const nest = await NestFactory.create(module, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    await nest.init();
    return routeCoverage(nest, document);
  } finally {
    await nest.close();
  }
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const text = (v: unknown): string => escapeHtml(typeof v === 'string' ? v : '');
const pre = (v: unknown): string => `<pre>${escapeHtml(JSON.stringify(v, null, 2))}</pre>`;
const asRecord = (v: unknown): Record<string, JsonSchema> =>
  typeof v === 'object' && v !== null ? (v as Record<string, JsonSchema>) : {};

function schemaBlock(content: unknown): string {
  return Object.entries(asRecord(content))
    .map(
      ([media, body]) =>
        `<details><summary><code>${escapeHtml(media)}</code></summary>${pre(body['schema'])}</details>`,
    )
    .join('');
}

function renderOperation(path: string, method: string, op: JsonSchema): string {
  const params = (Array.isArray(op['parameters']) ? op['parameters'] : []) as JsonSchema[];
  const security = Array.isArray(op['security']) && op['security'].length > 0;
  const body = asRecord(op['requestBody']);
  const rows = Object.entries(asRecord(op['responses']))
    .map(
      ([status, r]) =>
        `<tr><td>${escapeHtml(status)}</td><td>${text(r['description'])}</td><td>${schemaBlock(r['content'])}</td></tr>`,
    )
    .join('');
  return `<section id="${text(op['operationId'])}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${text(op['summary'])}</p>${op['description'] ? `<p>${text(op['description'])}</p>` : ''}
<p class="auth">${security ? 'Authorization: Bearer &lt;key&gt;' : 'No authentication'}</p>
${
  params.length > 0
    ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th><th>schema</th></tr>${params
        .map(
          (p) =>
            `<tr><td><code>${text(p['name'])}</code></td><td>${text(p['in'])}</td><td>${p['required'] ? 'yes' : 'no'}</td><td>${text(p['description'])}</td><td><code>${escapeHtml(JSON.stringify(p['schema']))}</code></td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${body['content'] ? `<h4>Request body</h4><p>${text(body['description'])}</p>${schemaBlock(body['content'])}` : ''}
<h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>${rows}</table>
</section>`;
}

/** A self-contained HTML page of an OpenAPI document (the network may be closed: no CDN). */
export function renderApiDocsHtml(document: JsonSchema): string {
  const info = asRecord(document['info']) as unknown as JsonSchema;
  const paths = asRecord(document['paths']);
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]) => renderOperation(path, m, op as JsonSchema)),
  );
  const schemas = asRecord(asRecord(document['components'])['schemas']);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${text(info['title'])}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font-family:ui-monospace,monospace;font-size:.85rem}pre{background:#f5f5f5;padding:.5rem;overflow:auto;max-height:30rem}
section{border-top:1px solid #ddd;padding:.5rem 0}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
.method{display:inline-block;min-width:4rem;text-align:center;color:#fff;border-radius:3px;padding:0 .3rem;background:#555}
.get{background:#2a7ab0}.post{background:#2e8b57}.delete{background:#b03a2e}.put,.patch{background:#b07d2e}.auth{color:#666}
</style></head><body>
<h1>${text(info['title'])} <small>${text(info['version'])}</small></h1>
<p>${text(info['description'])}</p>
<p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI ${text(document['openapi'])}). Errors are <code>application/problem+json</code> (schema <a href="#schema-Problem">Problem</a>).</p>
<h2>Operations</h2>
${operations.join('\n')}
<h2>Schemas</h2>
${Object.entries(schemas)
  .map(
    ([name, s]) =>
      `<details id="schema-${escapeHtml(name)}"><summary><code>${escapeHtml(name)}</code></summary>${pre(s)}</details>`,
  )
  .join('\n')}
</body></html>
`;
}
