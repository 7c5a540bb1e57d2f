import { Inject, Injectable } from '@nestjs/common';
import {
  OpsInsightsRepository,
  type SyncSample,
  type ThroughputMinute,
} from '../../insights/ops-insights.repository';
import { syncRate } from '../get-sync-summary/get-sync-summary.handler';

export interface SyncHistoryPoint {
  at: string;
  syncRate: number;
  total: number;
  synced: number;
  /** Accepted events not synced (pending + retrying + dead). */
  backlog: number;
  dead: number;
  oldestUnsyncedSeconds: number;
  outboxBacklog: number;
}

export interface SyncHistory {
  minutes: number;
  samples: SyncHistoryPoint[];
  /** One entry per minute of the window, zero-filled, oldest first. */
  throughput: { minute: string; accepted: number; synced: number }[];
}

export function historyPoints(samples: SyncSample[]): SyncHistoryPoint[] {
  return samples.map((s) => ({
    at: s.sampledAt.toISOString(),
    syncRate: syncRate(s),
    total: s.total,
    synced: s.synced,
    backlog: s.total - s.synced,
    dead: s.dead,
    oldestUnsyncedSeconds: s.oldestUnsyncedSeconds,
    outboxBacklog: s.outboxBacklog,
  }));
}

/** Every minute from `minutes - 1` minutes before `now`'s minute to `now`'s, with zeros where nothing happened. */
export function fillMinutes(
  rows: ThroughputMinute[],
  minutes: number,
  now: Date,
): SyncHistory['throughput'] {
  const byMinute = new Map(rows.map((r) => [r.minute.getTime(), r]));
  const last = Math.floor(now.getTime() / 60_000) * 60_000;
  const out: SyncHistory['throughput'] = [];
  for (let t = last - (minutes - 1) * 60_000; t <= last; t += 60_000) {
    const r = byMinute.get(t);
    out.push({
      minute: new Date(t).toISOString(),
      accepted: r?.accepted ?? 0,
      synced: r?.synced ?? 0,
    });
  }
  return out;
}

@Injectable()
export class GetSyncHistoryHandler {
  constructor(@Inject(OpsInsightsRepository) private readonly insights: OpsInsightsRepository) {}

  async execute(minutes: number): Promise<SyncHistory> {
    const [samples, throughput] = await Promise.all([
      this.insights.samples(minutes),
      this.insights.throughput(minutes),
    ]);
    return {
      minutes,
      samples: historyPoints(samples),
      throughput: fillMinutes(throughput, minutes, new Date()),
    };
  }
}
