import { type DynamicModule, Module } from '@nestjs/common';
import { type HubLogger, ObservabilityModule } from '@hub/observability';
import { CitizenStore } from './citizens/citizen-store.service';
import { MockControlController } from './control/mock-control.controller';
import { MockControlService } from './control/mock-control.service';
import { FaultService } from './faults/fault.service';
import { LookupController } from './lookup/lookup.controller';
import { LookupService } from './lookup/lookup.service';
import { MOCK_POPULATION_CONFIG, type MockPopulationConfig } from './mock-population.config';
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

export const SERVICE = 'mock-population';

/** Overrides for specs: a pinned clock, a scripted random source, a quiet logger. */
export interface MockPopulationRuntime {
  clock?: Clock;
  random?: RandomSource;
  sleep?: Sleep;
  logger?: HubLogger;
}

@Module({})
export class MockPopulationModule {
  static forRoot(config: MockPopulationConfig, runtime: MockPopulationRuntime = {}): DynamicModule {
    return {
      module: MockPopulationModule,
      imports: [ObservabilityModule.forRoot(SERVICE, runtime.logger)],
      controllers: [LookupController, MockControlController],
      providers: [
        { provide: MOCK_POPULATION_CONFIG, useValue: config },
        { provide: CLOCK, useValue: runtime.clock ?? systemClock },
        { provide: RANDOM, useValue: runtime.random ?? systemRandom },
        { provide: SLEEP, useValue: runtime.sleep ?? realSleep },
        RegistryStateService,
        CitizenStore,
        FaultService,
        LookupService,
        MockControlService,
      ],
    };
  }
}
