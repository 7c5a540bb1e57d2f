import { Inject, Injectable } from '@nestjs/common';
import { ProcedureCatalogReader } from '@hub/read-models';
import {
  OpsInsightsRepository,
  type ProcedureSyncCounts,
} from '../../insights/ops-insights.repository';
import { withProcedureNames, type WithProcedureName } from '../../procedure-names';
import { syncRate } from '../get-sync-summary/get-sync-summary.handler';

export interface ProcedureSyncCountsWithRate extends ProcedureSyncCounts {
  /** Accepted events not yet synced: how far this procedure is from 100%. */
  unsynced: number;
  syncRate: number;
}

export type ProcedureSyncRow = WithProcedureName<ProcedureSyncCountsWithRate>;

/** Most unsynced first, then the lowest rate, then by code: what needs attention on top. */
export function byWhatIsShort(rows: ProcedureSyncCounts[]): ProcedureSyncCountsWithRate[] {
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
  constructor(
    @Inject(OpsInsightsRepository) private readonly insights: OpsInsightsRepository,
    @Inject(ProcedureCatalogReader) private readonly catalog: Pick<ProcedureCatalogReader, 'names'>,
  ) {}

  async execute(): Promise<{ items: ProcedureSyncRow[] }> {
    const rows = byWhatIsShort(await this.insights.byProcedure());
    return { items: await withProcedureNames(this.catalog, rows) };
  }
}
