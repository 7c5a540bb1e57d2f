import { Inject, Injectable } from '@nestjs/common';
import {
  type DepartmentSyncCounts,
  PortalSyncJobRepository,
  type SyncCounts,
} from '@hub/persistence';

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
  constructor(@Inject(PortalSyncJobRepository) private readonly jobs: PortalSyncJobRepository) {}

  async execute(): Promise<SyncSummary> {
    const [{ all, byDepartment }, held] = await Promise.all([
      this.jobs.summary(),
      this.jobs.heldCases(1000),
    ]);
    return {
      ...all,
      syncRate: syncRate(all),
      heldCases: held.length,
      byDepartment: byDepartment.map((d) => ({ ...d, syncRate: syncRate(d) })),
      generatedAt: new Date().toISOString(),
    };
  }
}
