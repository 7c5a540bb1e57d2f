import type { JsonSchema } from '../catalog/json-schema';
import { CONTRACTS_VERSION } from '../contracts-version';
import { commonRoutes } from './common';
import { gatewayApi } from './gateway.api';
import { opsApi } from './ops.api';
import { webhooksApi } from './webhooks.api';
import { openApiDocument } from './openapi';
import type { HttpApiContract } from './route-catalog';

const workerApi = (app: string, port: number, job: string): HttpApiContract => ({
  app,
  title: `Lienthong Hub ${app}`,
  description: `${job} Its HTTP API is operational only: health, metrics and these docs.`,
  port,
  routes: commonRoutes,
});

/**
 * Every hub app's HTTP API, one document each in contracts/openapi/<app>.json and served at
 * /docs. The mock national systems (apps/mock-*) are left out: their wire formats are the
 * national systems' own, described in each mock's README, not contracts the hub publishes; so
 * is apps/example-subscriber, an integrator's sample (its one route is the webhooks app's
 * outgoing delivery, described in docs/integrators.md).
 */
export const httpApis: Record<string, HttpApiContract> = {
  gateway: gatewayApi,
  relay: workerApi('relay', 3001, 'Publishes the transactional outbox to Kafka.'),
  'portal-sync': workerApi('portal-sync', 3002, 'Consumes hub.case-events.v1 and syncs every event to the national portal.'),
  ops: opsApi,
  'once-only': workerApi(
    'once-only',
    3004,
    'Consumes hub.case-events.v1: verifies applicants against the national population and business registries, keeps their verified profiles (encrypted) and registers issued results for reuse, announced on hub.profile-events.v1 through the outbox. Prefill and the access log are served by the gateway.',
  ),
  webhooks: webhooksApi,
};

/** The OpenAPI document an app serves at /docs/openapi.json (equal to contracts/openapi/<app>.json). */
export function openApiFor(app: string): JsonSchema | undefined {
  const api = httpApis[app];
  return api ? openApiDocument(api, { version: CONTRACTS_VERSION }) : undefined;
}
