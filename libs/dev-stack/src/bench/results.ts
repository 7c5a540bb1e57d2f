import type { BenchSettings } from './bench-config';
import type { AdapterCpuResult } from './adapter-cpu';
import type { IdleResult } from './idle';
import type { RawKafkaResult, RawPostgresResult } from './raw-limits';
import type { Distribution, Sample } from './stats';

/**
 * The targets, each a ratio to a raw limit measured on the same machine in the same run (absolute
 * rates on shared machines vary 2.5× between sessions), or a bound that does not scale with it.
 */
export const TARGETS = {
  /** sustained end-to-end delivered rate, as a share of the raw Postgres insert rate */
  sustainedShareOfPostgres: 0.05,
  sustainedSeconds: 300,
  sustainedP99Ms: 10_000,
  /** backlog drain per portal-sync replica, as a share of the raw Postgres insert rate */
  drainShareOfPostgresPerReplica: 0.1,
  drainEvents: 100_000,
  /** the gateway alone at saturation, as a share of the raw HTTP+insert baseline */
  gatewayShareOfRawHttp: 0.5,
  /** the whole hub's acceptance p99 at an offered load of this share of the raw HTTP baseline */
  acceptanceLoadShareOfRawHttp: 0.2,
  acceptanceP99Ms: 50,
  rssMbPerApp: 250,
  idleCores: 0.05,
  idleClaimP99Ms: 50,
} as const;

/** A closed-loop run: clients sending back to back, so the server answers as fast as it can. */
export interface SaturationResult {
  clients: number;
  seconds: number;
  requests: number;
  failures: number;
  statuses: Record<string, number>;
  /** 2xx answers per second */
  perSecond: number;
  latencyMs: Distribution;
  /** CPU milliseconds per request, by process */
  cpuMsPerRequest: Record<string, number>;
}

export interface AcceptanceLevel {
  offeredPerSecond: number;
  seconds: number;
  requests: number;
  failures: number;
  statuses: Record<string, number>;
  /** ms from when each single-event request was due to its 202 */
  latencyMs: Distribution;
  meanSendDelayMs: number;
  /** CPU milliseconds per request, by process, over the time the load was offered. */
  cpuMsPerRequest?: Record<string, number>;
  /** With the whole hub running: the portal acknowledged every event before the drain timeout. */
  allDelivered?: boolean;
}

export interface SustainedResult {
  offeredPerSecond: number;
  seconds: number;
  batchEvents: number;
  acceptedEvents: number;
  acceptedPerSecond: number;
  /** portal acknowledgements/s over the middle of the phase (first and last 10% cut off) */
  deliveredPerSecond: number;
  /** every accepted event reached the portal before the drain timeout */
  allDelivered: boolean;
  drainTailSeconds: number;
  /** gateway 202 → portal dossier write, sampled cases */
  endToEndMs: Distribution;
  acceptMs: Distribution;
  /** acknowledged events over time (s since start, events) for the chart */
  timeline: Sample[];
}

export interface BacklogResult {
  events: number;
  portalLatencyMs: number;
  syncReplicas: number;
  acceptSeconds: number;
  /** portal back up → first acknowledgement (breaker reset and wake-up) */
  recoverySeconds: number;
  drainSeconds: number;
  drainPerSecond: number;
  drainPerSecondPerReplica: number;
  allDelivered: boolean;
  /**
   * CPU milliseconds per drained event, by process (app, postgres, kafka), over the drain.
   * Postgres counts every backend, exited ones excepted: a process's time is read while it runs.
   */
  cpuMsPerEvent?: Record<string, number>;
  timeline: Sample[];
}

export interface BenchResults {
  tool: 'npm run bench';
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; note: string };
  infrastructure: { kafka: string; postgres: string };
  settings: BenchSettings;
  idle?: IdleResult;
  raw?: {
    kafka: RawKafkaResult;
    postgres: RawPostgresResult;
    adapters?: AdapterCpuResult;
    /** a bare node:http server answering 202 after a one-row insert, at saturation */
    http?: SaturationResult;
  };
  /** The same levels with the downstream apps stopped: the gateway's own floor. */
  intake?: AcceptanceLevel[];
  /** The gateway alone (downstream apps stopped) at saturation, one event per request. */
  intakeSaturation?: SaturationResult;
  acceptance?: AcceptanceLevel[];
  /** The whole hub at TARGETS.acceptanceLoadShareOfRawHttp of the raw HTTP baseline. */
  acceptanceAtBaselineShare?: AcceptanceLevel;
  sustained?: SustainedResult;
  /** With one portal-sync replica running (the others stopped): what the drain target judges. */
  backlog?: BacklogResult;
  /** The same backlog again with every portal-sync replica (`--sync-replicas` > 1). */
  backlogScaleOut?: BacklogResult;
  /** app (replica) → MB */
  memory: Record<string, { peakMb: number; rssMb: number }>;
  ratios: Record<string, number | null>;
  targets: Record<string, { target: string; measured: string; met: boolean | null }>;
  notes: string[];
}
