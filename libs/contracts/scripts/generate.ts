/**
 * Writes contracts/ from libs/contracts (zod). With --check, writes nothing and exits 1 listing
 * every file that is missing, different or no longer generated.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generatedContracts } from '../src/json-schemas';

const root = join(__dirname, '..', '..', '..', 'contracts');
const GENERATED_DIRS = ['schemas', 'examples'];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

const check = process.argv.includes('--check');
const expected = new Map(generatedContracts().map((f) => [join(root, f.path), f.content]));
const existing = GENERATED_DIRS.flatMap((d) => listFiles(join(root, d)));
const problems: string[] = [];

for (const [path, content] of expected) {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === content) continue;
  if (check) problems.push(`${current === undefined ? 'missing' : 'stale'}: contracts/${relative(root, path)}`);
  else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
for (const path of existing) {
  if (expected.has(path)) continue;
  if (check) problems.push(`no longer generated: contracts/${relative(root, path)}`);
  else rmSync(path);
}

if (check && problems.length > 0) {
  console.error(`contracts/ is out of date with libs/contracts:\n  ${problems.join('\n  ')}\nRun: npm run contracts:generate`);
  process.exit(1);
}
console.log(check ? `contracts/ is up to date (${expected.size} files)` : `wrote ${expected.size} files to contracts/`);
