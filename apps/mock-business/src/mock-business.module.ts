import { type DynamicModule, Module } from '@nestjs/common';
import { MockKitModule, type MockRuntime } from '@hub/mock-kit';
import { businessRegistry } from './business-registry';
import { LookupController } from './lookup/lookup.controller';
import { LookupService } from './lookup/lookup.service';
import type { MockBusinessConfig } from './mock-business.config';

@Module({})
export class MockBusinessModule {
  static forRoot(config: MockBusinessConfig, runtime: MockRuntime = {}): DynamicModule {
    return {
      module: MockBusinessModule,
      imports: [MockKitModule.forRegistry(businessRegistry(config), runtime)],
      controllers: [LookupController],
      providers: [LookupService],
    };
  }
}
