import { z } from 'zod';
import { caseCode, deadline, timestamp } from './primitives';

export const SYNC_OUTCOME = 'portal.sync-outcome' as const;
export const SYNC_OUTCOME_SOURCE = '/hub/portal-sync';

export const syncOutcomes = ['synced', 'retry_scheduled', 'dead'] as const;
export type SyncOutcomeKind = (typeof syncOutcomes)[number];

/** Published to hub.sync-results.v1 for every attempt outcome of a portal sync job. */
export const syncOutcomeV1 = z.strictObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.literal(SYNC_OUTCOME_SOURCE),
  type: z.literal(SYNC_OUTCOME),
  subject: caseCode,
  time: timestamp,
  datacontenttype: z.literal('application/json').optional(),
  data: z.strictObject({
    eventId: z.string().min(1),
    eventType: z.string().min(1),
    caseCode,
    sequence: z.number().int().min(1),
    department: z.string().min(1),
    outcome: z.enum(syncOutcomes),
    attempts: z.number().int().min(0),
    nextAttemptAt: deadline.optional(),
    errorCode: z.string().optional(),
    errorMessage: z.string().optional(),
  }),
});

export type SyncOutcomeEvent = z.output<typeof syncOutcomeV1>;
