import { readdir, readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { type CaseEventInput, exampleCase, type ExampleCase } from '@hub/contracts';
import { APP_NAMES, type AppName } from '../apps';
import { isMockApp } from '../deploy/deployed-apps';
import { repoRoot, sleep } from '@hub/testing';
import { startStack, type Stack } from '../stack';
import type { BenchSettings } from './bench-config';
import {
  commandOfStat,
  cpuSecondsFromStat,
  cpuUsedBetween,
  closedLoop,
  LoadClient,
  memoryOf,
  metricSum,
  openLoop,
  reapedCpuSecondsFromStat,
  type ProcessCpu,
} from './http-load';
import { measureAdapterCpu } from './adapter-cpu';
import { measureIdle } from './idle';
import { startRawHttpServer } from './raw-http';
import { measureKafka, measurePostgres } from './raw-limits';
import {
  TARGETS,
  type AcceptanceLevel,
  type BacklogResult,
  type BenchResults,
  type SaturationResult,
  type SustainedResult,
} from './results';
import { score } from './score';
import { benchDay, distribution, rateBetween, type Sample } from './stats';

const DEPARTMENTS = ['STP', 'SXD', 'SYT'] as const;
/** Mock portal writes per synced event: the dossier write and its progress entry. */
const PORTAL_WRITES_PER_EVENT = 2;
const CASES_PER_DAY = 99_999;

/** Whole cases (five events each) with codes no other part of the run uses. */
class CaseSource {
  private n = 0;
  constructor(private readonly firstDay: number) {}

  next(department: string): ExampleCase {
    const n = this.n++;
    return exampleCase({
      department,
      day: benchDay(this.firstDay + Math.floor(n / CASES_PER_DAY)),
      number: (n % CASES_PER_DAY) + 1,
    });
  }
}

interface Hub {
  stack: Stack;
  http: LoadClient;
  log: (line: string) => void;
}

async function post(hub: Hub, department: string, events: CaseEventInput[]): Promise<number> {
  const single = events.length === 1;
  const answer = await hub.http.send(
    `${hub.stack.urls.gateway}/v1/events`,
    'POST',
    {
      authorization: `Bearer ${hub.stack.keys.departments[department]}`,
      'content-type': single
        ? 'application/cloudevents+json'
        : 'application/cloudevents-batch+json',
    },
    JSON.stringify(single ? events[0] : events),
  );
  return answer.status;
}

async function postReliably(hub: Hub, department: string, events: CaseEventInput[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const status = await post(hub, department, events).catch(() => 0);
    if (status === 202) return;
    if ((status > 0 && status < 500) || attempt > 30) {
      throw new Error(`gateway kept refusing a batch (last status ${status})`);
    }
    await sleep(500);
  }
}

async function summary(hub: Hub): Promise<{ total: number; synced: number; dead: number }> {
  return hub.http.json(`${hub.stack.urls.ops}/v1/sync/summary`, {
    authorization: `Bearer ${hub.stack.keys.ops}`,
  });
}

async function portalEventsAcknowledged(hub: Hub): Promise<number> {
  const stats = await hub.http.json<{ applied: number }>(
    `${hub.stack.urls['mock-portal']}/__mock/stats`,
  );
  return stats.applied / PORTAL_WRITES_PER_EVENT;
}

async function faults(hub: Hub, config: Record<string, unknown>): Promise<void> {
  const answer = await hub.http.send(
    `${hub.stack.urls['mock-portal']}/__mock/faults`,
    'POST',
    { 'content-type': 'application/json' },
    JSON.stringify(config),
  );
  if (answer.status !== 200) throw new Error(`mock portal refused faults: ${answer.body}`);
}

/** Waits until the hub's own rows say every accepted event is synced; false on timeout. */
async function waitAllSynced(hub: Hub, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  let last: { synced: number; total: number } | undefined;
  for (;;) {
    // A hub working off a large backlog may answer 503 (a read that met its statement timeout):
    // that is an answer to wait on, not a failed run.
    const s = await summary(hub).catch((e: unknown) => {
      if (!(e instanceof Error) || !/answered 503$/.test(e.message)) throw e;
      return undefined;
    });
    if (s && s.synced + s.dead >= s.total) return true;
    if (s) last = s;
    if (Date.now() > until) {
      hub.log(
        `  (gave up waiting: ${last ? `${last.synced} of ${last.total}` : 'nothing'} synced)`,
      );
      return false;
    }
    await sleep(1000);
  }
}

/** Samples a counter every `everyMs` until stopped; t is ms since `origin`. */
function timeline(probe: () => Promise<number>, origin: number, everyMs: number) {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        samples.push({ t: performance.now() - origin, value: await probe() });
      } catch {
        // a missed sample is a gap in the chart, not a failed run
      }
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    async stop(): Promise<Sample[]> {
      running = false;
      await loop;
      return samples;
    },
  };
}

