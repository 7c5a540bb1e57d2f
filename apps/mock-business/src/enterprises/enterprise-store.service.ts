import { Inject, Injectable } from '@nestjs/common';
import { RegistryStateService } from '../state/registry-state.service';
import { type EntCert, type EntCertPatch, applyEntCertPatch } from './getentcert.wire';
import { generateEnterprise } from './enterprise-generator';

/** The registry's records: generated from the code, with the overrides put since the last reset. */
@Injectable()
export class EnterpriseStore {
  constructor(@Inject(RegistryStateService) private readonly state: RegistryStateService) {}

  find(enterpriseCode: string): EntCert | undefined {
    const generated = generateEnterprise(enterpriseCode);
    if (generated === undefined) return undefined;
    return this.state.overridesOf(enterpriseCode).reduce(applyEntCertPatch, generated);
  }

  /** Returns the record after the patch, or undefined when no enterprise holds the code. */
  override(enterpriseCode: string, patch: EntCertPatch): EntCert | undefined {
    const current = this.find(enterpriseCode);
    if (current === undefined) return undefined;
    const patched = applyEntCertPatch(current, patch);
    this.state.override(enterpriseCode, patch);
    return patched;
  }
}
