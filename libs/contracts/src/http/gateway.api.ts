import { z } from 'zod';
import { type CaseEventType, eventSchemas } from '../envelope';
import { CASE_CODE_PATTERN } from '../primitives';
import { commonRoutes } from './common';
import { type HttpApiContract, componentRef } from './route-catalog';

/** The gateway's answer to accepted events (202). */
export const acceptedEventsSchema = z.object({
  accepted: z.number().int().min(0).describe('events stored now'),
  duplicates: z.number().int().min(0).describe('events already stored with the same id and content'),
  results: z.array(
    z.object({ id: z.string(), status: z.enum(['accepted', 'duplicate']) }),
  ).describe('one per event, in request order'),
});

const syncStates = ['pending', 'retrying', 'synced', 'dead'] as const;

/** A case as its department sees it (GET /v1/cases/{caseCode}). */
export const caseViewSchema = z.object({
  caseCode: z.string(),
  department: z.string(),
  status: z.string().nullable().describe('the latest status the hub knows, null before any'),
  lastSequence: z.number().int(),
  sync: z.object({ total: z.number().int(), synced: z.number().int() }),
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      sequence: z.number().int(),
      time: z.string().describe('the event time (UTC)'),
      acceptedAt: z.string().describe('when the gateway committed it (UTC)'),
      sync: z.object({
        state: z.enum(syncStates),
        attempts: z.number().int(),
        lastError: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
        syncedAt: z.string().nullable(),
        nextAttemptAt: z.string().nullable(),
      }),
    }),
  ),
});

const eventTypes = Object.keys(eventSchemas) as CaseEventType[];
const oneEvent = { oneOf: eventTypes.map((t) => componentRef(t).json) };
const batch = { type: 'array', items: oneEvent, minItems: 1, maxItems: 500 };

const gatewayProblems = {
  400: 'MALFORMED_JSON (the body is not JSON) or INVALID_EVENT (an event breaks the contract); `errors` names every bad field with its event `index`',
  403: 'FORBIDDEN_SOURCE: `source` (or the case) belongs to another department',
  409: "ID_CONFLICT: an `id` re-used with different content, or a case's `sequence` already taken",
  413: 'PAYLOAD_TOO_LARGE: body over 1 MiB or batch over MAX_BATCH_EVENTS (500)',
  415: 'UNSUPPORTED_MEDIA_TYPE: any other content type',
  503: 'UNAVAILABLE: Postgres cannot be reached; send the same request again after Retry-After',
};

export const gatewayApi: HttpApiContract = {
  app: 'gateway',
  title: 'Lienthong Hub gateway',
  description:
    'Departments send case events (CloudEvents 1.0, structured JSON) and read where their cases stand. A 202 is sent only after the events are committed. Errors are application/problem+json naming every bad field.',
  port: 3000,
  bearerDescription: "a department's key (HUB_API_KEYS); it may only send events whose source is /departments/<its department>",
  components: Object.fromEntries(eventTypes.map((t) => [t, eventSchemas[t]])),
  routes: [
    {
      method: 'post',
      path: '/v1/events',
      operationId: 'acceptEvents',
      summary: 'Send one case event or a batch (all-or-nothing)',
      description:
        'Re-sending an id with the same content is a `duplicate` with no second effect, so after a network error just send again. Rules beyond the schemas: data.caseCode equals subject; sequence is 1 for case.received and 2, 3, … without gaps per case; payment fees add up to amount.',
      tags: ['events'],
      security: 'bearer',
      requestBody: {
        description: 'One event, or a JSON array of at most 500 events (body at most 1 MiB)',
        content: {
          'application/cloudevents+json': { json: oneEvent },
          'application/cloudevents-batch+json': { json: batch },
          'application/json': { json: { oneOf: [oneEvent, batch] } },
        },
      },
      responses: {
        202: { description: 'every event is stored (or was already)', content: { 'application/json': acceptedEventsSchema } },
      },
      problems: gatewayProblems,
    },
    {
      method: 'get',
      path: '/v1/cases/{caseCode}',
      operationId: 'getCase',
      summary: "A case's status and each event's way to the national portal",
      tags: ['cases'],
      security: 'bearer',
      pathParams: z.object({
        caseCode: z.string().regex(CASE_CODE_PATTERN).describe('the case code (mã hồ sơ), e.g. 000.00.01.H26-260312-00042'),
      }),
      responses: { 200: { description: 'the case', content: { 'application/json': caseViewSchema } } },
      problems: {
        400: 'INVALID_EVENT: the case code is malformed',
        404: 'CASE_NOT_FOUND: no such case of your department',
      },
    },
    ...commonRoutes,
  ],
};