async function acceptanceLevels(
  hub: Hub,
  settings: BenchSettings,
  source: CaseSource,
  what: string,
  /** Wait for the portal to acknowledge each level before the next; not with downstream stopped. */
  settle = true,
): Promise<AcceptanceLevel[]> {
  const levels: AcceptanceLevel[] = [];
  for (const [index, rate] of settings.loads.entries()) {
    hub.log(`${what}: ${rate} events/s for ${settings.loadSeconds} s (one event a request)`);
    let current: ExampleCase | undefined;
    const unanswered: { department: string; event: CaseEventInput }[] = [];
    const cpuBefore = await cpuByProcess(hub);
    const result = await openLoop(rate, settings.loadSeconds * 1000, async (i) => {
      if (i % 5 === 0) current = source.next(DEPARTMENTS[(index + i / 5) % DEPARTMENTS.length]);
      const c = current as ExampleCase;
      const event = c.events[i % 5];
      const status = await post(hub, c.department, [event]).catch((e: unknown) => {
        unanswered.push({ department: c.department, event });
        throw e;
      });
      if (status >= 500) unanswered.push({ department: c.department, event });
      return status;
    });
    const requests = result.latencies.length + (result.statuses.error ?? 0);
    const cpuMsPerRequest = cpuPerEvent(cpuBefore, await cpuByProcess(hub), requests);
    // A department system re-sends what was not acknowledged; otherwise its case waits forever.
    for (const { department, event } of unanswered) await postReliably(hub, department, [event]);
    levels.push({
      offeredPerSecond: rate,
      seconds: settings.loadSeconds,
      requests,
      failures: result.failures,
      statuses: result.statuses,
      latencyMs: distribution(result.latencies),
      meanSendDelayMs: result.meanSendDelayMs,
      cpuMsPerRequest,
    });
    const l = levels[levels.length - 1].latencyMs;
    hub.log(`  p50 ${l.p50} ms  p95 ${l.p95} ms  p99 ${l.p99} ms  failures ${result.failures}`);
    hub.log(`  CPU ms per request while offered: ${cpuSummary(cpuMsPerRequest)}`);
    if (settle)
      levels[levels.length - 1].allDelivered = await waitAllSynced(
        hub,
        settings.drainTimeoutSeconds * 1000,
      );
  }
  return levels;
}

/** Clients of a saturation run: enough to keep a pool of 10 connections and the CPU busy. */
const SATURATION_CLIENTS = 64;

/**
 * `send` for `seconds` from SATURATION_CLIENTS clients back to back (closed loop), one event per
 * request, with the CPU each process spent per request. `extra` names processes that are not
 * hub apps (the raw baseline's server).
 */
async function saturate(
  hub: Hub,
  seconds: number,
  send: (event: CaseEventInput, department: string) => Promise<number>,
  source: CaseSource,
  extra: ReadonlyMap<number, string> = new Map(),
): Promise<SaturationResult> {
  const cpuBefore = await cpuByProcess(hub, extra);
  // Each request opens a case of its own (its case.received): 64 clients in flight at once would
  // otherwise send one case's events out of order.
  const result = await closedLoop(SATURATION_CLIENTS, seconds * 1000, (i) => {
    const opened = source.next(DEPARTMENTS[i % DEPARTMENTS.length]);
    return send(opened.events[0], opened.department);
  });
  const cpuMsPerRequest = cpuPerEvent(cpuBefore, await cpuByProcess(hub, extra), result.requests);
  return {
    clients: SATURATION_CLIENTS,
    seconds,
    requests: result.requests,
    failures: result.failures,
    statuses: result.statuses,
    perSecond: result.succeededPerSecond,
    latencyMs: distribution(result.latencies),
    cpuMsPerRequest,
  };
}

