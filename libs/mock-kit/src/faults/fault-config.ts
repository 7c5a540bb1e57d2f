import type { FieldError } from '@hub/observability';
import { z } from 'zod';

export const FAULT_MODES = ['up', 'down', 'error', 'slow', 'flaky'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** Statuses a real gateway in front of the registry answers with when it is not itself. */
export const FAULT_STATUSES = [500, 502, 503, 429] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/** The fault fields every mock national system takes; each adds its own. */
export const baseFaultFields = {
  mode: z.enum(FAULT_MODES).default('up'),
  status: z
    .union(FAULT_STATUSES.map((s) => z.literal(s)))
    .default(500)
    .describe('HTTP status answered in mode "error"'),
  latencyMs: z.number().int().min(0).max(120_000).default(2_000),
  errorRate: z.number().min(0).max(1).default(0.5),
};

export const faultRequestSchema = z.strictObject({
  ...baseFaultFields,
  /** Procedure codes answered "004", on top of the mock's own UNLICENSED_SERVICES variable. */
  unlicensedServiceCodes: z.array(z.string().min(1)).max(1_000).default([]),
  /** Official codes answered "005", on top of the mock's own UNAUTHORISED_OFFICIALS variable. */
  unauthorisedOfficialCodes: z.array(z.string().min(1)).max(1_000).default([]),
});

export type FaultConfig = z.output<typeof faultRequestSchema>;

export const DEFAULT_FAULTS: FaultConfig = faultRequestSchema.parse({});

export type ParsedFaultRequest =
  { ok: true; request: FaultConfig } | { ok: false; errors: FieldError[] };

export function parseFaultRequest(input: unknown): ParsedFaultRequest {
  const parsed = faultRequestSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, errors: issuesOf(parsed.error.issues) };
}

/** zod issues → `{path, message}`, naming each unknown key on its own. */
export function issuesOf(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: pathOf([...issue.path, key]),
          message: UNKNOWN_FIELD,
        }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

/** The message `issuesOf` gives an unknown key; a wire format may translate it. */
export const UNKNOWN_FIELD = 'is not a known field';

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(body)' : path.map(String).join('.');
}
