import { z } from 'zod';
import { caseCode, departmentCode, reportUnstorableStrings, timestamp } from './primitives';
import { CASE_RECEIVED, caseReceivedV1 } from './events/case-received.v1';
import { CASE_RESULT_ISSUED, caseResultIssuedV1 } from './events/case-result-issued.v1';
import { CASE_STATUS_CHANGED, caseStatusChangedV1 } from './events/case-status-changed.v1';
import { PAYMENT_COMPLETED, paymentCompletedV1 } from './events/payment-completed.v1';

export const SOURCE_PREFIX = '/departments/';
/**
 * The department whose case it is. Events the hub originates in a case (a payment the national
 * platform confirmed) carry the case's department too, and are told apart by `hubsequence`: the
 * released v1 schemas fix this pattern, and a subscriber routes by department.
 */
export const sourcePattern = /^\/departments\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;

/** The CloudEvents 1.0 attributes every case event carries. */
const envelopeAttributes = {
  specversion: z.literal('1.0', { message: 'must be "1.0"' }),
  id: z
    .string()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  source: z.string().regex(sourcePattern, 'must be /departments/<DEPARTMENT CODE>'),
  subject: caseCode,
  time: timestamp,
  datacontenttype: z.literal('application/json', { message: 'must be "application/json"' }).optional(),
  dataschema: z.url().optional(),
  /** Extension: orders the events of one case; 1 is the case.received event, then 2, 3, ... */
  sequence: z
    .number({ message: 'must be an integer ≥ 1' })
    .int('must be an integer ≥ 1')
    .min(1, 'must be an integer ≥ 1')
    .max(1_000_000, 'must be at most 1000000'),
  /**
   * Extension, only on events the hub originates (a department never sends it): the event's place
   * among the hub's events that follow the department's event `sequence` of the case (1, 2, ...).
   * A case's order is (`sequence`, `hubsequence`), a department's events counting as 0.
   */
  hubsequence: z
    .number({ message: 'must be an integer ≥ 1' })
    .int('must be an integer ≥ 1')
    .min(1, 'must be an integer ≥ 1')
    .max(1_000, 'must be at most 1000')
    .optional(),
  traceparent: z.string().max(100).optional(),
  tracestate: z.string().max(500).optional(),
};

function eventSchema<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.strictObject({
    ...envelopeAttributes,
    type: z.literal(type),
    data,
  });
}

export const eventSchemas = {
  [CASE_RECEIVED]: eventSchema(CASE_RECEIVED, caseReceivedV1),
  [CASE_STATUS_CHANGED]: eventSchema(CASE_STATUS_CHANGED, caseStatusChangedV1),
  [CASE_RESULT_ISSUED]: eventSchema(CASE_RESULT_ISSUED, caseResultIssuedV1),
  [PAYMENT_COMPLETED]: eventSchema(PAYMENT_COMPLETED, paymentCompletedV1),
} as const;

export const caseEventTypes = Object.keys(eventSchemas) as CaseEventType[];

/** The envelope alone (any known type, data unchecked): used to report envelope errors when `type` is unknown. */
export const envelopeOnly = z
  .strictObject({
    ...envelopeAttributes,
    type: z.enum(Object.keys(eventSchemas) as [CaseEventType, ...CaseEventType[]]),
    data: z.record(z.string(), z.unknown(), { message: 'must be a JSON object' }),
  })
  .superRefine(reportUnstorableStrings);
export type CaseEventType = keyof typeof eventSchemas;

export const caseEventV1 = z
  .discriminatedUnion(
    'type',
    [
      eventSchemas[CASE_RECEIVED],
      eventSchemas[CASE_STATUS_CHANGED],
      eventSchemas[CASE_RESULT_ISSUED],
      eventSchemas[PAYMENT_COMPLETED],
    ],
    { error: () => `must be one of ${Object.keys(eventSchemas).join(', ')}` },
  )
  .superRefine((event, ctx) => {
    reportUnstorableStrings(event, ctx);
    if (event.data.caseCode !== event.subject) {
      ctx.addIssue({ code: 'custom', path: ['data', 'caseCode'], message: 'must equal subject' });
    }
    // Sequence 1 opens the case; the portal cannot update a dossier it was never sent.
    if (event.type === CASE_RECEIVED && event.sequence !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['sequence'],
        message: 'must be 1 for case.received (it opens the case)',
      });
    }
    if (event.type === CASE_RECEIVED && event.hubsequence !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hubsequence'],
        message: 'must be absent on case.received (a department opens its case)',
      });
    }
    if (event.type !== CASE_RECEIVED && event.sequence === 1 && event.hubsequence === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['sequence'],
        message: 'must be at least 2: sequence 1 is the case.received event',
      });
    }
  });

/** The parsed (defaults applied) form of a case event. */
export type CaseEvent = z.output<typeof caseEventV1>;
/** What a department may send (defaults not yet applied). */
export type CaseEventInput = z.input<typeof caseEventV1>;
export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

export function departmentOfSource(source: string): string | undefined {
  return sourcePattern.exec(source)?.[1];
}

export const sourceOfDepartment = (department: string): string => `${SOURCE_PREFIX}${department}`;

/** Where an event stands in its case's order: (`sequence`, `hubsequence`), 0 for a department's. */
export function caseOrder(a: CaseEvent, b: CaseEvent): number {
  return a.sequence - b.sequence || (a.hubsequence ?? 0) - (b.hubsequence ?? 0);
}

export { departmentCode };
