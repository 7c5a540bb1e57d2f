import type { ProcedureSyncCounts } from '../../insights/ops-insights.repository';
import { byWhatIsShort } from './get-procedure-breakdown.handler';

const row = (procedureCode: string | null, total: number, synced: number): ProcedureSyncCounts => ({
  procedureCode,
  department: 'STP',
  total,
  synced,
  pending: total - synced,
  retrying: 0,
  dead: 0,
  oldestUnsyncedSeconds: 0,
});

describe('byWhatIsShort', () => {
  it('puts the most unsynced first, then the lowest rate, and adds unsynced and rate', () => {
    const out = byWhatIsShort([
      row('1.000001', 100, 100),
      row('1.000002', 10, 5),
      row('1.000003', 100, 95),
      row(null, 4, 0),
    ]);
    expect(out.map((r) => [r.procedureCode, r.unsynced, r.syncRate])).toEqual([
      ['1.000002', 5, 0.5],
      ['1.000003', 5, 0.95],
      [null, 4, 0],
      ['1.000001', 0, 1],
    ]);
  });
});
