import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The monorepo root: the nearest ancestor of this file holding a package.json. Walking up works
 * both from the sources (libs/testing/src under ts-jest/ts-node) and from the build output
 * (dist/libs/testing/src, where tsc copies no package.json), whatever the cwd is.
 */
export function repoRoot(): string {
  if (cached !== undefined) return cached;
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
}