/** The apps that do an accepted event's downstream work. Ops stays: the bench reads its summary. */
const DOWNSTREAM_APPS: readonly AppName[] = ['relay', 'portal-sync', 'once-only', 'webhooks'];

/**
 * The acceptance levels again with every downstream app stopped: the gateway and Postgres have
 * the machine to themselves (as they would on hosts of their own), so this is the floor the full
 * hub's acceptance latency can reach with this gateway on this machine. The stopped apps start
 * again afterwards and work off what was accepted before the next phase.
 */
async function intakeLevels(
  hub: Hub,
  settings: BenchSettings,
): Promise<{ levels: AcceptanceLevel[]; saturation: SaturationResult }> {
  const db = new Client({ connectionString: hub.stack.postgres.url });
  await db.connect();
  const stopped = DOWNSTREAM_APPS.flatMap((name) => hub.stack.apps[name]).filter((a) => a.running);
  try {
    const [{ since }] = (await db.query<{ since: Date }>('SELECT now() AS since')).rows;
    await Promise.all(stopped.map((app) => app.kill()));
    try {
      const levels = await acceptanceLevels(
        hub,
        settings,
        new CaseSource(1600),
        'gateway alone',
        false,
      );
      hub.log(
        `gateway alone at saturation: ${SATURATION_CLIENTS} clients for ${settings.loadSeconds} s`,
      );
      const saturation = await saturate(
        hub,
        settings.loadSeconds,
        (event, department) => post(hub, department, [event]),
        new CaseSource(1700),
      );
      hub.log(
        `  ${saturation.perSecond} requests/s answered 202 (failures ${saturation.failures}); CPU ms per request: ${cpuSummary(saturation.cpuMsPerRequest)}`,
      );
      return { levels, saturation };
    } finally {
      hub.log(
        '  starting the downstream apps again; waiting until they have worked off the levels',
      );
      await Promise.all(stopped.map((app) => app.restart()));
      const until = Date.now() + settings.drainTimeoutSeconds * 1000;
      await waitJobsStored(db, since, until);
      await waitDigested(hub, db, until);
      await waitAllSynced(hub, Math.max(0, until - Date.now()));
    }
  } finally {
    await db.end();
  }
}

