import { z } from 'zod';
import { commonRoutes } from './common';
import type { HttpApiContract } from './route-catalog';

const syncCounts = {
  total: z.number().int().describe('every accepted event'),
  synced: z.number().int(),
  pending: z.number().int().describe('including accepted events not yet turned into a sync job'),
  retrying: z.number().int(),
  dead: z.number().int(),
  oldestUnsyncedSeconds: z.number(),
};

export const syncSummarySchema = z.object({
  ...syncCounts,
  syncRate: z.number().min(0).max(1).describe('synced / total; 1 when nothing was accepted'),
  heldCases: z.number().int().describe('cases waiting for a sequence the hub never received'),
  byDepartment: z.array(z.object({ department: z.string(), ...syncCounts, syncRate: z.number().min(0).max(1) })),
  generatedAt: z.string(),
});

export const heldCaseSchema = z.object({
  caseCode: z.string(),
  department: z.string(),
  missingSequence: z.number().int().describe('the sequence the portal needs next and the hub has not received'),
  waiting: z.number().int(),
  oldestWaitingSeconds: z.number(),
});

export const deadLetterSchema = z.object({
  eventId: z.string(),
  caseCode: z.string(),
  department: z.string(),
  sequence: z.number().int(),
  eventType: z.string(),
  attempts: z.number().int(),
  errorCode: z.string().nullable().describe('e.g. PORTAL_REJECTED:<portal code>'),
  errorMessage: z.string().nullable(),
  deadAt: z.string().nullable(),
  acceptedAt: z.string(),
  waitingBehind: z.number().int().describe('later events of the same case waiting behind this one'),
});

const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(0).max(max).optional().describe(`at most ${max} (default ${fallback})`);

const badQuery = { 400: 'INVALID_QUERY: a query parameter is out of range (`errors` names it)' };

export const opsApi: HttpApiContract = {
  app: 'ops',
  title: 'Lienthong Hub operations API',
  description:
    'The 100% sync-rate target from the hub’s own rows: what is not synced yet, why and since when; held cases; dead letters and their replay.',
  port: 3003,
  bearerDescription: "an operator's key (HUB_OPS_KEYS)",
  routes: [
    {
      method: 'get',
      path: '/v1/sync/summary',
      operationId: 'getSyncSummary',
      summary: 'Sync rate and counts, overall and per department',
      tags: ['sync'],
      security: 'bearer',
      responses: { 200: { description: 'the summary', content: { 'application/json': syncSummarySchema } } },
    },
    {
      method: 'get',
      path: '/v1/sync/held-cases',
      operationId: 'getHeldCases',
      summary: 'Cases waiting for a sequence the hub never received',
      tags: ['sync'],
      security: 'bearer',
      query: z.object({ limit: limit(1000, 100) }),
      responses: {
        200: { description: 'held cases', content: { 'application/json': z.object({ items: z.array(heldCaseSchema) }) } },
      },
      problems: badQuery,
    },
    {
      method: 'get',
      path: '/v1/dead-letters',
      operationId: 'getDeadLetters',
      summary: 'Events the portal rejected for good',
      tags: ['dead letters'],
      security: 'bearer',
      query: z.object({
        department: z.string().optional().describe('only this department'),
        limit: limit(1000, 100),
        offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('default 0'),
      }),
      responses: {
        200: {
          description: 'a page of dead letters',
          content: {
            'application/json': z.object({
              items: z.array(deadLetterSchema),
              limit: z.number().int(),
              offset: z.number().int(),
            }),
          },
        },
      },
      problems: badQuery,
    },
    {
      method: 'post',
      path: '/v1/dead-letters/{eventId}/replay',
      operationId: 'replayDeadLetter',
      summary: 'Send a dead event (and the rest of its case) to the portal again',
      description: 'Under fresh idempotency keys; every replay is logged with the operator.',
      tags: ['dead letters'],
      security: 'bearer',
      pathParams: z.object({ eventId: z.string().describe('the CloudEvents id of the dead event') }),
      responses: {
        202: {
          description: 'replay scheduled',
          content: { 'application/json': z.object({ eventId: z.string(), status: z.literal('replayed') }) },
        },
      },
      problems: {
        404: 'DEAD_LETTER_NOT_FOUND: no sync job for this event',
        409: 'NOT_DEAD: the event is not a dead letter',
      },
    },
    ...commonRoutes,
  ],
};
