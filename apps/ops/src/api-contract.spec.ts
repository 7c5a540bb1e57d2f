import 'reflect-metadata';
import type { z } from 'zod';
import { loadConfig } from '@hub/config';
import type { deadLetterSchema, heldCaseSchema, syncSummarySchema } from '@hub/contracts';
import { HubLogger, routeCoverageOf } from '@hub/observability';
import type { DeadLetter, HeldCase } from '@hub/persistence';
import { opsConfigSpec } from './config';
import { OpsModule } from './ops.module';
import type { SyncSummary } from './usecases/get-sync-summary/get-sync-summary.handler';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** What JSON.stringify makes of a value: dates become strings. */
type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

describe('ops HTTP API contract (contracts/openapi/ops.json)', () => {
  it('documents every route the app registers, and registers every documented route', async () => {
    const config = loadConfig(opsConfigSpec, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      HUB_OPS_KEYS: 'ops:demo-ops-key',
    });
    const module = OpsModule.forRoot(config, HubLogger.for('ops', 'error'));
    expect(await routeCoverageOf(module, 'ops')).toEqual({ undocumented: [], unimplemented: [] });
  });

  it('documents the response types the controller returns', () => {
    // Compile-time: `npm run typecheck` fails when a result type and its schema drift apart.
    const checks: true[] = [
      true satisfies Same<Json<SyncSummary>, z.output<typeof syncSummarySchema>>,
      true satisfies Same<Json<HeldCase>, z.output<typeof heldCaseSchema>>,
      true satisfies Same<Json<DeadLetter>, z.output<typeof deadLetterSchema>>,
    ];
    expect(checks).toEqual([true, true, true]);
  });
});
