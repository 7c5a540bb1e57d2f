import 'reflect-metadata';
import type { z } from 'zod';
import { loadConfig } from '@hub/config';
import type {
  createdSubscriptionSchema,
  deliverySchema,
  subscriptionAuditEntrySchema,
  subscriptionSchema,
} from '@hub/contracts';
import { HubLogger, routeCoverageOf } from '@hub/observability';
import { webhooksConfigSpec } from './config';
import type { SubscriptionsController } from './http/subscriptions.controller';
import type { Delivery } from './subscriptions/delivery.repository';
import type { Subscription } from './subscriptions/subscription.repository';
import { WebhooksModule } from './webhooks.module';
import type { Json, Same } from '@hub/testing';

/** What a controller method's promise resolves to. */
type Result<K extends keyof SubscriptionsController> = SubscriptionsController[K] extends (
  ...args: never[]
) => Promise<infer R>
  ? R
  : never;

describe('webhooks HTTP API contract (contracts/openapi/webhooks.json)', () => {
  it('documents every route the app registers, and registers every documented route', async () => {
    const config = loadConfig(webhooksConfigSpec, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      KAFKA_BROKERS: '127.0.0.1:1',
      HUB_ADMIN_KEYS: 'admin:demo-admin-key',
    });
    const module = WebhooksModule.forRoot(config, HubLogger.for('webhooks', 'error'));
    expect(await routeCoverageOf(module, 'webhooks')).toEqual({
      undocumented: [],
      unimplemented: [],
    });
  });

  it('documents the response types the controller returns', () => {
    // Compile-time: `npm run typecheck` fails when a result type and its schema drift apart.
    const checks: true[] = [
      true satisfies Same<Json<Subscription>, z.output<typeof subscriptionSchema>>,
      true satisfies Same<Json<Result<'create'>>, z.output<typeof createdSubscriptionSchema>>,
      true satisfies Same<Json<Delivery>, z.output<typeof deliverySchema>>,
      true satisfies Same<
        Json<Result<'auditLog'>['items'][number]>,
        z.output<typeof subscriptionAuditEntrySchema>
      >,
    ];
    expect(checks).toHaveLength(4);
  });
});
