import { z } from 'zod';
import { caseCode, deadline, text, timestamp } from '../primitives';

export const CASE_STATUS_CHANGED = 'case.status-changed' as const;

/** The ten portal statuses, in the portal's order (codes 1..10). */
export const caseStatuses = [
  'registered',
  'accepted',
  'refused',
  'processing',
  'supplement_requested',
  'payment_requested',
  'withdrawn',
  'stopped',
  'processed',
  'result_returned',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseStatusChangedV1 = z.strictObject({
  caseCode,
  status: z.enum(caseStatuses),
  changedAt: timestamp,
  handledBy: z
    .strictObject({ official: text(200), title: text(200), unit: text(300) })
    .optional(),
  note: text(2000).optional(),
  newDueAt: deadline.optional(),
});

export type CaseStatusChangedV1 = z.output<typeof caseStatusChangedV1>;
