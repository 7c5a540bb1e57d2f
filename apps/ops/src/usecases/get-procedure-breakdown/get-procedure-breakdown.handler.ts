import { Inject, Injectable } from '@nestjs/common';
import {
  OpsInsightsRepository,
  type ProcedureSyncCounts,
} from '../../insights/ops-insights.repository';
import { syncRate } from '../get-sync-summary/get-sync-summary.handler';

export interface ProcedureSyncRow extends ProcedureSyncCounts {
  /** Accepted events not yet synced: how far this procedure is from 100%. */
  unsynced: number;
  syncRate: number;
}

/** Most unsynced first, then the lowest rate, then by code: what needs attention on top. */
export function byWhatIsShort(rows: ProcedureSyncCounts[]): ProcedureSyncRow[] {
  return rows
    .map((r) => ({ ...r, unsynced: r.total - r.synced, syncRate: syncRate(r) }))
    .sort(
      (a, b) =>
        b.unsynced - a.unsynced ||
        a.syncRate - b.syncRate ||
        (a.procedureCode ?? '').localeCompare(b.procedureCode ?? '') ||
        a.department.localeCompare(b.department),
    );
}

@Injectable()
export class GetProcedureBreakdownHandler {
  constructor(@Inject(OpsInsightsRepository) private readonly insights: OpsInsightsRepository) {}

  async execute(): Promise<{ items: ProcedureSyncRow[] }> {
    return { items: byWhatIsShort(await this.insights.byProcedure()) };
  }
}
