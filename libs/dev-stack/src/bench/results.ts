import type { BenchSettings } from './bench-config';
import type { AdapterCpuResult } from './adapter-cpu';
import type { IdleResult } from './idle';
import type { RawKafkaResult, RawPostgresResult } from './raw-limits';
import type { Distribution, Sample } from './stats';

/** The targets on a 2-core machine. */
export const TARGETS = {
  sustainedEventsPerSecond: 2000,
  acceptanceP99MsAt500: 50,
  drainPerReplicaEventsPerSecond: 1000,
  rssMbPerApp: 250,
  idleCores: 0.05,
  idleClaimP99Ms: 50,
} as const;

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
  raw?: { kafka: RawKafkaResult; postgres: RawPostgresResult; adapters?: AdapterCpuResult };
  /** The same levels with the downstream apps stopped: the gateway's own floor. */
  intake?: AcceptanceLevel[];
  acceptance?: AcceptanceLevel[];
  sustained?: SustainedResult;
  backlog?: BacklogResult;
  /** app (replica) → MB */
  memory: Record<string, { peakMb: number; rssMb: number }>;
  ratios: Record<string, number | null>;
  targets: Record<string, { target: string; measured: string; met: boolean | null }>;
  notes: string[];
}
