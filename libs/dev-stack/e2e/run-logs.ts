import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@hub/testing';

/**
 * A log folder of its own for one suite's stack, emptied first: the stack appends to its logs,
 * so a shared folder would hold other runs' lines and a grep over it would prove nothing.
 */
export function freshLogDir(suite: string): string {
  const dir = join(repoRoot(), 'test-artifacts', `logs-${suite}`);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  return dir;
}

/**
 * Every place one of `personalIds` appears in the `.log` files of `logDir` (apps, Kafka and
 * Postgres), as `file: id`, wherever it stands: in a message, inside quoted JSON, in an SQL
 * statement Postgres logged.
 */
export function personalIdsInLogs(
  logDir: string,
  personalIds: Iterable<string>,
): { files: string[]; leaks: string[] } {
  const files = readdirSync(logDir).filter((f) => f.endsWith('.log'));
  const all = [...new Set(personalIds)];
  const numeric = new Set(all.filter((id) => /^\d+$/.test(id)));
  const other = all.filter((id) => !numeric.has(id));
  const lengths = [...new Set([...numeric].map((id) => id.length))];
  const shortest = Math.min(...lengths);
  const leaks = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(logDir, file), 'utf8');
    // Every window of every run of digits: an ID glued to other digits counts too. (One pass
    // over the text instead of one search per ID: a run has hundreds of IDs and MBs of logs.)
    if (numeric.size > 0) {
      for (const [run] of text.matchAll(new RegExp(`\\d{${shortest},}`, 'g'))) {
        for (const length of lengths) {
          for (let i = 0; i + length <= run.length; i++) {
            const window = run.slice(i, i + length);
            if (numeric.has(window)) leaks.add(`${file}: ${window}`);
          }
        }
      }
    }
    for (const id of other) if (text.includes(id)) leaks.add(`${file}: ${id}`);
  }
  return { files, leaks: [...leaks] };
}
