import { type DynamicModule, Module } from '@nestjs/common';
import { MockKitModule, type MockRuntime } from '@hub/mock-kit';
import { ResultsControlController } from './control/results-control.controller';
import type { MockResultsStoreConfig } from './mock-results-store.config';
import { HeldResults } from './results/held-results';
import { resultsStoreRegistry } from './results-store';
import { StoreApiController } from './store-api/store-api.controller';
import { StoreApiService } from './store-api/store-api.service';

@Module({})
export class MockResultsStoreModule {
  static forRoot(config: MockResultsStoreConfig, runtime: MockRuntime = {}): DynamicModule {
    // One instance shared by the kit's record routes, its reset and this app's services.
    const held = new HeldResults();
    return {
      module: MockResultsStoreModule,
      imports: [MockKitModule.forRegistry(resultsStoreRegistry(config, held), runtime)],
      controllers: [StoreApiController, ResultsControlController],
      providers: [{ provide: HeldResults, useValue: held }, StoreApiService],
    };
  }
}
