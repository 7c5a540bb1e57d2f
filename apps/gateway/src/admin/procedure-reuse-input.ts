import { z } from 'zod';
import { unstorableString } from '@hub/contracts';
import type { FieldError } from '@hub/observability';

/** A national procedure code, e.g. 1.001193. */
export const PROCEDURE_CODE = /^\d{1,2}\.\d{6}$/;

const storable = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((s, ctx) => {
      const reason = unstorableString(s);
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    });

const body = z.strictObject({
  resultCodes: z
    .array(
      z
        .string()
        .regex(
          /^[A-Za-z0-9._-]{1,64}$/,
          'must be a result code like KQ-KS (1-64 of A-Z a-z 0-9 . _ -)',
        ),
    )
    .max(50, 'must list at most 50 result codes')
    .refine((codes) => new Set(codes).size === codes.length, 'must not list a code twice'),
  reason: storable(500),
});

export type ReuseOverrideInput = z.output<typeof body>;

/** The body of `PUT /v1/admin/procedure-reuse/{code}`, or every problem with its field. */
export function parseReuseOverride(
  raw: unknown,
): { ok: true; value: ReuseOverrideInput } | { ok: false; errors: FieldError[] } {
  const parsed = body.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.flatMap((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      return keys.map((key) => ({
        path: ['body', ...issue.path, ...(key === undefined ? [] : [key])]
          .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
          .join(''),
        message: key === undefined ? issue.message : 'is not a field of this request',
      }));
    }),
  };
}
