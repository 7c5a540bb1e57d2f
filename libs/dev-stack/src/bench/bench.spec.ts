import { FULL_PRESET, QUICK_PRESET, flagsToVariables, resolveBenchSettings } from './bench-config';
import {
  closedLoop,
  commandOfStat,
  cpuSecondsFromStat,
  cpuUsedBetween,
  metricSum,
  reapedCpuSecondsFromStat,
  type ProcessCpu,
} from './http-load';
import { asciiBars, renderMarkdown } from './report';
import type { AcceptanceLevel, BacklogResult, BenchResults, SaturationResult } from './results';
import { score } from './score';
import { benchDay, distribution, percentile, rateBetween, ratio } from './stats';

/** A drained backlog of `events` at `drainPerSecond` in all; the rest as `fields` say. */
function drainResult(drainPerSecond: number, fields: Partial<BacklogResult> = {}): BacklogResult {
  const events = fields.events ?? 1000;
  const syncReplicas = fields.syncReplicas ?? 1;
  return {
    events,
    portalLatencyMs: 20,
    syncReplicas,
    acceptSeconds: 1,
    recoverySeconds: 1,
    drainSeconds: events / drainPerSecond,
    drainPerSecond,
    drainPerSecondPerReplica: drainPerSecond / syncReplicas,
    allDelivered: true,
    timeline: [],
    ...fields,
  };
}

/** An acceptance level of `requests` one-event requests, all 202, with the given p99. */
function acceptanceLevel(
  offeredPerSecond: number,
  seconds: number,
  p99: number,
  fields: Partial<AcceptanceLevel> = {},
): AcceptanceLevel {
  const requests = offeredPerSecond * seconds;
  return {
    offeredPerSecond,
    seconds,
    requests,
    failures: 0,
    statuses: { '202': requests },
    latencyMs: { count: requests, mean: 10, p50: 5, p95: 20, p99, max: 90 },
    meanSendDelayMs: 0.5,
    ...fields,
  };
}

describe('bench settings', () => {
  it('maps --flag value, --flag=value and bare --flag onto BENCH_* variables', () => {
    expect(flagsToVariables(['--quick', '--loads', '10,20', '--sustained-seconds=5'])).toEqual({
      BENCH_QUICK: 'true',
      BENCH_LOADS: '10,20',
      BENCH_SUSTAINED_SECONDS: '5',
    });
  });

  it('names an unknown flag', () => {
    expect(() => flagsToVariables(['--sustained-secs', '5'])).toThrow(/--sustained-secs/);
  });

  it('uses the issue figures by default and a short preset with --quick; flags beat the environment', () => {
    expect(resolveBenchSettings([], {})).toMatchObject({
      quick: false,
      sustainedSeconds: FULL_PRESET.sustainedSeconds,
      backlogEvents: 100_000,
      portalLatencyMs: 20,
      doc: 'docs/performance.md',
    });
    expect(resolveBenchSettings(['--quick'], {})).toMatchObject({
      quick: true,
      sustainedSeconds: QUICK_PRESET.sustainedSeconds,
    });
    expect(resolveBenchSettings([], {}).phases).toEqual([
      'idle',
      'raw',
      'intake',
      'latency',
      'sustained',
      'backlog',
    ]);
    expect(resolveBenchSettings(['--phases', 'intake,latency'], {}).phases).toEqual([
      'intake',
      'latency',
    ]);
    // The idle hub's CPU and pick-up time, alone or with another phase.
    expect(resolveBenchSettings(['--phases', 'idle,latency'], {}).phases).toEqual([
      'idle',
      'latency',
    ]);
    const fromEnv = { BENCH_SUSTAINED_SECONDS: 7, BENCH_BACKLOG_EVENTS: 50 };
    expect(
      resolveBenchSettings(['--sustained-seconds', '9', '--doc', 'none'], fromEnv),
    ).toMatchObject({
      sustainedSeconds: 9,
      backlogEvents: 50,
      doc: undefined,
    });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => resolveBenchSettings(['--loads', 'fast'], {})).toThrow(/BENCH_LOADS/);
  });
});

