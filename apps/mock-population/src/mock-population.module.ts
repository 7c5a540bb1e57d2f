import { type DynamicModule, Module } from '@nestjs/common';
import { MockKitModule, type MockRuntime } from '@hub/mock-kit';
import { LookupController } from './lookup/lookup.controller';
import { LookupService } from './lookup/lookup.service';
import type { MockPopulationConfig } from './mock-population.config';
import { populationRegistry } from './population-registry';

@Module({})
export class MockPopulationModule {
  static forRoot(config: MockPopulationConfig, runtime: MockRuntime = {}): DynamicModule {
    return {
      module: MockPopulationModule,
      imports: [MockKitModule.forRegistry(populationRegistry(config), runtime)],
      controllers: [LookupController],
      providers: [LookupService],
    };
  }
}
