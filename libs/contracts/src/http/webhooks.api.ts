import { z } from 'zod';
import { caseEventTypes } from '../envelope';
import { departmentCode } from '../primitives';
import { commonRoutes } from './common';
import type { HttpApiContract } from './route-catalog';

/** A webhook subscription as the admin API shows it (never its secret, except when created). */
export const subscriptionSchema = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()).describe('empty: every event type'),
  departments: z.array(z.string()).describe('empty: every department'),
  contentMode: z.enum(['structured', 'binary']),
  description: z.string().nullable(),
  state: z
    .enum(['active', 'paused', 'deleted'])
    .describe('deleted: receives nothing more; it, its deliveries and its audit log stay readable'),
  pausedReason: z.string().nullable(),
  pausedAt: z.string().nullable(),
  failingSince: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable().describe('when it was deleted (null unless state is deleted)'),
});

export const createdSubscriptionSchema = subscriptionSchema.extend({
  secret: z
    .string()
    .describe(
      'the signing secret, `whsec_` + base64 (the Standard Webhooks form: pass it to a Standard Webhooks library as is): shown only in this answer, store it now',
    ),
});

/** One event's delivery to one subscription. */
export const deliverySchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  caseCode: z.string(),
  sequence: z.number().int(),
  department: z.string(),
  state: z.enum(['pending', 'delivered', 'cancelled']),
  attempts: z.number().int(),
  redeliveries: z.number().int(),
  nextAttemptAt: z.string(),
  lastStatus: z.number().int().nullable().describe("the target's last HTTP status, null when it could not be reached"),
  lastError: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});

export const subscriptionAuditEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  detail: z.unknown(),
});

/** POST /v1/subscriptions (the same rules as apps/webhooks CreateSubscriptionCommand). */
export const createSubscriptionBodySchema = z.strictObject({
  url: z
    .string()
    .max(2000)
    .describe('where to POST the events: an allow-listed public https address (WEBHOOK_ALLOWED_TARGETS)'),
  eventTypes: z
    .array(z.enum(caseEventTypes as [string, ...string[]]))
    .max(caseEventTypes.length)
    .optional()
    .describe('only these event types (default every type)'),
  departments: z.array(departmentCode).max(100).optional().describe('only these departments (default every one)'),
  contentMode: z.enum(['structured', 'binary']).optional().describe('CloudEvents HTTP content mode (default structured)'),
  description: z.string().max(500).optional(),
});

const idParam = z.object({ id: z.string().describe('the subscription id') });
const notFound = { 404: 'SUBSCRIPTION_NOT_FOUND: no such subscription' };
const notFoundOrDeleted = {
  ...notFound,
  409: 'SUBSCRIPTION_DELETED: the subscription is deleted; it stays readable but cannot change',
};