describe('bench arithmetic', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(distribution([3, 1, 2])).toMatchObject({ count: 3, p50: 2, max: 3, mean: 2 });
  });

  it('reads a rate between two times of a growing counter', () => {
    const samples = [
      { t: 0, value: 0 },
      { t: 1000, value: 100 },
      { t: 2000, value: 300 },
    ];
    expect(rateBetween(samples, 0, 2000)).toBe(150);
    expect(rateBetween(samples, 1000, 1500)).toBe(200);
  });

  it('gives ratios only against a positive raw limit', () => {
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(50, Number.NaN)).toBeNull();
  });

  it('makes distinct valid days for case codes', () => {
    expect(benchDay(0)).toBe('270101');
    expect(benchDay(31)).toBe('270201');
  });

  it('sums a counter over its label sets from /metrics text', () => {
    const text = '# HELP x\nhub_x_total{a="1"} 3\nhub_x_total{a="2"} 4\nhub_x_totalish 9\n';
    expect(metricSum(text, 'hub_x_total')).toBe(7);
  });
});

describe('bench report', () => {
  const results = {
    tool: 'npm run bench',
    command: 'npm run bench -- --quick',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:02:00Z',
    machine: { cpus: 2, cpuModel: 'x', memoryGb: 4, node: 'v20', note: 'shared, loaded' },
    infrastructure: { kafka: 'kcat-mock', postgres: 'local' },
    settings: resolveBenchSettings(['--quick'], {}),
    memory: { gateway: { peakMb: 120, rssMb: 110 } },
    ratios: { sustainedDeliveredToKafka: 0.5 },
    targets: { rss: { target: '≤ 250 MB', measured: '120 MB', met: null } },
    notes: [],
  } satisfies BenchResults;

  it('warns that a quick or loaded run is not the hub’s performance, and shows the command', () => {
    const md = renderMarkdown(results, 'performance/r.json', 'performance/t.svg');
    expect(md).toContain("**These numbers are not the hub's performance.**");
    expect(md).toContain('`npm run bench -- --quick`');
    expect(md).toContain('| ≤ 250 MB | 120 MB | not judged |');
  });

  it('does not take "load" in a quiet machine\'s note for a loaded machine', () => {
    const quiet = {
      ...results,
      settings: resolveBenchSettings([], {}),
      machine: { ...results.machine, note: 'quiet 2-core VM; 30 s load levels' },
    };
    const md = renderMarkdown(quiet, 'performance/r.json', 'performance/t.svg');
    expect(md).not.toContain("**These numbers are not the hub's performance.**");
  });

  it('draws bars proportional to the values', () => {
    const bars = asciiBars(
      [
        { label: 'a', value: 10, unit: 'MB' },
        { label: 'b', value: 5, unit: 'MB' },
      ],
      10,
    ).split('\n');
    expect(bars[0]).toContain('█'.repeat(10));
    expect(bars[1]).toContain(`|${'█'.repeat(5)}${' '.repeat(5)}|`);
  });

  it('shows the gateway alone beside the full hub, with CPU per request', () => {
    const level = (p99: number, cpu: Record<string, number>) =>
      acceptanceLevel(500, 60, p99, { cpuMsPerRequest: cpu });
    const md = renderMarkdown(
      {
        ...results,
        intake: [level(40, { gateway: 1.25, postgres: 1.5 })],
        acceptance: [level(900, { gateway: 1.5, postgres: 3, relay: 0.5 })],
      },
      'performance/r.json',
      'performance/t.svg',
    );
    const alone = md.indexOf('## The gateway alone');
    const full = md.indexOf('## Gateway acceptance latency');
    expect(alone).toBeGreaterThan(0);
    expect(full).toBeGreaterThan(alone);
    expect(md.slice(alone, full)).toContain(
      '| 500 | 30000 | 0 | 5.0 | 20.0 | 40.0 | 90.0 | 1.25 | 1.50 | 2.75 |',
    );
    expect(md.slice(full)).toContain(
      '| 500 | 30000 | 0 | 5.0 | 20.0 | 900.0 | 90.0 | 1.50 | 3.00 | 5.00 |',
    );
  });

  it('shows the CPU each process spent per drained event, and what the machine allows at that cost', () => {
    const md = renderMarkdown(
      {
        ...results,
        backlog: drainResult(500, { cpuMsPerEvent: { 'portal-sync': 0.5, postgres: 1.5 } }),
      },
      'performance/r.json',
      'performance/t.svg',
    );
    // 2 ms per event in all on 2 cores: at most 1,000 events/s.
    expect(md).toContain('(2.00 ms in all; 2 cores allow 1000 events/s at this cost)');
    expect(md.indexOf('postgres ')).toBeLessThan(md.indexOf('portal-sync |'));
  });

  it('shows how rate and CPU per event grow from one portal-sync replica to two', () => {
    const drain = (
      syncReplicas: number,
      drainPerSecond: number,
      cpuMsPerEvent: Record<string, number>,
    ) => drainResult(drainPerSecond, { syncReplicas, cpuMsPerEvent });
    const md = renderMarkdown(
      {
        ...results,
        backlog: drain(1, 1000, { 'portal-sync-1': 0.4, postgres: 1 }),
        backlogScaleOut: drain(2, 1200, {
          'portal-sync-1': 0.25,
          'portal-sync-2': 0.25,
          postgres: 1.2,
        }),
      },
      'performance/r.json',
      'performance/t.svg',
    );
    expect(md).toContain('| 1000 | 20 ms | 1 | 1 s | 1 s | 1000/s | 1000/s | yes |');
    expect(md).toContain(
      '| 1000 | 20 ms | 2 | 1 s | 0.8333333333333334 s | 1200/s | 600/s | yes |',
    );
    expect(md).toContain(
      'From 1 to 2 portal-sync replicas the drain went from 1000/s to 1200/s (×1.20), and the CPU per drained event from 1.40 ms to 1.70 ms (+21%)',
    );
    // the replicas' CPU is summed per app
    expect(md).toContain('| portal-sync | 0.40 | 0.50 | +25% |');
    expect(md).toContain('| postgres | 1.00 | 1.20 | +20% |');
  });
});