async function sustained(hub: Hub, settings: BenchSettings): Promise<SustainedResult> {
  const rate = settings.sustainedRate;
  const batch = Math.max(5, Math.floor(settings.batchEvents / 5) * 5);
  const requestsPerSecond = rate / batch;
  const expectedCases = Math.ceil((rate * settings.sustainedSeconds) / 5);
  const sampleEvery = Math.max(1, Math.floor(expectedCases / settings.latencySampleCases));
  hub.log(
    `sustained: ${rate} events/s offered for ${settings.sustainedSeconds} s in batches of ${batch}`,
  );
  const source = new CaseSource(400);
  const sampled: { caseCode: string; acceptedAt: Map<string, number> }[] = [];
  const acceptTimes: number[] = [];
  let accepted = 0;
  let caseIndex = 0;
  const unanswered: { department: string; events: CaseEventInput[] }[] = [];
  const base = await portalEventsAcknowledged(hub);
  const origin = performance.now();
  const sampler = timeline(async () => (await portalEventsAcknowledged(hub)) - base, origin, 1000);
  const result = await openLoop(requestsPerSecond, settings.sustainedSeconds * 1000, async (i) => {
    const department = DEPARTMENTS[i % DEPARTMENTS.length];
    const cases: ExampleCase[] = [];
    for (let k = 0; k < batch / 5; k++) cases.push(source.next(department));
    const events = cases.flatMap((c) => c.events);
    const sentAt = performance.now();
    const status = await post(hub, department, events).catch((e: unknown) => {
      unanswered.push({ department, events });
      throw e;
    });
    acceptTimes.push(performance.now() - sentAt);
    if (status !== 202) unanswered.push({ department, events });
    else {
      accepted += batch;
      for (const c of cases) {
        if (caseIndex++ % sampleEvery !== 0) continue;
        const wallNow = Date.now();
        sampled.push({
          caseCode: c.caseCode,
          acceptedAt: new Map(c.events.map((e) => [e.id, wallNow])),
        });
      }
    }
    return status;
  });
  for (const { department, events } of unanswered) {
    await postReliably(hub, department, events);
    accepted += events.length;
  }
  const phaseEnd = performance.now() - origin;
  hub.log(`  accepted ${accepted} events; waiting for the portal to acknowledge all of them`);
  const allDelivered = await waitAllSynced(hub, settings.drainTimeoutSeconds * 1000);
  const drainTail = (performance.now() - origin - phaseEnd) / 1000;
  const samples = await sampler.stop();

  const endToEnd: number[] = [];
  for (let i = 0; i < sampled.length; i += 16) {
    await Promise.all(
      sampled.slice(i, i + 16).map(async ({ caseCode, acceptedAt }) => {
        const dossier = await hub.http
          .json<{ history: { at: string; idempotencyKey: string | null }[] }>(
            `${hub.stack.urls['mock-portal']}/__mock/dossiers/${caseCode}`,
          )
          .catch(() => undefined);
        for (const entry of dossier?.history ?? []) {
          const accepted = acceptedAt.get(entry.idempotencyKey?.split(':')[0] ?? '');
          if (accepted !== undefined) endToEnd.push(Date.parse(entry.at) - accepted);
        }
      }),
    );
  }
  const seconds = settings.sustainedSeconds;
  return {
    offeredPerSecond: rate,
    seconds,
    batchEvents: batch,
    acceptedEvents: accepted,
    acceptedPerSecond: Math.round(accepted / (result.elapsedMs / 1000)),
    deliveredPerSecond: Math.round(rateBetween(samples, phaseEnd * 0.1, phaseEnd * 0.9)),
    allDelivered,
    drainTailSeconds: Math.round(drainTail * 10) / 10,
    endToEndMs: distribution(endToEnd),
    acceptMs: distribution(acceptTimes),
    timeline: samples.map((s) => ({ t: Math.round(s.t), value: Math.round(s.value) })),
  };
}

/**
 * Waits until every event accepted since `since` has its sync job. The ops summary cannot say:
 * it counts an event once its job exists. A job made by portal-sync's Kafka consumer or by its
 * backfill (which makes the jobs of events the consumer never saw) counts the same.
 */
async function waitJobsStored(db: Client, since: Date, until: number): Promise<void> {
  while (Date.now() < until) {
    const { rows } = await db.query<{ jobless: number }>(
      `SELECT count(*)::int AS jobless FROM case_events e
        WHERE e.accepted_at >= $1
          AND NOT EXISTS (SELECT 1 FROM portal_sync_jobs j WHERE j.event_id = e.id)`,
      [since],
    );
    if (rows[0].jobless === 0) return;
    await sleep(1000);
  }
}

const onceOnlyMetrics = async (hub: Hub): Promise<string> =>
  (await hub.http.send(`${hub.stack.urls['once-only']}/metrics`, 'GET')).body;

/**
 * Waits until the hub has digested what it accepted, apart from portal sync: the outbox is empty,
 * no registry lookup is pending, and once-only has read all it can (lag 0, nothing read for a
 * second: the test broker drops what a consumer falls more than ~5 MiB per partition behind on).
 * Answers once-only's records-consumed counter.
 */
