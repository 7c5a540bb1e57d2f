import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * A keep-alive HTTP client for load generation. `fetch` costs several times more CPU per request
 * than node:http, and on a shared two-core machine the client must not be the bottleneck.
 */
export class LoadClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  send(
    url: string,
    method: 'GET' | 'POST' | 'DELETE',
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers:
            body === undefined
              ? headers
              : { ...headers, 'content-length': Buffer.byteLength(body) },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url}`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async json<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
    const answer = await this.send(url, 'GET', headers);
    if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}`);
    return JSON.parse(answer.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface OpenLoopResult {
  /** request i's latency in ms, measured from when it was due (not when it went out) */
  latencies: number[];
  /** how late requests went out on average: > a few ms means the load generator fell behind */
  meanSendDelayMs: number;
  failures: number;
  statuses: Record<string, number>;
  elapsedMs: number;
}

/**
 * Fires `fire(i)` at `ratePerSecond` for `durationMs` whatever the answers do (open loop), so
 * a slow server meets the same offered load instead of being given time to recover. Latency is
 * measured from the moment each request was due, which counts queueing in the client too
 * (no coordinated omission).
 */
export async function openLoop(
  ratePerSecond: number,
  durationMs: number,
  fire: (i: number) => Promise<number>,
): Promise<OpenLoopResult> {
  const total = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000));
  const interval = 1000 / ratePerSecond;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  let sendDelay = 0;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && started + next * interval <= now) {
      const due = started + next * interval;
      sendDelay += now - due;
      const task: Promise<void> = fire(next)
        .then((status) => {
          latencies.push(performance.now() - due);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status >= 300) failures += 1;
        })
        .catch(() => {
          failures += 1;
          statuses.error = (statuses.error ?? 0) + 1;
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      next += 1;
    }
    const wait = started + next * interval - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(1, Math.min(wait, 20))));
  }
  await Promise.all([...inFlight]);
  return {
    latencies,
    meanSendDelayMs: Math.round((sendDelay / total) * 10) / 10,
    failures,
    statuses,
    elapsedMs: performance.now() - started,
  };
}

export interface ClosedLoopResult {
  /** requests answered (any status) per second over the run */
  answeredPerSecond: number;
  /** requests answered 2xx per second: the saturation throughput */
  succeededPerSecond: number;
  requests: number;
  failures: number;
  statuses: Record<string, number>;
  /** ms from send to answer */
  latencies: number[];
  elapsedMs: number;
}

/**
 * `concurrency` clients, each sending its next request as soon as the previous one is answered,
 * for `durationMs` (closed loop): the server is kept busy, so what it answers per second is its
 * saturation throughput on this machine.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  fire: (i: number) => Promise<number>,
): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  let succeeded = 0;
  let next = 0;
  const started = performance.now();
  const until = started + durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < until) {
      const sent = performance.now();
      const status = await fire(next++).catch(() => undefined);
      latencies.push(performance.now() - sent);
      const key = status === undefined ? 'error' : String(status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (status !== undefined && status >= 200 && status < 300) succeeded += 1;
      else failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsedMs = performance.now() - started;
  const perSecond = (n: number) => Math.round((n / elapsedMs) * 1000);
  return {
    answeredPerSecond: perSecond(latencies.length),
    succeededPerSecond: perSecond(succeeded),
    requests: latencies.length,
    failures,
    statuses,
    latencies,
    elapsedMs,
  };
}

/** Peak and current resident memory of a process, from /proc (Linux). */
export async function memoryOf(
  pid: number,
  readFile: (path: string) => Promise<string>,
): Promise<{ peakMb: number; rssMb: number } | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`);
    const kb = (field: string): number => {
      const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
      return match ? Number(match[1]) : Number.NaN;
    };
    const mb = (n: number) => Math.round((n / 1024) * 10) / 10;
    return { peakMb: mb(kb('VmHWM')), rssMb: mb(kb('VmRSS')) };
  } catch {
    return undefined;
  }
}

/** Sum of a Prometheus counter across its label sets, from /metrics text. */
export function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) {
      const value = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (Number.isFinite(value)) sum += value;
    }
  }
  return sum;
}

/** Seconds in two adjacent tick fields of /proc/<pid>/stat (numbered as in proc(5)), summed. */
function statSeconds(stat: string, first: number, ticksPerSecond: number): number | undefined {
  // The command name is in parentheses and may itself contain spaces or parentheses; the
  // fields after it start with state, field 3, at index 0.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const a = Number(rest[first - 3]);
  const b = Number(rest[first + 1 - 3]);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return (a + b) / ticksPerSecond;
}

/** Seconds of CPU (user + system: utime(14), stime(15)) a process has used (Linux). */
export function cpuSecondsFromStat(stat: string, ticksPerSecond = 100): number | undefined {
  return statSeconds(stat, 14, ticksPerSecond);
}

/**
 * Seconds of CPU used by a process's children that have exited and been waited for (cutime(16)
 * + cstime(17)). A Postgres backend's CPU lands here, in the postmaster's line, when its
 * connection closes.
 */
export function reapedCpuSecondsFromStat(stat: string, ticksPerSecond = 100): number | undefined {
  return statSeconds(stat, 16, ticksPerSecond);
}

/** One process's CPU at a moment: its own, and that of its exited children. */
export interface ProcessCpu {
  label: string;
  seconds: number;
  reapedSeconds: number;
}

/**
 * CPU seconds each label used between two samples of the same processes (by pid). A process
 * that exited in between took its CPU with it, but its parent's reaped time grew by the child's
 * whole lifetime; taking out what the child had used before the first sample leaves its share
 * of the interval. Summing live processes only (as this bench once did) made Postgres look
 * nearly free whenever the pools closed idle connections during a phase.
 */
export function cpuUsedBetween(
  before: ReadonlyMap<number, ProcessCpu>,
  after: ReadonlyMap<number, ProcessCpu>,
): Map<string, number> {
  const used = new Map<string, number>();
  const add = (label: string, seconds: number) => used.set(label, (used.get(label) ?? 0) + seconds);
  for (const [pid, a] of after) {
    const b = before.get(pid);
    add(a.label, a.seconds - (b?.seconds ?? 0) + a.reapedSeconds - (b?.reapedSeconds ?? 0));
  }
  for (const [pid, b] of before) if (!after.has(pid)) add(b.label, -b.seconds);
  return used;
}

/** The command name of a process, from /proc/<pid>/stat. */
export function commandOfStat(stat: string): string {
  return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
}
