import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@hub/testing';
import {
  CONSOLE_LANGUAGES,
  CONSOLE_VIEWS,
  CONSOLE_WIDTHS,
  consoleDocsDir,
  consoleScreenshot,
} from './console-screenshots';

describe('docs/console.md', () => {
  const docs = join(repoRoot(), 'docs');
  const text = readFileSync(join(docs, 'console.md'), 'utf8');
  const pictures = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);

  it('shows every view at both widths in both languages, each picture once', () => {
    const expected = CONSOLE_VIEWS.flatMap((view) =>
      CONSOLE_WIDTHS.flatMap((width) =>
        CONSOLE_LANGUAGES.map((lang) => consoleScreenshot(view, width, lang)),
      ),
    );
    expect([...pictures].sort()).toEqual([...expected].sort());
  });

  it('has every picture it shows, as made by `npm run docs:console` (a PNG)', () => {
    for (const picture of pictures) {
      const file = join(docs, picture);
      expect({ picture, exists: existsSync(file) }).toEqual({ picture, exists: true });
      expect(readFileSync(file).subarray(1, 4).toString('latin1')).toBe('PNG');
    }
  });

  it('takes the docs folder from CONSOLE_DOCS_DIR, relative to the repository', () => {
    expect(consoleDocsDir({})).toBeUndefined();
    expect(consoleDocsDir({ CONSOLE_DOCS_DIR: 'docs' })).toBe(docs);
    expect(consoleDocsDir({ CONSOLE_DOCS_DIR: '/tmp/x' })).toBe('/tmp/x');
  });
});
