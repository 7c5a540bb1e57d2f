import { baseFaultFields, issuesOf } from '@hub/mock-kit';
import type { FieldError } from '@hub/observability';
import { z } from 'zod';

/** Modes and statuses as every mock national system has them (@hub/mock-kit). */
export type { FaultMode, FaultStatus } from '@hub/mock-kit';

/** The fault request the registry mocks take, plus the portal's own: refused cases, expired sessions. */
export const faultRequestSchema = z.strictObject({
  ...baseFaultFields,
  rejectCaseCodes: z.array(z.string().min(1)).max(10_000).default([]),
  expireSessions: z.literal(true).optional(),
});

export type FaultRequest = z.output<typeof faultRequestSchema>;

/** The standing fault config. `expireSessions` is a one-shot action, so it is not part of it. */
export type FaultConfig = Omit<FaultRequest, 'expireSessions'>;

export const DEFAULT_FAULTS: FaultConfig = faultRequestSchema.parse({});

export type ParsedFaultRequest =
  { ok: true; request: FaultRequest } | { ok: false; errors: FieldError[] };

export function parseFaultRequest(input: unknown): ParsedFaultRequest {
  const parsed = faultRequestSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, errors: issuesOf(parsed.error.issues) };
}
