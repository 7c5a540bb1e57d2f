import { isAbsolute, join } from 'node:path';
import { repoRoot } from '@hub/testing';

/**
 * The console's views as docs/console.md shows them: each at both widths and in both languages,
 * taken from a running hub by the console e2e (`npm run docs:console`), never drawn by hand.
 */
export const CONSOLE_VIEWS = [
  'overview',
  'national',
  'departments',
  'reconciliations',
  'reuse',
  'webhooks',
] as const;
export const CONSOLE_WIDTHS = [1024, 1440] as const;
export const CONSOLE_LANGUAGES = ['vi', 'en'] as const;

export type ConsoleView = (typeof CONSOLE_VIEWS)[number];

/** The file of one screenshot, relative to docs/. */
export const consoleScreenshot = (
  view: ConsoleView,
  width: (typeof CONSOLE_WIDTHS)[number],
  lang: (typeof CONSOLE_LANGUAGES)[number],
): string => `console/${view}-${width}-${lang}.png`;

/**
 * Where the console e2e also writes its screenshots for the docs: `CONSOLE_DOCS_DIR` (set by
 * `npm run docs:console` to docs/), or nowhere.
 */
export function consoleDocsDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env['CONSOLE_DOCS_DIR'];
  if (!dir) return undefined;
  return isAbsolute(dir) ? dir : join(repoRoot(), dir);
}
