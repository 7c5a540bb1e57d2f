import { z } from 'zod';
import { loadConfig, variable, type ConfigOf } from '@hub/config';

const count = (min = 0) => z.coerce.number().int().min(min).optional();
const list = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of whole numbers, e.g. 100,250,500')
  .transform((s) => s.split(',').map(Number))
  .optional();

/**
 * Every knob of `npm run bench`, as BENCH_* variables or the matching --flag (the flag wins):
 * `--sustained-seconds 60` is BENCH_SUSTAINED_SECONDS=60. Unset knobs take the preset of the
 * run: the figures by default, a one-to-two-minute smoke run with --quick.
 */
export const benchConfigSpec = {
  BENCH_QUICK: variable(
    z.enum(['true', 'false', '1', '0']).optional(),
    'smoke-run preset (short phases, small backlog)',
  ),
  BENCH_SUSTAINED_SECONDS: variable(count(1), 'length of the sustained end-to-end phase'),
  BENCH_SUSTAINED_RATE: variable(count(1), 'events/s offered in the sustained phase (open loop)'),
  BENCH_BATCH_EVENTS: variable(count(5), 'events per gateway request in the sustained phase'),
  BENCH_LATENCY_SAMPLE_CASES: variable(
    count(1),
    'cases whose portal history is read back for end-to-end latency',
  ),
  BENCH_LOADS: variable(list, 'offered loads (events/s) for gateway acceptance latency'),
  BENCH_LOAD_SECONDS: variable(
    count(1),
    'length of each acceptance-latency level and of each saturation run (raw HTTP baseline, gateway alone)',
  ),
  BENCH_BACKLOG_EVENTS: variable(count(5), 'events accepted during the portal outage'),
  BENCH_PORTAL_LATENCY_MS: variable(count(0), 'mock portal answer time while the backlog drains'),
  BENCH_SYNC_REPLICAS: variable(
    count(1),
    'portal-sync replicas: every phase runs with one; with more, the backlog phase drains a second backlog with all of them',
  ),
  BENCH_RELAY_REPLICAS: variable(count(1), 'relay replicas'),
  BENCH_SYNC_CONCURRENCY: variable(
    count(1),
    "portal-sync's SYNC_CONCURRENCY (default: the app's own default)",
  ),
  BENCH_RAW_MESSAGES: variable(count(100), 'messages/rows for the raw Kafka and Postgres limits'),
  BENCH_DRAIN_TIMEOUT_SECONDS: variable(
    count(1),
    'longest wait for the portal to acknowledge everything after a phase',
  ),
  BENCH_PHASES: variable(
    z
      .string()
      .regex(
        /^(idle|raw|intake|latency|sustained|backlog)(,(idle|raw|intake|latency|sustained|backlog))*$/,
      )
      .optional(),
    'phases to run, comma-separated: idle (CPU of the idle hub, and how soon it picks up a lone event),raw,intake,latency,sustained,backlog (default: all)',
  ),
  BENCH_LOG_LEVEL: variable(
    z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).optional(),
    'LOG_LEVEL of the apps',
  ),
  BENCH_CPU_PROFILE_DIR: variable(
    z.string().min(1).optional(),
    'write a V8 CPU profile of every hub app here (node --cpu-prof; open in Chrome DevTools)',
  ),
  BENCH_OUT_DIR: variable(z.string().min(1).optional(), 'where results-<date>.json is written'),
  BENCH_DOC: variable(
    z.string().optional(),
    'markdown file regenerated from the results ("" or "none" to skip)',
  ),
  BENCH_MACHINE_NOTE: variable(
    z.string().optional(),
    'what the machine was doing, printed with the results (e.g. "quiet" or "shared, loaded")',
  ),
};

export type BenchPhase = 'idle' | 'raw' | 'intake' | 'latency' | 'sustained' | 'backlog';

export interface BenchSettings {
  quick: boolean;
  sustainedSeconds: number;
  sustainedRate: number;
  batchEvents: number;
  latencySampleCases: number;
  loads: number[];
  loadSeconds: number;
  backlogEvents: number;
  portalLatencyMs: number;
  syncReplicas: number;
  relayReplicas: number;
  syncConcurrency: number | undefined;
  rawMessages: number;
  drainTimeoutSeconds: number;
  phases: BenchPhase[];
  logLevel: string;
  cpuProfileDir: string | undefined;
  outDir: string;
  doc: string | undefined;
  machineNote: string;
}

type Preset = Omit<
  BenchSettings,
  'quick' | 'outDir' | 'doc' | 'machineNote' | 'syncConcurrency' | 'cpuProfileDir'
>;

