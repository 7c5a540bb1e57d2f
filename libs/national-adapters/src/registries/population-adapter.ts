import type { OnModuleDestroy } from '@nestjs/common';
import type { RegistryAdapterOptions } from './registry-options';
import type {
  CitizenRecord,
  RegistryBreakerState,
  RegistryLookupContext,
  RegistryLookupResult,
} from './registry-types';

/** What the hub depends on; `PopulationAdapter` is the real one, tests may fake it. */
export interface CitizenLookupPort {
  /** Resolves found / not-found; throws `RegistryError` for every other outcome. */
  lookupCitizen(
    personalId: string,
    ctx: RegistryLookupContext,
  ): Promise<RegistryLookupResult<CitizenRecord>>;
  breakerState(): RegistryBreakerState;
  onBreakerChange(listener: (state: RegistryBreakerState) => void): () => void;
}

/** Looks citizens up in the national population database (CSDLQG về dân cư). */
export class PopulationAdapter implements CitizenLookupPort, OnModuleDestroy {
  constructor(private readonly options: RegistryAdapterOptions) {}

  lookupCitizen(
    personalId: string,
    ctx: RegistryLookupContext,
  ): Promise<RegistryLookupResult<CitizenRecord>> {
    void personalId;
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
