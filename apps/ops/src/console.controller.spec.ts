import { join, resolve } from 'node:path';
import { CONSOLE_VENDOR_FILES, findConsoleDir } from './console.controller';

describe('findConsoleDir', () => {
  const root = resolve(__dirname, '..', '..', '..');

  it('finds apps/ops/console above the running code, from the sources and from dist/', () => {
    expect(findConsoleDir(__dirname)).toBe(join(root, 'apps', 'ops', 'console'));
    expect(findConsoleDir(join(root, 'dist', 'apps', 'ops', 'src'))).toBe(
      join(root, 'apps', 'ops', 'console'),
    );
  });

  it('uses the configured folder when there is one, and gives up at the filesystem root', () => {
    expect(findConsoleDir(__dirname, '/srv/console')).toBe('/srv/console');
    expect(findConsoleDir('/')).toBeUndefined();
  });
});

describe('console vendor files', () => {
  it('are installed from npm (a fresh clone has them after npm ci)', () => {
    for (const module of Object.values(CONSOLE_VENDOR_FILES))
      expect(() => require.resolve(module)).not.toThrow();
  });
});
