import { type DynamicModule, Module } from '@nestjs/common';
import { type HubLogger, ObservabilityModule } from '@hub/observability';
import { EnterpriseStore } from './enterprises/enterprise-store.service';
import { MockControlController } from './control/mock-control.controller';
import { MockControlService } from './control/mock-control.service';
import { FaultService } from './faults/fault.service';
import { LookupController } from './lookup/lookup.controller';
import { LookupService } from './lookup/lookup.service';
import { MOCK_BUSINESS_CONFIG, type MockBusinessConfig } from './mock-business.config';
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
import { RegistryStateService } from './state/registry-state.service';

export const SERVICE = 'mock-business';

/** Overrides for specs: a pinned clock, a scripted random source, a quiet logger. */
export interface MockBusinessRuntime {
  clock?: Clock;
  random?: RandomSource;
  sleep?: Sleep;
  logger?: HubLogger;
}

@Module({})
export class MockBusinessModule {
  static forRoot(config: MockBusinessConfig, runtime: MockBusinessRuntime = {}): DynamicModule {
    return {
      module: MockBusinessModule,
      imports: [ObservabilityModule.forRoot(SERVICE, runtime.logger)],
      controllers: [LookupController, MockControlController],
      providers: [
        { provide: MOCK_BUSINESS_CONFIG, useValue: config },
        { provide: CLOCK, useValue: runtime.clock ?? systemClock },
        { provide: RANDOM, useValue: runtime.random ?? systemRandom },
        { provide: SLEEP, useValue: runtime.sleep ?? realSleep },
        RegistryStateService,
        EnterpriseStore,
        FaultService,
        LookupService,
        MockControlService,
      ],
    };
  }
}
