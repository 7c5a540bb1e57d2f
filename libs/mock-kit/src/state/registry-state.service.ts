import { Inject, Injectable } from '@nestjs/common';
import type { LookupOutcome } from '../lookups/lookup-outcome';
import { MOCK_REGISTRY_OPTIONS, type MockRegistryOptions } from '../mock-registry.options';

export interface RegistryStats {
  /** Every call of the lookup endpoint, faulted ones included. */
  lookups: number;
  byOutcome: Partial<Record<LookupOutcome, number>>;
  /** Records with an override in place. */
  overrides: number;
}

/**
 * One served lookup as the mock's audit trail keeps it. The key is kept under the registry's
 * `subject.recordedAs` name (`maskedPersonalId`, `enterpriseCode`), never a personal ID in clear.
 */
export interface LookupRecord {
  at: string;
  requestId: string;
  officialCode: string;
  serviceCode: string;
  purpose: string;
  outcome: LookupOutcome;
  [subject: string]: string;
}

const MAX_RECORDS = 1_000;

/** Record overrides, counters and the recent-lookup trail; all in memory. */
@Injectable()
export class RegistryStateService<TPatch = unknown> {
  private readonly overrides = new Map<string, TPatch[]>();
  private readonly outcomes: readonly LookupOutcome[];
  private counts: Partial<Record<LookupOutcome, number>>;
  private total = 0;
  private records: LookupRecord[] = [];

  constructor(
    @Inject(MOCK_REGISTRY_OPTIONS) options: Pick<MockRegistryOptions<unknown, TPatch>, 'outcomes'>,
  ) {
    this.outcomes = [...options.outcomes];
    this.counts = this.zeroCounts();
  }

  override(key: string, patch: TPatch): void {
    const patches = this.overrides.get(key) ?? [];
    patches.push(patch);
    this.overrides.set(key, patches);
  }

  /** Patches in the order they were put; applied one after the other. */
  overridesOf(key: string): readonly TPatch[] {
    return this.overrides.get(key) ?? [];
  }

  record(entry: LookupRecord): void {
    this.total += 1;
    this.counts[entry.outcome] = (this.counts[entry.outcome] ?? 0) + 1;
    this.records.push(entry);
    if (this.records.length > MAX_RECORDS) this.records = this.records.slice(-MAX_RECORDS);
  }

  recent(): LookupRecord[] {
    return [...this.records];
  }

  stats(): RegistryStats {
    return { lookups: this.total, byOutcome: { ...this.counts }, overrides: this.overrides.size };
  }

  reset(): void {
    this.overrides.clear();
    this.counts = this.zeroCounts();
    this.total = 0;
    this.records = [];
  }

  private zeroCounts(): Partial<Record<LookupOutcome, number>> {
    return Object.fromEntries(this.outcomes.map((o) => [o, 0]));
  }
}
