import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { type IndicatorTargets, indicatorKeys } from './indicator-formulas';

const fraction = z
  .number({ message: 'must be a number from 0 to 1, or null' })
  .min(0, 'must be at least 0')
  .max(1, 'must be at most 1 (targets are fractions: 0.95 = 95%)')
  .nullable();

/** Every indicator must have an entry (null = the plans set no target); unknown keys are errors. */
export const indicatorTargetsSchema = z.strictObject({
  $comment: z.string().optional(),
  ...(Object.fromEntries(indicatorKeys.map((k) => [k, fraction])) as Record<
    (typeof indicatorKeys)[number],
    typeof fraction
  >),
});

export class IndicatorTargetsError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid indicator targets in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'IndicatorTargetsError';
  }
}

/** Parses the targets file's text; every problem is named at once. */
export function parseIndicatorTargets(text: string, file: string): IndicatorTargets {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new IndicatorTargetsError(file, [
      `is not JSON: ${e instanceof Error ? e.message : String(e)}`,
    ]);
  }
  const parsed = indicatorTargetsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new IndicatorTargetsError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const { $comment: _comment, ...targets } = parsed.data;
  return targets;
}

/** Reads the targets file at start-up (a relative path is taken from the working directory). */
export function loadIndicatorTargets(path: string): IndicatorTargets {
  const file = isAbsolute(path) ? path : resolve(process.cwd(), path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new IndicatorTargetsError(file, [
      `cannot be read: ${e instanceof Error ? e.message : String(e)}`,
    ]);
  }
  return parseIndicatorTargets(text, file);
}