describe('process CPU from /proc', () => {
  // Fields after the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt
  // cmajflt utime stime ...; a command name may hold spaces and parentheses.
  const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 66 0 0 20 0 11 0';

  it('adds user and system time, in seconds of 100 ticks', () => {
    expect(cpuSecondsFromStat(stat)).toBeCloseTo(13);
  });

  it('reads a command name that contains parentheses', () => {
    expect(commandOfStat(stat)).toBe('node (main) x');
  });

  it('answers undefined for a line it cannot read', () => {
    expect(cpuSecondsFromStat('garbage')).toBeUndefined();
    expect(reapedCpuSecondsFromStat('garbage')).toBeUndefined();
  });

  it("reads the exited children's time after user and system time", () => {
    const parent = '7 (postgres) S 1 7 7 0 -1 4194560 5000 0 0 0 100 50 700 300 20 0 1 0';
    expect(cpuSecondsFromStat(parent)).toBeCloseTo(1.5);
    expect(reapedCpuSecondsFromStat(parent)).toBeCloseTo(10);
  });

  it("counts an exited backend's share of the interval through its parent's reaped time", () => {
    const at = (entries: [number, string, number, number][]) =>
      new Map<number, ProcessCpu>(
        entries.map(([pid, label, seconds, reapedSeconds]) => [
          pid,
          { label, seconds, reapedSeconds },
        ]),
      );
    const before = at([
      [1, 'postgres', 1, 0], // postmaster
      [2, 'postgres', 5, 0], // a backend that closes in between, having used 5 s already
      [3, 'postgres', 2, 0], // a backend that lives on
      [9, 'gateway', 10, 0],
    ]);
    const after = at([
      [1, 'postgres', 1.5, 8], // backend 2 exited after 8 s in all: 3 s of it in the interval
      [3, 'postgres', 4, 0],
      [4, 'postgres', 1, 0], // a backend opened in between
      [9, 'gateway', 12, 0],
    ]);
    const used = cpuUsedBetween(before, after);
    expect(used.get('postgres')).toBeCloseTo(0.5 + 3 + 2 + 1);
    expect(used.get('gateway')).toBeCloseTo(2);
  });
});

