import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import type { FaultConfig } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import {
  MOCK_REGISTRY_OPTIONS,
  type MockRegistryOptions,
  shownSubject,
} from '../mock-registry.options';
import { RecordStore } from '../records/record-store';
import { RegistryStateService } from '../state/registry-state.service';

/** Test and demo controls that span several services. */
@Injectable()
export class MockControlService<TRecord = unknown, TPatch = unknown> {
  constructor(
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(RegistryStateService) private readonly state: RegistryStateService<TPatch>,
    @Inject(RecordStore) private readonly records: RecordStore<TRecord, TPatch>,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MOCK_REGISTRY_OPTIONS)
    private readonly options: Pick<
      MockRegistryOptions<TRecord, TPatch>,
      'subject' | 'records' | 'onReset'
    >,
  ) {}

  /** Replaces the whole fault config: a scenario states everything it wants, nothing lingers. */
  configureFaults(config: FaultConfig): FaultConfig {
    this.faults.replace(config);
    this.logger.event('info', 'faults configured', {
      mode: config.mode,
      unlicensedServiceCodes: config.unlicensedServiceCodes,
      unauthorisedOfficialCodes: config.unauthorisedOfficialCodes,
    });
    return this.faults.current();
  }

  overrideRecord(key: string, patch: TPatch): TRecord | undefined {
    const patched = this.records.override(key, patch);
    this.logger.event('info', this.options.records.overriddenEvent, {
      ...shownSubject(this.options, key),
      fields: Object.keys(patch as object),
      applied: patched !== undefined,
    });
    return patched;
  }

  reset(): void {
    this.state.reset();
    this.faults.reset();
    this.options.onReset?.();
    this.logger.event('info', 'state reset');
  }
}
