import { z } from 'zod';

export const FAULT_MODES = ['up', 'down', 'error', 'slow', 'flaky'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** Statuses a real gateway in front of the registry answers with when it is not itself. */
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
  /** maDVC answered "004", on top of MOCK_BUSINESS_UNLICENSED_SERVICES. */
  unlicensedServiceCodes: z.array(z.string().min(1)).max(1_000).default([]),
  /** maCanBo answered "005", on top of MOCK_BUSINESS_UNAUTHORISED_OFFICIALS. */
  unauthorisedOfficialCodes: z.array(z.string().min(1)).max(1_000).default([]),
});

export type FaultConfig = z.output<typeof faultRequestSchema>;

export const DEFAULT_FAULTS: FaultConfig = faultRequestSchema.parse({});

export interface FaultConfigError {
  path: string;
  message: string;
}

export type ParsedFaultRequest =
  { ok: true; request: FaultConfig } | { ok: false; errors: FaultConfigError[] };

export function parseFaultRequest(input: unknown): ParsedFaultRequest {
  const parsed = faultRequestSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, errors: issuesOf(parsed.error.issues) };
}

/** zod issues → `{path, message}`, naming each unknown key on its own. */
export function issuesOf(issues: readonly z.core.$ZodIssue[]): FaultConfigError[] {
  return issues.flatMap((issue): FaultConfigError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: pathOf([...issue.path, key]),
          message: 'is not a known field',
        }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(body)' : path.map(String).join('.');
}