describe('bench targets as ratios to the raw limits of the same run', () => {
  const saturation = (perSecond: number, failures = 0): SaturationResult => ({
    clients: 64,
    seconds: 15,
    requests: perSecond * 15,
    failures,
    statuses: { '202': perSecond * 15 },
    perSecond,
    latencyMs: { count: perSecond * 15, mean: 5, p50: 4, p95: 9, p99: 12, max: 30 },
    cpuMsPerRequest: { gateway: 1, postgres: 1 },
  });
  const base = (): BenchResults => ({
    tool: 'npm run bench',
    command: 'npm run bench',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:20:00Z',
    machine: { cpus: 2, cpuModel: 'x', memoryGb: 4, node: 'v20', note: 'quiet' },
    infrastructure: { kafka: 'kcat-mock', postgres: 'local' },
    settings: resolveBenchSettings([], {}),
    memory: {},
    ratios: {},
    targets: {},
    notes: [],
    raw: {
      kafka: {
        messages: 1,
        produceMs: 1,
        consumeMs: 1,
        produceRate: 1,
        consumeRate: 1,
        produceConsumeRate: 30_000,
      },
      postgres: { rows: 1, batchSize: 500, ms: 1, rate: 20_000 },
      http: saturation(4_000),
    },
  });
  const drained = (perReplica: number, events = 100_000) => drainResult(perReplica, { events });

  it('judges the drain per replica against 10% of the raw Postgres rate', () => {
    const met = { ...base(), backlog: drained(2_000) };
    score(met);
    expect(met.ratios.backlogDrainPerReplicaToPostgres).toBe(0.1);
    expect(met.targets.backlogDrain.met).toBe(true);
    expect(met.targets.backlogDrain.measured).toContain('= 10% of 20000 rows/s');

    const missed = { ...base(), backlog: drained(1_999) };
    score(missed);
    expect(missed.targets.backlogDrain.met).toBe(false);

    const tooSmall = { ...base(), backlog: drained(5_000, 20_000) };
    score(tooSmall);
    expect(tooSmall.targets.backlogDrain.met).toBe(false);
  });

  it('judges the gateway at saturation against half the raw HTTP baseline, without failures', () => {
    const met = { ...base(), intakeSaturation: saturation(2_000) };
    score(met);
    expect(met.ratios.gatewaySaturationToRawHttp).toBe(0.5);
    expect(met.targets.gatewaySaturation.met).toBe(true);

    const failing = { ...base(), intakeSaturation: saturation(3_000, 4) };
    score(failing);
    expect(failing.targets.gatewaySaturation.met).toBe(false);

    const missed = { ...base(), intakeSaturation: saturation(1_900) };
    score(missed);
    expect(missed.targets.gatewaySaturation.met).toBe(false);
  });

  it('does not judge a ratio whose raw limit was not measured in the same run', () => {
    const noRaw = { ...base(), raw: undefined, intakeSaturation: saturation(2_000) };
    score(noRaw);
    expect(noRaw.targets.gatewaySaturation.met).toBeNull();
    expect(noRaw.targets.gatewaySaturation.measured).toContain('no raw HTTP baseline');
  });

  it('judges the whole hub at 20% of the raw HTTP baseline on p99 and on delivery', () => {
    const level = (p99: number, allDelivered: boolean) =>
      acceptanceLevel(800, 15, p99, { allDelivered });
    const met = { ...base(), acceptanceAtBaselineShare: level(50, true) };
    score(met);
    expect(met.targets.acceptanceP99.met).toBe(true);
    const slow = { ...base(), acceptanceAtBaselineShare: level(51, true) };
    score(slow);
    expect(slow.targets.acceptanceP99.met).toBe(false);
    const undelivered = { ...base(), acceptanceAtBaselineShare: level(20, false) };
    score(undelivered);
    expect(undelivered.targets.acceptanceP99.met).toBe(false);
  });

  it('shows the raw HTTP baseline and the gateway at saturation in the report', () => {
    const r = { ...base(), intake: [], intakeSaturation: saturation(2_000) };
    score(r);
    const md = renderMarkdown(r, 'performance/r.json', 'performance/t.svg');
    expect(md).toContain(
      '| bare node:http, 202 after a one-row INSERT (64 clients back to back, 15 s) | 4000 requests/s',
    );
    expect(md).toContain('**2000 requests/s** answered 202');
    // Ratios come before the absolute figures.
    expect(md.indexOf('## Hub figures as a share of the raw limits')).toBeLessThan(
      md.indexOf('## Raw limits of this machine'),
    );
  });
});

describe('closed-loop load', () => {
  it('keeps the clients busy for the duration and counts 2xx apart from the rest', async () => {
    let inFlight = 0;
    let most = 0;
    const result = await closedLoop(4, 200, async (i) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      if (i % 10 === 9) throw new Error('reset');
      return i % 5 === 4 ? 409 : 202;
    });
    expect(most).toBe(4);
    expect(result.requests).toBeGreaterThan(40);
    expect(result.statuses['202'] + result.statuses['409'] + result.statuses.error).toBe(
      result.requests,
    );
    expect(result.failures).toBe(result.statuses['409'] + result.statuses.error);
    expect(result.succeededPerSecond).toBeLessThan(result.answeredPerSecond);
  });
});