async function waitDigested(hub: Hub, db: Client, until: number): Promise<number> {
  let consumedLast = -1;
  for (;;) {
    const { rows } = await db.query<{ lookups: number; outbox: number }>(
      `SELECT (SELECT count(*) FROM profile_lookup_tasks WHERE state IN ('pending', 'retrying'))::int AS lookups,
              (SELECT count(*) FROM outbox)::int AS outbox`,
    );
    const metrics = await onceOnlyMetrics(hub);
    const consumed = metricSum(metrics, 'hub_consumer_records_total');
    const caughtUp = consumed === consumedLast && metricSum(metrics, 'hub_consumer_lag') === 0;
    if ((caughtUp && rows[0].lookups === 0 && rows[0].outbox === 0) || Date.now() > until)
      return consumed;
    consumedLast = consumed;
    await sleep(1000);
  }
}

async function backlog(
  hub: Hub,
  settings: BenchSettings,
  replicas: number,
): Promise<BacklogResult> {
  const n = Math.floor(settings.backlogEvents / 5) * 5;
  hub.log(`backlog, ${replicas} portal-sync replica(s): portal down, ${n} events accepted`);
  // The drain counts every event the portal acknowledges: work an earlier phase left behind (the
  // sustained phase stops waiting after its drain timeout) would be counted, and paid for, too.
  if (!(await waitAllSynced(hub, settings.drainTimeoutSeconds * 1000))) {
    hub.log('  earlier phases left events unsynced; the drain below includes them');
  }
  const consumedBefore = metricSum(await onceOnlyMetrics(hub), 'hub_consumer_records_total');
  const db = new Client({ connectionString: hub.stack.postgres.url });
  await db.connect();
  const [{ since }] = (await db.query<{ since: Date }>('SELECT now() AS since')).rows;
  await faults(hub, { mode: 'down' });
  // Each drain its own cases: the same ones again would all be duplicates.
  const source = new CaseSource(replicas === 1 ? 800 : 1000);
  const acceptStart = performance.now();
  let sent = 0;
  const sender = async (): Promise<void> => {
    while (sent < n) {
      const department = DEPARTMENTS[((sent / 500) % DEPARTMENTS.length) | 0];
      const size = Math.min(500, n - sent);
      sent += size;
      const events = Array.from({ length: size / 5 }, () => source.next(department)).flatMap(
        (c) => c.events,
      );
      await postReliably(hub, department, events);
    }
  };
  await Promise.all([sender(), sender(), sender(), sender()]);
  const acceptSeconds = (performance.now() - acceptStart) / 1000;
  hub.log(`  accepted in ${acceptSeconds.toFixed(1)} s; waiting until every sync job is stored`);
  const until = Date.now() + settings.drainTimeoutSeconds * 1000;
  try {
    await waitJobsStored(db, since, until);
    // A real outage outlasts the minutes it takes the rest of the hub to digest what arrived
    // meanwhile (registry lookups, outbox). Measured drains must not share the CPU with that work.
    hub.log('  waiting until once-only has read and verified the backlog, and the outbox is empty');
    const consumed = (await waitDigested(hub, db, until)) - consumedBefore;
    if (consumed < n) {
      hub.log(
        `  once-only read ${consumed} of the ${n} backlog events; the broker no longer held the rest`,
      );
    }
  } finally {
    await db.end();
  }

  hub.log(`  portal back, answering in ${settings.portalLatencyMs} ms; draining`);
  const base = await portalEventsAcknowledged(hub);
  const cpuBefore = await cpuByProcess(hub);
  const origin = performance.now();
  await faults(hub, { mode: 'slow', latencyMs: settings.portalLatencyMs });
  const sampler = timeline(async () => (await portalEventsAcknowledged(hub)) - base, origin, 250);
  let allDelivered = false;
  while (Date.now() < until) {
    const last = sampler.samples[sampler.samples.length - 1];
    if (last && last.value >= n) {
      allDelivered = true;
      break;
    }
    await sleep(250);
  }
  const samples = await sampler.stop();
  const cpuAfter = await cpuByProcess(hub);
  await faults(hub, { mode: 'up' });
  const first = samples.find((s) => s.value > 0);
  const done = samples.find((s) => s.value >= n) ?? samples[samples.length - 1];
  const drainMs = first && done ? Math.max(1, done.t - first.t) : Number.NaN;
  const delivered = done?.value ?? 0;
  const drainPerSecond = Math.round((delivered / drainMs) * 1000);
  return {
    events: n,
    portalLatencyMs: settings.portalLatencyMs,
    syncReplicas: replicas,
    acceptSeconds: Math.round(acceptSeconds * 10) / 10,
    recoverySeconds: first ? Math.round(first.t / 100) / 10 : Number.NaN,
    drainSeconds: Math.round(drainMs / 100) / 10,
    drainPerSecond,
    drainPerSecondPerReplica: Math.round(drainPerSecond / replicas),
    allDelivered,
    cpuMsPerEvent: cpuPerEvent(cpuBefore, cpuAfter, delivered),
    timeline: samples.map((s) => ({ t: Math.round(s.t), value: Math.round(s.value) })),
  };
}

