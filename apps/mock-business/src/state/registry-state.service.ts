import { Injectable } from '@nestjs/common';
import type { EntCertPatch } from '../enterprises/getentcert.wire';

export const LOOKUP_OUTCOMES = [
  'found',
  'not-found',
  'invalid',
  'not-licensed',
  'not-authorised',
  'faulted',
] as const;
export type LookupOutcome = (typeof LOOKUP_OUTCOMES)[number];

export interface BusinessStats {
  /** Every call of the lookup endpoint, faulted ones included. */
  lookups: number;
  byOutcome: Record<LookupOutcome, number>;
  /** Enterprises with an override in place. */
  overrides: number;
}

/** One served lookup as the mock's audit trail keeps it: enterprise codes are not personal data. */
export interface LookupRecord {
  at: string;
  requestId: string;
  officialCode: string;
  serviceCode: string;
  purpose: string;
  enterpriseCode: string;
  outcome: LookupOutcome;
}

const MAX_RECORDS = 1_000;

/** Record overrides, counters and the recent-lookup trail; all in memory. */
@Injectable()
export class RegistryStateService {
  private readonly overrides = new Map<string, EntCertPatch[]>();
  private readonly counts = zeroCounts();
  private total = 0;
  private records: LookupRecord[] = [];

  override(enterpriseCode: string, patch: EntCertPatch): void {
    const patches = this.overrides.get(enterpriseCode) ?? [];
    patches.push(patch);
    this.overrides.set(enterpriseCode, patches);
  }

  /** Patches in the order they were put; applied one after the other. */
  overridesOf(enterpriseCode: string): readonly EntCertPatch[] {
    return this.overrides.get(enterpriseCode) ?? [];
  }

  record(entry: LookupRecord): void {
    this.total += 1;
    this.counts[entry.outcome] += 1;
    this.records.push(entry);
    if (this.records.length > MAX_RECORDS) this.records = this.records.slice(-MAX_RECORDS);
  }

  recent(): LookupRecord[] {
    return [...this.records];
  }

  stats(): BusinessStats {
    return { lookups: this.total, byOutcome: { ...this.counts }, overrides: this.overrides.size };
  }

  reset(): void {
    this.overrides.clear();
    Object.assign(this.counts, zeroCounts());
    this.total = 0;
    this.records = [];
  }
}

function zeroCounts(): Record<LookupOutcome, number> {
  return Object.fromEntries(LOOKUP_OUTCOMES.map((o) => [o, 0])) as Record<LookupOutcome, number>;
}