/** The figures: 5 minutes sustained, a 100,000-event backlog, 20 ms portal answers. */
export const FULL_PRESET: Preset = {
  sustainedSeconds: 300,
  sustainedRate: 2000,
  batchEvents: 100,
  latencySampleCases: 2000,
  loads: [100, 250, 500],
  loadSeconds: 60,
  backlogEvents: 100_000,
  portalLatencyMs: 20,
  syncReplicas: 1,
  relayReplicas: 1,
  rawMessages: 100_000,
  drainTimeoutSeconds: 600,
  // Idle first, before any load: issue 17's idle-CPU target belongs in the same run as the rest.
  phases: ['idle', 'raw', 'intake', 'latency', 'sustained', 'backlog'],
  logLevel: 'info',
};

/** A smoke run: every phase, small enough for one to two minutes on a busy machine. */
export const QUICK_PRESET: Preset = {
  ...FULL_PRESET,
  sustainedSeconds: 20,
  sustainedRate: 200,
  latencySampleCases: 200,
  loads: [50, 100],
  loadSeconds: 8,
  backlogEvents: 2_000,
  rawMessages: 10_000,
  drainTimeoutSeconds: 120,
};

/** `--name value`, `--name=value` and bare `--flag` (true) → BENCH_NAME. */
export function flagsToVariables(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--'))
      throw new Error(`unexpected argument "${arg}" (flags start with --)`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    else value = 'true';
    out[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  }
  const known = new Set(Object.keys(benchConfigSpec));
  const unknown = Object.keys(out).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    const asFlags = (k: string) => `--${k.slice(6).toLowerCase().replace(/_/g, '-')}`;
    throw new Error(
      `unknown flag(s) ${unknown.map(asFlags).join(', ')}; known: ${[...known].map(asFlags).join(' ')}`,
    );
  }
  return out;
}

/** Preset ← BENCH_* environment ← flags. Every bad value is named at once. */
export function resolveBenchSettings(
  argv: readonly string[],
  fromEnvironment: Partial<ConfigOf<typeof benchConfigSpec>> = loadConfig(benchConfigSpec),
  defaultOutDir = 'docs/performance',
): BenchSettings {
  const fromFlags = loadConfig(benchConfigSpec, flagsToVariables(argv));
  const pick = <K extends keyof typeof benchConfigSpec>(
    key: K,
  ): ConfigOf<typeof benchConfigSpec>[K] | undefined => fromFlags[key] ?? fromEnvironment[key];
  const quickFlag = pick('BENCH_QUICK');
  const quick = quickFlag === 'true' || quickFlag === '1';
  const preset = quick ? QUICK_PRESET : FULL_PRESET;
  const doc = pick('BENCH_DOC');
  return {
    quick,
    sustainedSeconds: pick('BENCH_SUSTAINED_SECONDS') ?? preset.sustainedSeconds,
    sustainedRate: pick('BENCH_SUSTAINED_RATE') ?? preset.sustainedRate,
    batchEvents: pick('BENCH_BATCH_EVENTS') ?? preset.batchEvents,
    latencySampleCases: pick('BENCH_LATENCY_SAMPLE_CASES') ?? preset.latencySampleCases,
    loads: pick('BENCH_LOADS') ?? preset.loads,
    loadSeconds: pick('BENCH_LOAD_SECONDS') ?? preset.loadSeconds,
    backlogEvents: pick('BENCH_BACKLOG_EVENTS') ?? preset.backlogEvents,
    portalLatencyMs: pick('BENCH_PORTAL_LATENCY_MS') ?? preset.portalLatencyMs,
    syncReplicas: pick('BENCH_SYNC_REPLICAS') ?? preset.syncReplicas,
    relayReplicas: pick('BENCH_RELAY_REPLICAS') ?? preset.relayReplicas,
    syncConcurrency: pick('BENCH_SYNC_CONCURRENCY'),
    rawMessages: pick('BENCH_RAW_MESSAGES') ?? preset.rawMessages,
    drainTimeoutSeconds: pick('BENCH_DRAIN_TIMEOUT_SECONDS') ?? preset.drainTimeoutSeconds,
    phases: (pick('BENCH_PHASES')?.split(',') as BenchPhase[] | undefined) ?? preset.phases,
    logLevel: pick('BENCH_LOG_LEVEL') ?? preset.logLevel,
    cpuProfileDir: pick('BENCH_CPU_PROFILE_DIR'),
    outDir: pick('BENCH_OUT_DIR') ?? defaultOutDir,
    doc: doc === undefined ? 'docs/performance.md' : doc === '' || doc === 'none' ? undefined : doc,
    machineNote: pick('BENCH_MACHINE_NOTE') ?? 'not stated',
  };
}
