import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyring } from './keyring';

/** Provides `ApiKeyGuard` over the keys of one `NAME:key,...` variable. */
@Module({})
export class ApiKeyAuthModule {
  static forKeys(spec: string, variable: string): DynamicModule {
    return {
      module: ApiKeyAuthModule,
      providers: [{ provide: ApiKeyring, useValue: ApiKeyring.parse(spec, variable) }, ApiKeyGuard],
      exports: [ApiKeyring, ApiKeyGuard],
    };
  }
}
