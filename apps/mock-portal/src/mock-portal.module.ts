import { type DynamicModule, Module } from '@nestjs/common';
import { type HubLogger, ObservabilityModule } from '@hub/observability';
import { PortalCatalog, catalogFileOf, loadPortalCatalog } from './catalog/catalog';
import { MockControlController } from './control/mock-control.controller';
import { MockControlService } from './control/mock-control.service';
import { DvcqgController } from './dvcqg/dvcqg.controller';
import { PortalApiService } from './dvcqg/portal-api.service';
import { FaultService } from './faults/fault.service';
import { MOCK_PORTAL_CONFIG, type MockPortalConfig } from './mock-portal.config';
import {
  CLOCK,
  type Clock,
  RANDOM,
  type RandomSource,
  SLEEP,
  type Sleep,
  realSleep,
  systemClock,
  systemRandom,
} from './runtime';
import { SessionService } from './sessions/session.service';
import { PortalStateService } from './state/portal-state.service';

export const SERVICE = 'mock-portal';

/** Overrides for specs: a pinned clock, a scripted random source, a quiet logger. */
export interface MockPortalRuntime {
  clock?: Clock;
  random?: RandomSource;
  sleep?: Sleep;
  logger?: HubLogger;
}

@Module({})
export class MockPortalModule {
  static forRoot(config: MockPortalConfig, runtime: MockPortalRuntime = {}): DynamicModule {
    // Read and checked before anything starts: a bad catalog file stops the mock with its reasons.
    const catalog = loadPortalCatalog(catalogFileOf(config.MOCK_PORTAL_CATALOG_FILE));
    return {
      module: MockPortalModule,
      imports: [ObservabilityModule.forRoot(SERVICE, runtime.logger)],
      controllers: [DvcqgController, MockControlController],
      providers: [
        { provide: MOCK_PORTAL_CONFIG, useValue: config },
        { provide: PortalCatalog, useValue: catalog },
        { provide: CLOCK, useValue: runtime.clock ?? systemClock },
        { provide: RANDOM, useValue: runtime.random ?? systemRandom },
        { provide: SLEEP, useValue: runtime.sleep ?? realSleep },
        PortalStateService,
        SessionService,
        FaultService,
        PortalApiService,
        MockControlService,
      ],
    };
  }
}
