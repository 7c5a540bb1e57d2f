import { toViolations, unstorableString } from '@hub/contracts';
import type { FieldError } from '@hub/observability';
import { z } from 'zod';

/** The outcome of building an admin command: the command, or every bad field at once. */
export type Built<T> = { ok: true; command: T } | { ok: false; errors: FieldError[] };

/** Parses `input` with `schema`; `(body)` when it is not even an object. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; errors: FieldError[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: toViolations(parsed.error, input) };
}

export const MAX_OVERLAP_SECONDS = 30 * 24 * 3600;

export const rateLimitInput = z.strictObject({
  perSecond: z
    .number({ message: 'must be a number' })
    .positive('must be greater than 0')
    .max(100_000, 'must be at most 100000'),
  burst: z
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000_000, 'must be at most 1000000'),
});

export const labelInput = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .superRefine((value, ctx) => {
    const reason = unstorableString(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });

/** The key id of a path parameter: 12 lowercase hex characters. */
export const KEY_ID_PATTERN = /^[0-9a-f]{12}$/;
