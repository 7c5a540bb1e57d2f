import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { CitizenStore } from '../citizens/citizen-store.service';
import type { CongDan, CongDanPatch } from '../citizens/congdan.wire';
import type { FaultConfig } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import { maskPersonalId } from '../lookup/lookup.wire';
import { RegistryStateService } from '../state/registry-state.service';

/** Test and demo controls that span several services. */
@Injectable()
export class MockControlService {
  constructor(
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(RegistryStateService) private readonly state: RegistryStateService,
    @Inject(CitizenStore) private readonly citizens: CitizenStore,
    @Inject(HubLogger) private readonly logger: HubLogger,
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

  overrideCitizen(personalId: string, patch: CongDanPatch): CongDan | undefined {
    const patched = this.citizens.override(personalId, patch);
    this.logger.event('info', 'citizen overridden', {
      maskedPersonalId: maskPersonalId(personalId),
      fields: Object.keys(patch),
      applied: patched !== undefined,
    });
    return patched;
  }

  reset(): void {
    this.state.reset();
    this.faults.reset();
    this.logger.event('info', 'state reset');
  }
}
