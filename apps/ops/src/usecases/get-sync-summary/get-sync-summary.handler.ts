import { Inject, Injectable } from '@nestjs/common';
import { type DepartmentSyncCounts, type SyncCounts, SyncStatusReader } from '@hub/read-models';

export interface SyncSummary extends SyncCounts {
  /** synced / total; 1 when nothing was accepted yet (nothing is missing). */
  syncRate: number;
  /** Cases waiting for a sequence number the hub never received. */
  heldCases: number;
  byDepartment: (DepartmentSyncCounts & { syncRate: number })[];
  generatedAt: string;
}

export const syncRate = (c: { total: number; synced: number }): number =>
  c.total === 0 ? 1 : c.synced / c.total;

@Injectable()
export class GetSyncSummaryHandler {
  constructor(@Inject(SyncStatusReader) private readonly status: SyncStatusReader) {}

  async execute(): Promise<SyncSummary> {
    const [{ all, byDepartment }, held] = await Promise.all([
      this.status.summary(),
      this.status.heldCaseCount(),
    ]);
    return {
      ...all,
      syncRate: syncRate(all),
      heldCases: held,
      byDepartment: byDepartment.map((d) => ({ ...d, syncRate: syncRate(d) })),
      generatedAt: new Date().toISOString(),
    };
  }
}
