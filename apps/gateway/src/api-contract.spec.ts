import 'reflect-metadata';
import type { z } from 'zod';
import { loadConfig } from '@hub/config';
import { type acceptedEventsSchema, type caseViewSchema } from '@hub/contracts';
import { HubLogger, routeCoverageOf } from '@hub/observability';
import { gatewayConfigSpec } from './config';
import { GatewayModule } from './gateway.module';
import type { CaseView } from './usecases/get-case/get-case.handler';
import type { AcceptEventsOutcome } from './usecases/accept-events/accept-events.handler';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('gateway HTTP API contract (contracts/openapi/gateway.json)', () => {
  it('documents every route the app registers, and registers every documented route', async () => {
    const config = loadConfig(gatewayConfigSpec, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      HUB_API_KEYS: 'STP:demo-key-stp',
    });
    const module = GatewayModule.forRoot(config, HubLogger.for('gateway', 'error'));
    expect(await routeCoverageOf(module, 'gateway')).toEqual({
      undocumented: [],
      unimplemented: [],
    });
  });

  it('documents the response types the controller returns', () => {
    // Compile-time: `npm run typecheck` fails when a handler's result and its schema drift apart.
    const caseView: Same<CaseView, z.output<typeof caseViewSchema>> = true;
    const accepted: Same<
      Omit<Extract<AcceptEventsOutcome, { kind: 'accepted' }>, 'kind'>,
      z.output<typeof acceptedEventsSchema>
    > = true;
    expect([caseView, accepted]).toEqual([true, true]);
  });
});
