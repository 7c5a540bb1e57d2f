import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import { cpuSecondsFromStat } from './http-load';
import { distribution, type Distribution } from './stats';

/** What an idle hub costs, and how soon it picks up a lone piece of work. */
export interface IdleResult {
  seconds: number;
  /** CPU of all hub apps (mocks excluded) over the window, in cores (1 = one core busy). */
  cores: number;
  coresByApp: Record<string, number>;
  /**
   * A lone outbox row committed on the idle hub → gone from the outbox (the relay claimed it,
   * Kafka acknowledged, the delete committed): the claim plus a publish, so an upper bound.
   */
  enqueueToClaimMs: Distribution;
  /**
   * A lone case event accepted by the gateway (202) → its portal-sync job claimed: every hop of
   * the chain (outbox, relay, Kafka, the consumer's insert, portal-sync's claim).
   */
  eventToSyncClaimMs: Distribution;
}

export interface IdleOptions {
  /** pid → label of every hub app process to count (mocks left out by the caller). */
  processes: ReadonlyMap<number, string>;
  databaseUrl: string;
  seconds: number;
  probes: number;
  /** Pause between probes, so each finds the hub idle again. */
  probeSpacingMs: number;
  /** Posts one new case event through the gateway; answers its id once the gateway said 202. */
  postEvent(): Promise<string>;
}

/** A topic no consumer reads: the probe's messages must not look like case events. */
const PROBE_TOPIC = 'hub.bench.idle-probe.v1';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat === undefined ? 0 : (cpuSecondsFromStat(stat) ?? 0);
}

/**
 * CPU ticks (utime + stime, /proc/<pid>/stat) of the hub's apps over `seconds` with no traffic,
 * then `probes` lone outbox rows, each timed from its commit to its removal by the relay.
 */
export async function measureIdle(options: IdleOptions): Promise<IdleResult> {
  const pids = [...options.processes.keys()];
  const before = await Promise.all(pids.map(cpuSeconds));
  const started = performance.now();
  await sleep(options.seconds * 1000);
  const after = await Promise.all(pids.map(cpuSeconds));
  const elapsed = (performance.now() - started) / 1000;
  const coresByApp: Record<string, number> = {};
  let total = 0;
  pids.forEach((pid, i) => {
    const used = (after[i] ?? 0) - (before[i] ?? 0);
    total += used;
    const label = options.processes.get(pid) ?? String(pid);
    coresByApp[label] = Math.round((used / elapsed) * 10_000) / 10_000;
  });

  const db = new Client({ connectionString: options.databaseUrl, application_name: 'bench-idle' });
  await db.connect();
  const latencies: number[] = [];
  const chain: number[] = [];
  try {
    for (let i = 0; i < options.probes; i++) {
      await sleep(options.probeSpacingMs);
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO outbox (lane, topic, message_key, headers, value)
         VALUES ($1, $2, $3, '{}'::jsonb, '{}') RETURNING id`,
        [i % 64, PROBE_TOPIC, `idle-probe-${i}`],
      );
      const committed = performance.now();
      const id = rows[0]?.id;
      for (;;) {
        const left = await db.query('SELECT 1 FROM outbox WHERE id = $1', [id]);
        if (left.rowCount === 0) break;
        if (performance.now() - committed > 10_000) break;
        await sleep(1);
      }
      latencies.push(performance.now() - committed);
    }
    for (let i = 0; i < options.probes; i++) {
      await sleep(options.probeSpacingMs);
      const eventId = await options.postEvent();
      const accepted = performance.now();
      for (;;) {
        const job = await db.query(
          `SELECT 1 FROM portal_sync_jobs WHERE event_id = $1 AND (leased_by IS NOT NULL OR state <> 'pending')`,
          [eventId],
        );
        if (job.rowCount !== 0) break;
        if (performance.now() - accepted > 10_000) break;
        await sleep(1);
      }
      chain.push(performance.now() - accepted);
    }
  } finally {
    await db.end();
  }
  return {
    seconds: Math.round(elapsed * 10) / 10,
    cores: Math.round((total / elapsed) * 10_000) / 10_000,
    coresByApp,
    enqueueToClaimMs: distribution(latencies),
    eventToSyncClaimMs: distribution(chain),
  };
}
