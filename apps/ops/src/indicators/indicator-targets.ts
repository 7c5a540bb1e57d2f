import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import {
  type IndicatorKey,
  type IndicatorTargets,
  indicatorDefinitions,
  indicatorKeys,
  type TargetSpec,
} from './indicator-definitions';

const day = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a day as YYYY-MM-DD')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real day');

/** A share is a fraction (0.95 = 95%); a ratio is a positive number (0.8 = 20% shorter). */
function valueSchema(key: IndicatorKey) {
  return indicatorDefinitions[key].measure === 'share'
    ? z
        .number({ message: 'must be a number from 0 to 1' })
        .min(0, 'must be at least 0')
        .max(1, 'must be at most 1 (targets are fractions: 0.95 = 95%)')
    : z.number({ message: 'must be a positive number' }).positive('must be more than 0');
}

/**
 * One indicator's entry: the plan it comes from, and either one `target` (null: the plans set
 * none) or `steps` with deadlines, in order (e.g. 80% by 2026-06-30, then 95% by 2026-12-31).
 */
function entrySchema(key: IndicatorKey) {
  const value = valueSchema(key);
  const plan = z.string({ message: 'must name the plan the target comes from' }).min(3);
  return z
    .strictObject({
      plan,
      target: value.nullable().optional(),
      steps: z
        .array(z.strictObject({ target: value, by: day }))
        .min(1, 'must have at least one step')
        .refine(
          (steps) => steps.every((s, i) => i === 0 || steps[i - 1].by < s.by),
          'must be in order of their deadlines, one step per day',
        )
        .optional(),
    })
    .superRefine((e, ctx) => {
      if ((e.target === undefined) === (e.steps === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'must have either target or steps (one of them)' });
      }
    });
}

/** Every indicator must have an entry; unknown keys are errors. */
export const indicatorTargetsSchema = z.strictObject({
  $comment: z.string().optional(),
  ...(Object.fromEntries(indicatorKeys.map((k) => [k, entrySchema(k)])) as Record<
    IndicatorKey,
    ReturnType<typeof entrySchema>
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
  const targets = {} as Record<IndicatorKey, TargetSpec>;
  for (const key of indicatorKeys) {
    const entry = parsed.data[key];
    const steps = entry.steps
      ? entry.steps.map((s) => ({ value: s.target, by: s.by }))
      : entry.target == null
        ? []
        : [{ value: entry.target, by: null }];
    targets[key] = { plan: entry.plan, steps };
  }
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
