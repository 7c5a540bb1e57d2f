import { Inject, Injectable } from '@nestjs/common';
import { RegistryStateService } from '../state/registry-state.service';
import { type CongDan, type CongDanPatch, applyCongDanPatch } from './congdan.wire';
import { generateCitizen } from './citizen-generator';

/** The database's records: generated from the ID, with the overrides put since the last reset. */
@Injectable()
export class CitizenStore {
  constructor(@Inject(RegistryStateService) private readonly state: RegistryStateService) {}

  find(personalId: string): CongDan | undefined {
    const generated = generateCitizen(personalId);
    if (generated === undefined) return undefined;
    return this.state.overridesOf(personalId).reduce(applyCongDanPatch, generated);
  }

  /** Returns the record after the patch, or undefined when no citizen holds the ID. */
  override(personalId: string, patch: CongDanPatch): CongDan | undefined {
    const current = this.find(personalId);
    if (current === undefined) return undefined;
    // Validates the merged result before keeping the patch, so a bad patch changes nothing.
    const patched = applyCongDanPatch(current, patch);
    this.state.override(personalId, patch);
    return patched;
  }
}