/**
 * CPU seconds used so far by each app process, by Postgres (every `postgres` process: the bench
 * machine runs nothing else on it) and by the kcat mock broker. Where the machine's CPU goes is
 * the first question when a rate falls short.
 */
async function cpuByProcess(
  hub: Hub,
  extra: ReadonlyMap<number, string> = new Map(),
): Promise<Map<number, ProcessCpu>> {
  const byPid = new Map<number, string>(extra);
  for (const name of APP_NAMES)
    for (const app of hub.stack.apps[name])
      byPid.set(app.pid, app.replica === undefined ? name : `${name}-${app.replica}`);
  const sample = new Map<number, ProcessCpu>();
  const pids = (await readdir('/proc').catch(() => [])).filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) continue;
    const command = commandOfStat(stat);
    const label =
      byPid.get(Number(pid)) ??
      (command === 'postgres' ? 'postgres' : command === 'kcat' ? 'kafka (kcat mock)' : undefined);
    const seconds = cpuSecondsFromStat(stat);
    const reapedSeconds = reapedCpuSecondsFromStat(stat);
    if (label === undefined || seconds === undefined || reapedSeconds === undefined) continue;
    sample.set(Number(pid), { label, seconds, reapedSeconds });
  }
  return sample;
}

function cpuSummary(perEvent: Record<string, number>): string {
  return Object.entries(perEvent)
    .sort(([, x], [, y]) => y - x)
    .map(([label, ms]) => `${label} ${ms}`)
    .join(', ');
}

function cpuPerEvent(
  before: Map<number, ProcessCpu>,
  after: Map<number, ProcessCpu>,
  events: number,
): Record<string, number> {
  const perEvent: Record<string, number> = {};
  if (events <= 0) return perEvent;
  for (const [label, seconds] of cpuUsedBetween(before, after)) {
    perEvent[label] = Math.round(((seconds * 1000) / events) * 1000) / 1000;
  }
  return perEvent;
}

/** `--cpu-prof` for every hub app (mocks excluded); each writes its profile when it stops. */
function profileArgs(dir: string | undefined): Partial<Record<AppName, string[]>> | undefined {
  if (!dir) return undefined;
  const absolute = resolve(dir);
  return Object.fromEntries(
    APP_NAMES.filter((name) => !isMockApp(name)).map((name) => [
      name,
      // One folder per app; V8 names each file after its process id, so replicas do not clash.
      ['--cpu-prof', `--cpu-prof-dir=${join(absolute, name)}`],
    ]),
  );
}

function appsToRun(): AppName[] {
  return [...APP_NAMES];
}

