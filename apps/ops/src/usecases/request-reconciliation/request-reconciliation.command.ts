import { z } from 'zod';
import { ProblemException } from '@hub/observability';

/** Longest window one on-demand run may cover: a quarter, enough for a monthly report. */
export const MAX_WINDOW_DAYS = 92;

const instant = z.iso.datetime({
  offset: true,
  message: 'must be an RFC 3339 date-time with a time zone, e.g. 2026-03-12T08:30:00+07:00',
});

const bodySchema = z
  .strictObject({ from: instant, to: instant })
  .refine((b) => new Date(b.from) < new Date(b.to), {
    path: ['to'],
    message: 'must be later than from',
  })
  .refine(
    (b) => new Date(b.to).getTime() - new Date(b.from).getTime() <= MAX_WINDOW_DAYS * 86_400_000,
    { path: ['to'], message: `must be at most ${MAX_WINDOW_DAYS} days after from` },
  );

export interface RequestReconciliationCommand {
  windowFrom: Date;
  windowTo: Date;
  requestedBy: string;
}

/** An operator's request to read the portal back for the cases touched in [from, to). */
export function requestReconciliationCommand(
  body: unknown,
  operator: string,
): RequestReconciliationCommand {
  const parsed = bodySchema.safeParse(body ?? {});
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      path: i.path.length > 0 ? `body.${i.path.join('.')}` : 'body',
      message: i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message,
    }));
    throw new ProblemException(
      400,
      'INVALID_RECONCILIATION',
      'Invalid reconciliation request',
      errors.map((e) => `${e.path} ${e.message}`).join('; '),
      errors,
    );
  }
  return {
    windowFrom: new Date(parsed.data.from),
    windowTo: new Date(parsed.data.to),
    requestedBy: operator,
  };
}