export const webhooksApi: HttpApiContract = {
  app: 'webhooks',
  title: 'Lienthong Hub webhooks',
  description:
    'Admins subscribe HTTPS endpoints to hub.case-events.v1; the app delivers each matching event as a CloudEvent signed in the Standard Webhooks format (webhook-id, webhook-timestamp, webhook-signature), at least once, in order per case, retrying with backoff. docs/integrators.md explains the signature and the retries.',
  port: 3005,
  bearerDescription: 'an admin key (HUB_ADMIN_KEYS)',
  routes: [
    {
      method: 'post',
      path: '/v1/subscriptions',
      operationId: 'createSubscription',
      summary: 'Subscribe an endpoint (the signing secret is shown only in this answer)',
      tags: ['subscriptions'],
      security: 'bearer',
      requestBody: { description: 'the subscription', content: { 'application/json': createSubscriptionBodySchema } },
      responses: { 201: { description: 'created', content: { 'application/json': createdSubscriptionSchema } } },
      problems: {
        400: 'INVALID_SUBSCRIPTION (`errors` names every bad field), TARGET_NOT_ALLOWED (the url is not an allow-listed public address), or BAD_REQUEST (the body is not valid JSON)',
        413: 'PAYLOAD_TOO_LARGE: body over 100 kB',
      },
    },
    {
      method: 'get',
      path: '/v1/subscriptions',
      operationId: 'listSubscriptions',
      summary: 'Every subscription that is not deleted, oldest first (or those in one state)',
      tags: ['subscriptions'],
      security: 'bearer',
      query: z.object({
        state: z
          .enum(['active', 'paused', 'deleted'])
          .optional()
          .describe('only this state (default: active and paused; deleted ones only when asked)'),
      }),
      responses: {
        200: { description: 'the subscriptions', content: { 'application/json': z.object({ items: z.array(subscriptionSchema) }) } },
      },
      problems: { 400: 'INVALID_QUERY: an unknown state (`errors` names it)' },
    },
    {
      method: 'get',
      path: '/v1/subscriptions/{id}',
      operationId: 'getSubscription',
      summary: 'One subscription, a deleted one too (state deleted)',
      tags: ['subscriptions'],
      security: 'bearer',
      pathParams: idParam,
      responses: { 200: { description: 'the subscription', content: { 'application/json': subscriptionSchema } } },
      problems: notFound,
    },
    {
      method: 'delete',
      path: '/v1/subscriptions/{id}',
      operationId: 'deleteSubscription',
      summary: 'Delete a subscription: its open deliveries are cancelled, nothing more is delivered',
      description:
        'Deleted is a state: the subscription, its deliveries and its audit log stay readable (GET answers it with state deleted, the default list leaves it out). Deleting again answers 204 and changes nothing.',
      tags: ['subscriptions'],
      security: 'bearer',
      pathParams: idParam,
      responses: { 204: { description: 'deleted' } },
      problems: notFound,
    },
    {
      method: 'post',
      path: '/v1/subscriptions/{id}/pause',
      operationId: 'pauseSubscription',
      summary: 'Pause deliveries (events keep queueing for it)',
      tags: ['subscriptions'],
      security: 'bearer',
      pathParams: idParam,
      responses: { 201: { description: 'paused', content: { 'application/json': subscriptionSchema } } },
      problems: notFoundOrDeleted,
    },
    {
      method: 'post',
      path: '/v1/subscriptions/{id}/resume',
      operationId: 'resumeSubscription',
      summary: 'Resume deliveries (also after the hub paused a failing endpoint)',
      tags: ['subscriptions'],
      security: 'bearer',
      pathParams: idParam,
      responses: { 201: { description: 'active again', content: { 'application/json': subscriptionSchema } } },
      problems: notFoundOrDeleted,
    },
    {
      method: 'get',
      path: '/v1/subscriptions/{id}/deliveries',
      operationId: 'listDeliveries',
      summary: "A subscription's deliveries, newest first (a deleted subscription's too)",
      tags: ['deliveries'],
      security: 'bearer',
      pathParams: idParam,
      query: z.object({
        state: z.enum(['pending', 'delivered', 'cancelled']).optional().describe('only this state'),
        limit: z.coerce.number().int().min(0).max(1000).optional().describe('at most 1000 (default 100)'),
        offset: z.coerce.number().int().min(0).max(10_000_000).optional().describe('default 0'),
      }),
      responses: {
        200: {
          description: 'a page of deliveries',
          content: {
            'application/json': z.object({ items: z.array(deliverySchema), limit: z.number().int(), offset: z.number().int() }),
          },
        },
      },
      problems: { ...notFound, 400: 'INVALID_QUERY: a query parameter is unknown or out of range (`errors` names it)' },
    },
    {
      method: 'post',
      path: '/v1/subscriptions/{id}/deliveries/{deliveryId}/redeliver',
      operationId: 'redeliver',
      summary: 'Deliver one event again (e.g. after the endpoint lost it)',
      tags: ['deliveries'],
      security: 'bearer',
      pathParams: idParam.extend({ deliveryId: z.string().describe('the delivery id') }),
      responses: { 202: { description: 'scheduled', content: { 'application/json': deliverySchema } } },
      problems: {
        404: 'SUBSCRIPTION_NOT_FOUND, or DELIVERY_NOT_FOUND: not a delivery of this subscription',
        409: notFoundOrDeleted[409],
      },
    },
    {
      method: 'get',
      path: '/v1/subscriptions/{id}/audit',
      operationId: 'getSubscriptionAudit',
      summary: "Every admin change of a subscription, oldest first (a deleted subscription's too)",
      tags: ['subscriptions'],
      security: 'bearer',
      pathParams: idParam,
      responses: {
        200: { description: 'the audit log', content: { 'application/json': z.object({ items: z.array(subscriptionAuditEntrySchema) }) } },
      },
      problems: notFound,
    },
    ...commonRoutes,
  ],
};
