import { z } from 'zod';

export const FAULT_MODES = ['up', 'down', 'error', 'slow', 'flaky'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** Statuses a real gateway in front of the portal answers with when it is not itself. */
export const FAULT_STATUSES = [500, 502, 503, 429] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

export const faultRequestSchema = z.strictObject({
  mode: z.enum(FAULT_MODES).default('up'),
  status: z
    .union(FAULT_STATUSES.map((s) => z.literal(s)))
    .default(500)
    .describe('HTTP status answered in mode "error"'),
  latencyMs: z.number().int().min(0).max(120_000).default(2_000),
  errorRate: z.number().min(0).max(1).default(0.5),
  rejectCaseCodes: z.array(z.string().min(1)).max(10_000).default([]),
  expireSessions: z.literal(true).optional(),
});

export type FaultRequest = z.output<typeof faultRequestSchema>;

/** The standing fault config. `expireSessions` is a one-shot action, so it is not part of it. */
export type FaultConfig = Omit<FaultRequest, 'expireSessions'>;

export const DEFAULT_FAULTS: FaultConfig = faultRequestSchema.parse({});

/** One bad field of a control request, in the hub's problem-body shape. */
export interface FaultConfigError {
  path: string;
  message: string;
}

export type ParsedFaultRequest =
  { ok: true; request: FaultRequest } | { ok: false; errors: FaultConfigError[] };

export function parseFaultRequest(input: unknown): ParsedFaultRequest {
  const parsed = faultRequestSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, request: parsed.data };
  const errors = parsed.error.issues.flatMap((issue): FaultConfigError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: pathOf([...issue.path, key]),
          message: 'is not a known field',
        }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
  return { ok: false, errors };
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(body)' : path.map(String).join('.');
}
