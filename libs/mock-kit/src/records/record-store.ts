import { Inject, Injectable } from '@nestjs/common';
import { MOCK_REGISTRY_OPTIONS, type MockRegistryOptions } from '../mock-registry.options';
import { RegistryStateService } from '../state/registry-state.service';

/** The registry's records: generated from the key, with the overrides put since the last reset. */
@Injectable()
export class RecordStore<TRecord, TPatch> {
  constructor(
    @Inject(RegistryStateService) private readonly state: RegistryStateService<TPatch>,
    @Inject(MOCK_REGISTRY_OPTIONS)
    private readonly options: Pick<MockRegistryOptions<TRecord, TPatch>, 'records'>,
  ) {}

  find(key: string): TRecord | undefined {
    const { records } = this.options;
    const generated = records.generate(key);
    if (generated === undefined) return undefined;
    return this.state
      .overridesOf(key)
      .reduce<TRecord>((record, patch) => records.applyPatch(record, patch), generated);
  }

  /** Returns the record after the patch, or undefined when no record has the key. */
  override(key: string, patch: TPatch): TRecord | undefined {
    const current = this.find(key);
    if (current === undefined) return undefined;
    // Validates the merged result before keeping the patch, so a bad patch changes nothing.
    const patched = this.options.records.applyPatch(current, patch);
    this.state.override(key, patch);
    return patched;
  }
}