export async function runBench(
  settings: BenchSettings,
  command: string,
  log: (line: string) => void,
): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const notes: string[] = [];
  log('starting the hub (Kafka, Postgres, migrations, apps)');
  const stack = await startStack({
    apps: appsToRun(),
    replicas: { 'portal-sync': settings.syncReplicas, relay: settings.relayReplicas },
    logLevel: settings.logLevel,
    logDir: join(repoRoot(), 'test-artifacts', 'bench-logs'),
    nodeArgs: profileArgs(settings.cpuProfileDir),
    env: {
      // The bench measures capacity, not policy: the per-key rate limit (100/s by default) would
      // otherwise answer 429 and the figures would be the limiter's.
      gateway: { RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' },
      // A shorter breaker reset than production's 10 s keeps recovery out of the drain figure.
      'portal-sync': {
        BREAKER_RESET_MS: '2000',
        RETRY_MAX_MS: '5000',
        ...(settings.syncConcurrency === undefined
          ? {}
          : { SYNC_CONCURRENCY: String(settings.syncConcurrency) }),
      },
    },
    log: (m) => log(`  ${m}`),
  });
  notes.push(
    'portal-sync ran with BREAKER_RESET_MS=2000 and RETRY_MAX_MS=5000, the gateway without a per-key rate limit; all else default',
  );
  const hub: Hub = { stack, http: new LoadClient(), log };
  // With --sync-replicas N every phase runs with one portal-sync replica; the backlog phase then
  // drains a second backlog with all N, to show how the cost grows with replicas.
  const [, ...extraSyncReplicas] = stack.apps['portal-sync'];
  await Promise.all(extraSyncReplicas.map((app) => app.kill()));
  if (extraSyncReplicas.length > 0) {
    notes.push(
      `portal-sync ran as one replica, ${extraSyncReplicas.length} more started for the second backlog drain only`,
    );
  }
  const memory: BenchResults['memory'] = {};
  // The app, not its pid: the intake phase restarts the downstream apps under new pids.
  const processes = APP_NAMES.flatMap((name) =>
    stack.apps[name].map((app) => ({
      label: app.replica === undefined ? name : `${name}-${app.replica}`,
      app,
    })),
  );
  let sampling = true;
  const memorySampler = (async () => {
    while (sampling) {
      for (const p of processes) {
        const m = await memoryOf(p.app.pid, (path) => readFile(path, 'utf8'));
        if (m)
          memory[p.label] = {
            peakMb: Math.max(memory[p.label]?.peakMb ?? 0, m.peakMb),
            rssMb: Math.max(memory[p.label]?.rssMb ?? 0, m.rssMb),
          };
      }
      await sleep(2000);
    }
  })();

  const results: BenchResults = {
    tool: 'npm run bench',
    command,
    startedAt,
    finishedAt: '',
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      note: settings.machineNote,
    },
    infrastructure: { kafka: stack.kafka.kind, postgres: stack.postgres.kind },
    settings,
    memory,
    ratios: {},
    targets: {},
    notes,
  };
  try {
    const has = (phase: BenchSettings['phases'][number]) => settings.phases.includes(phase);
    if (has('idle')) {
      // First, while nothing has run yet; the settling lets start-up work (group joins, first
      // rounds, compilation) end before the window.
      log('idle: 10 s settling, 10 s of CPU with no traffic, then 30 lone outbox rows and events');
      await sleep(10_000);
      const source = new CaseSource(1900);
      results.idle = await measureIdle({
        processes: new Map(
          processes.filter((p) => !isMockApp(p.label)).map((p) => [p.app.pid, p.label]),
        ),
        databaseUrl: stack.postgres.url,
        seconds: 10,
        probes: 30,
        // Longer than a worker's busy second (PollCadence): each probe finds the loops waiting
        // for a wake-up, as on an idle hub, not polling after the previous probe.
        probeSpacingMs: 1200,
        postEvent: async () => {
          const [event] = source.next('STP').events;
          await postReliably(hub, 'STP', [event]);
          return event.id;
        },
      });
      const i = results.idle;
      log(`  hub apps: ${i.cores} cores (${cpuSummary(i.coresByApp)})`);
      log(
        `  outbox row → relay: p50 ${i.enqueueToClaimMs.p50} ms p99 ${i.enqueueToClaimMs.p99} ms; event 202 → portal-sync claim: p50 ${i.eventToSyncClaimMs.p50} ms p99 ${i.eventToSyncClaimMs.p99} ms`,
      );
    }
    if (has('raw')) {
      log(`raw limits: ${settings.rawMessages} messages through kafkajs, rows through pg`);
      const source = new CaseSource(1200);
      const events = Array.from({ length: Math.ceil(settings.rawMessages / 5) }, (_, i) =>
        source.next(DEPARTMENTS[i % DEPARTMENTS.length]),
      )
        .flatMap((c) => c.events)
        .slice(0, settings.rawMessages);
      const kafka = await measureKafka(stack.kafka.brokers, events);
      log(
        `  kafka: produce ${kafka.produceRate}/s, consume ${kafka.consumeRate}/s, both ${kafka.produceConsumeRate}/s`,
      );
      const postgres = await measurePostgres(stack.postgres.url, events);
      log(`  postgres: ${postgres.rate} rows/s in batches of ${postgres.batchSize}`);
      const adapters = await measureAdapterCpu(Math.max(1000, settings.rawMessages / 5));
      log(
        `  national adapter: ${adapters.adapterUsPerCall} µs CPU per portal call, bare node:http ${adapters.rawUsPerCall} µs`,
      );
      log(`raw HTTP baseline: a bare node:http server, 202 after a one-row insert`);
      const server = await startRawHttpServer(stack.postgres.url);
      let http: SaturationResult;
      try {
        http = await saturate(
          hub,
          settings.loadSeconds,
          async (event) =>
            (
              await hub.http.send(
                server.url,
                'POST',
                { 'content-type': 'application/json' },
                JSON.stringify(event),
              )
            ).status,
          new CaseSource(1300),
          new Map([[server.pid, 'raw http server']]),
        );
      } finally {
        await server.stop();
      }
      log(
        `  ${http.perSecond} requests/s answered 202 (failures ${http.failures}); CPU ms per request: ${cpuSummary(http.cpuMsPerRequest)}`,
      );
      results.raw = { kafka, postgres, adapters, http };
    }
    if (has('intake')) {
      const intake = await intakeLevels(hub, settings);
      results.intake = intake.levels;
      results.intakeSaturation = intake.saturation;
    }
    if (has('latency')) {
      results.acceptance = await acceptanceLevels(
        hub,
        settings,
        new CaseSource(0),
        'acceptance latency',
      );
      const baseline = results.raw?.http?.perSecond;
      if (baseline !== undefined && baseline > 0) {
        const rate = Math.max(1, Math.round(baseline * TARGETS.acceptanceLoadShareOfRawHttp));
        const [level] = await acceptanceLevels(
          hub,
          { ...settings, loads: [rate] },
          new CaseSource(100),
          `acceptance at ${TARGETS.acceptanceLoadShareOfRawHttp * 100}% of the raw HTTP baseline`,
        );
        results.acceptanceAtBaselineShare = level;
      }
    }
    if (has('sustained')) {
      results.sustained = await sustained(hub, settings);
      const s = results.sustained;
      log(
        `  delivered ${s.deliveredPerSecond} events/s; end to end p50 ${s.endToEndMs.p50} ms p95 ${s.endToEndMs.p95} ms p99 ${s.endToEndMs.p99} ms`,
      );
    }
    if (has('backlog')) {
      // One replica first (the per-replica target), then all of them: how the cost grows.
      const report = (b: BacklogResult): void => {
        log(
          `  drained ${b.events} in ${b.drainSeconds} s: ${b.drainPerSecond}/s (${b.drainPerSecondPerReplica}/s per replica)`,
        );
        log(`  CPU ms per drained event: ${cpuSummary(b.cpuMsPerEvent ?? {})}`);
      };
      results.backlog = await backlog(hub, settings, 1);
      report(results.backlog);
      if (extraSyncReplicas.length > 0) {
        await Promise.all(extraSyncReplicas.map((app) => app.restart()));
        results.backlogScaleOut = await backlog(hub, settings, 1 + extraSyncReplicas.length);
        report(results.backlogScaleOut);
      }
    }
  } finally {
    sampling = false;
    await memorySampler;
    hub.http.close();
    log('stopping the hub');
    await stack.stop().catch((e: unknown) => log(`  stop: ${String(e)}`));
  }
  results.finishedAt = new Date().toISOString();
  score(results);
  return results;
}
