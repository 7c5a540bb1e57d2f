import { type DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@hub/observability';
import { MockControlController, recordControlController } from './control/mock-control.controller';
import { MockControlService } from './control/mock-control.service';
import { FaultService } from './faults/fault.service';
import { LookupRecorder } from './lookups/lookup-recorder';
import { MOCK_REGISTRY_OPTIONS, type MockRegistryOptions } from './mock-registry.options';
import { RecordStore } from './records/record-store';
import {
  CLOCK,
  type MockRuntime,
  RANDOM,
  SLEEP,
  realSleep,
  systemClock,
  systemRandom,
} from './runtime';
import { RegistryStateService } from './state/registry-state.service';

/**
 * Everything a national-registry mock has besides its wire format and its data: health, metrics
 * and logs, injected faults, licensing lists, record overrides, the lookup trail and counters,
 * and the `/__mock` control surface. The mock's own module imports it and adds its lookup.
 */
@Module({})
export class MockKitModule {
  static forRegistry<TRecord, TPatch>(
    options: MockRegistryOptions<TRecord, TPatch>,
    runtime: MockRuntime = {},
  ): DynamicModule {
    return {
      module: MockKitModule,
      imports: [ObservabilityModule.forRoot(options.service, runtime.logger)],
      controllers: [MockControlController, recordControlController(options.records)],
      providers: [
        { provide: MOCK_REGISTRY_OPTIONS, useValue: options },
        { provide: CLOCK, useValue: runtime.clock ?? systemClock },
        { provide: RANDOM, useValue: runtime.random ?? systemRandom },
        { provide: SLEEP, useValue: runtime.sleep ?? realSleep },
        RegistryStateService,
        RecordStore,
        FaultService,
        LookupRecorder,
        MockControlService,
      ],
      exports: [CLOCK, RANDOM, SLEEP, RecordStore, FaultService, LookupRecorder],
    };
  }
}
