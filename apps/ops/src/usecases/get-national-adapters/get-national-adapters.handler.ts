import { Inject, Injectable } from '@nestjs/common';
import {
  type BreakerState,
  type NationalAdapterInstanceState,
  NationalAdapterStateRepository,
} from '@hub/persistence';
import { OPS_CONFIG, type OpsConfig } from '../../config';

export type ShownBreakerState = BreakerState | 'unknown';

export interface NationalAdapterStatus {
  adapter: string;
  /** The worst state among processes that reported recently; unknown when none did. */
  state: ShownBreakerState;
  /** When the adapter entered that state (the earliest such report), null when unknown. */
  since: string | null;
  instances: {
    instance: string;
    service: string;
    state: ShownBreakerState;
    reportedState: BreakerState;
    changedAt: string;
    heartbeatAgeSeconds: number;
  }[];
}

/** Adapters the hub always has, shown (as unknown) even before any process reported them. */
export const EXPECTED_ADAPTERS = ['portal'] as const;

const severity: Record<ShownBreakerState, number> = {
  closed: 0,
  'half-open': 1,
  open: 2,
  unknown: -1,
};

/**
 * One line per adapter from per-process reports. A process silent for longer than
 * `staleSeconds` may be dead or cut off from Postgres: its last word is not trusted.
 */
export function summariseAdapters(
  rows: NationalAdapterInstanceState[],
  staleSeconds: number,
  expected: readonly string[] = EXPECTED_ADAPTERS,
): NationalAdapterStatus[] {
  const names = [...new Set([...expected, ...rows.map((r) => r.adapter)])].sort();
  return names.map((adapter) => {
    const instances = rows
      .filter((r) => r.adapter === adapter)
      .map((r): NationalAdapterStatus['instances'][number] => ({
        instance: r.instance,
        service: r.service,
        state: r.heartbeatAgeSeconds > staleSeconds ? 'unknown' : r.state,
        reportedState: r.state,
        changedAt: r.changedAt.toISOString(),
        heartbeatAgeSeconds: Math.max(0, Math.round(r.heartbeatAgeSeconds * 10) / 10),
      }));
    const live = instances.filter((i) => i.state !== 'unknown');
    if (live.length === 0) return { adapter, state: 'unknown', since: null, instances };
    const worst = live.reduce((a, b) => (severity[b.state] > severity[a.state] ? b : a));
    const since = live
      .filter((i) => i.state === worst.state)
      .map((i) => i.changedAt)
      .sort()[0];
    return { adapter, state: worst.state, since: since ?? null, instances };
  });
}

@Injectable()
export class GetNationalAdaptersHandler {
  constructor(
    @Inject(NationalAdapterStateRepository)
    private readonly states: NationalAdapterStateRepository,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
  ) {}

  async execute(): Promise<{ items: NationalAdapterStatus[]; staleAfterSeconds: number }> {
    const staleAfterSeconds = this.config.OPS_ADAPTER_STALE_MS / 1000;
    return {
      items: summariseAdapters(await this.states.list(), staleAfterSeconds),
      staleAfterSeconds,
    };
  }
}
