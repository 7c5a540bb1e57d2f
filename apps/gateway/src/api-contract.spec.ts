import 'reflect-metadata';
import type { z } from 'zod';
import { loadConfig } from '@hub/config';
import type {
  acceptedEventsSchema,
  reuseOverrideSchema,
  accessLogEntrySchema,
  adminAuditEntrySchema,
  caseViewSchema,
  departmentKeyViewSchema,
  issuedDepartmentKeySchema,
  prefillViewSchema,
  rotatedDepartmentKeySchema,
} from '@hub/contracts';
import { HubLogger, routeCoverageOf } from '@hub/observability';
import type { AccessLogEntry } from '@hub/registry-profiles';
import type { DepartmentKeyView } from './admin/department-key.view';
import { gatewayConfigSpec } from './config';
import { GatewayModule } from './gateway.module';
import type { AdminController } from './http/admin.controller';
import type { AcceptEventsOutcome } from './usecases/accept-events/accept-events.handler';
import type { CaseView } from './usecases/get-case/get-case.handler';
import type { AdminAuditView } from './usecases/list-admin-audit/list-admin-audit.handler';
import type { PrefillView } from './usecases/prefill/prefill.handler';
import type { ReuseOverride } from './catalog/reuse-override.repository';
import type { Json, Same } from '@hub/testing';

/** What a controller method's promise resolves to. */
type Result<K extends keyof AdminController> = AdminController[K] extends (
  ...args: never[]
) => Promise<infer R>
  ? R
  : never;

describe('gateway HTTP API contract (contracts/openapi/gateway.json)', () => {
  it('documents every route the app registers, and registers every documented route', async () => {
    const config = loadConfig(gatewayConfigSpec, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      KAFKA_BROKERS: '127.0.0.1:1',
      HUB_API_KEYS: 'STP:demo-key-stp',
      HUB_AUDITOR_KEYS: 'auditor:demo-auditor-key',
      PII_ENCRYPTION_KEY: 'KNxo2nucFREOwaSizzhKE6MujD58yWufNVyUQQTozlA=',
      PII_HASH_KEY: 'BMsz22w7dO1ZKNdlHWp2WHzFDx7PhOGDSDFh4ymITwU=',
      POPULATION_URL: 'http://127.0.0.1:1',
      BUSINESS_URL: 'http://127.0.0.1:1',
      RESULTS_STORE_URL: 'http://127.0.0.1:1',
    });
    const module = GatewayModule.forRoot(config, HubLogger.for('gateway', 'error'));
    expect(await routeCoverageOf(module, 'gateway')).toEqual({
      undocumented: [],
      unimplemented: [],
    });
  });

  it('documents the response types the controllers return', () => {
    // Compile-time: `npm run typecheck` fails when a handler's result and its schema drift apart.
    const checks: true[] = [
      true satisfies Same<CaseView, z.output<typeof caseViewSchema>>,
      true satisfies Same<
        Omit<Extract<AcceptEventsOutcome, { kind: 'accepted' }>, 'kind'>,
        z.output<typeof acceptedEventsSchema>
      >,
      true satisfies Same<PrefillView, z.output<typeof prefillViewSchema>>,
      true satisfies Same<AccessLogEntry, z.output<typeof accessLogEntrySchema>>,
      true satisfies Same<DepartmentKeyView, z.output<typeof departmentKeyViewSchema>>,
      true satisfies Same<Result<'create'>, z.output<typeof issuedDepartmentKeySchema>>,
      true satisfies Same<Result<'rotate'>, z.output<typeof rotatedDepartmentKeySchema>>,
      true satisfies Same<AdminAuditView, z.output<typeof adminAuditEntrySchema>>,
      true satisfies Same<Json<ReuseOverride>, z.output<typeof reuseOverrideSchema>>,
    ];
    expect(checks).toHaveLength(9);
  });
});
