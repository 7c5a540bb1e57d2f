import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { EnterpriseStore } from '../enterprises/enterprise-store.service';
import type { EntCert, EntCertPatch } from '../enterprises/getentcert.wire';
import type { FaultConfig } from '../faults/fault-config';
import { FaultService } from '../faults/fault.service';
import { RegistryStateService } from '../state/registry-state.service';

/** Test and demo controls that span several services. */
@Injectable()
export class MockControlService {
  constructor(
    @Inject(FaultService) private readonly faults: FaultService,
    @Inject(RegistryStateService) private readonly state: RegistryStateService,
    @Inject(EnterpriseStore) private readonly enterprises: EnterpriseStore,
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

  overrideEnterprise(enterpriseCode: string, patch: EntCertPatch): EntCert | undefined {
    const patched = this.enterprises.override(enterpriseCode, patch);
    this.logger.event('info', 'enterprise overridden', {
      enterpriseCode,
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
