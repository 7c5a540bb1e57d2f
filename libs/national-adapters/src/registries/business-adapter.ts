import type { OnModuleDestroy } from '@nestjs/common';
import type { RegistryAdapterOptions } from './registry-options';
import type {
  EnterpriseRecord,
  RegistryBreakerState,
  RegistryLookupContext,
  RegistryLookupResult,
} from './registry-types';

/** What the hub depends on; `BusinessAdapter` is the real one, tests may fake it. */
export interface EnterpriseLookupPort {
  /** Resolves found / not-found; throws `RegistryError` for every other outcome. */
  lookupEnterprise(
    enterpriseCode: string,
    ctx: RegistryLookupContext,
  ): Promise<RegistryLookupResult<EnterpriseRecord>>;
  breakerState(): RegistryBreakerState;
  onBreakerChange(listener: (state: RegistryBreakerState) => void): () => void;
}

/** Looks enterprises up in the national business registration system. */
export class BusinessAdapter implements EnterpriseLookupPort, OnModuleDestroy {
  constructor(private readonly options: RegistryAdapterOptions) {}

  lookupEnterprise(
    enterpriseCode: string,
    ctx: RegistryLookupContext,
  ): Promise<RegistryLookupResult<EnterpriseRecord>> {
    void enterpriseCode;
    void ctx;
    return Promise.reject(new Error(`not implemented (${this.options.baseUrl})`));
  }

  breakerState(): RegistryBreakerState {
    return 'closed';
  }

  onBreakerChange(listener: (state: RegistryBreakerState) => void): () => void {
    void listener;
    return () => undefined;
  }

  close(): void {}

  onModuleDestroy(): void {
    this.close();
  }
}
