// An import resolver (eslint-module-utils interface v2) for the boundary check: it resolves the
// `@hub/<lib>` aliases exactly as tsconfig.json's "paths" declare them, so eslint-plugin-boundaries
// sees `@hub/testing` as the file libs/testing/src/index.ts, not as an npm package. Relative and
// npm imports are left to the node resolver configured after it. Plain CommonJS: ESLint loads it
// by path, before any build.
'use strict';
const { join } = require('node:path');
const { createMatchPath, loadConfig } = require('tsconfig-paths');

const config = loadConfig(join(__dirname, '..', '..', '..', '..'));
if (config.resultType !== 'success') throw new Error(`tsconfig.json: ${config.message}`);
const matchPath = createMatchPath(config.absoluteBaseUrl, config.paths, ['main'], false);

exports.interfaceVersion = 2;

/** @returns {{ found: boolean, path?: string }} */
exports.resolve = (source) => {
  const path = matchPath(source, undefined, undefined, ['.ts']);
  return path === undefined ? { found: false } : { found: true, path };
};
