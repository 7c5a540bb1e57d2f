import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ProblemException } from '@hub/observability';
import { OPS_CONFIG, type OpsConfig } from './config';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The console's files live in `apps/ops/console` (plain HTML, JS modules, CSS: no build step).
 * tsc does not copy them into dist/, so they are found by walking up from the running code to
 * the folder that holds `apps/ops/console` — which works from the sources (tests) and from
 * dist/ alike. OPS_CONSOLE_DIR overrides it (a container image that ships the folder elsewhere).
 */
export function findConsoleDir(start: string, configured?: string): string | undefined {
  if (configured) return resolve(configured);
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'apps', 'ops', 'console');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Third-party files the console loads, served from the installed npm packages (a production
 * dependency, so `npm ci` on a fresh clone and the runtime image both have them): no copy of
 * them in the repository, and their version is the lockfile's.
 */
export const CONSOLE_VENDOR_FILES: Record<string, string> = {
  'uPlot.esm.js': 'uplot/dist/uPlot.esm.js',
  'uPlot.min.css': 'uplot/dist/uPlot.min.css',
};

/**
 * Serves the web console without authentication: the page holds no data. It asks for the ops
 * key and sends it as a Bearer token to the API, which is where access is checked.
 */
@Controller()
export class ConsoleController {
  private readonly dir: string | undefined;

  constructor(@Inject(OPS_CONFIG) config: OpsConfig) {
    this.dir = findConsoleDir(__dirname, config.OPS_CONSOLE_DIR);
  }

  @Get()
  index(@Res() res: Response): Promise<void> {
    return this.send(res, 'index.html');
  }

  @Get('console/:file')
  asset(@Param('file') file: string, @Res() res: Response): Promise<void> {
    return this.send(res, file);
  }

  @Get('console/vendor/:file')
  vendor(@Param('file') file: string, @Res() res: Response): Promise<void> {
    const module = Object.hasOwn(CONSOLE_VENDOR_FILES, file)
      ? CONSOLE_VENDOR_FILES[file]
      : undefined;
    if (!module) throw this.notFound(`vendor/${file}`);
    let path: string;
    try {
      path = require.resolve(module);
    } catch {
      throw this.notFound(`vendor/${file}`);
    }
    return this.sendFile(res, file, path);
  }

  private async send(res: Response, file: string): Promise<void> {
    const path = this.dir ? resolve(this.dir, file) : undefined;
    if (!path || !path.startsWith(this.dir + sep)) throw this.notFound(file);
    return this.sendFile(res, file, path);
  }

  private async sendFile(res: Response, file: string, path: string): Promise<void> {
    const type = CONTENT_TYPES[extname(file)];
    if (!type) throw this.notFound(file);
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      throw this.notFound(file);
    }
    res
      .status(200)
      .set({
        'content-type': type,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'content-security-policy':
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
      })
      .send(body);
  }

  private notFound(file: string): ProblemException {
    return new ProblemException(404, 'NOT_FOUND', 'Not Found', `No console file ${file}.`);
  }
}
