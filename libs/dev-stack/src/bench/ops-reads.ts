/**
 * `npm run bench:ops-reads -- [--events N]`: how long the operations reads take when Postgres
 * holds N accepted events (default a million) — the sync summary, held cases, the count
 * compaction, waking and releasing waiting jobs — and, for scale, one full recount of the sync
 * counters (what every summary used to cost). A fresh database is filled and dropped afterwards.
 */
import { createDataSource, runMigrations } from '@hub/persistence';
import { SyncStatusReader } from '@hub/read-models';
import { PortalSyncJobRepository } from '../../../../apps/portal-sync/src/store';
import { startPostgres } from '@hub/testing';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const CASE_CHUNK = 50_000;

function eventsWanted(argv: string[]): number {
  const at = argv.indexOf('--events');
  const raw = at >= 0 ? argv[at + 1] : process.env.BENCH_OPS_EVENTS;
  const events = raw === undefined ? 1_000_000 : Number(raw);
  if (!Number.isInteger(events) || events < 5 || events > 50_000_000) {
    throw new Error(`--events: expected a whole number from 5 to 50000000, got "${raw}"`);
  }
  return events;
}

async function timed(run: () => Promise<unknown>, times: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    await run();
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return ms.sort((a, b) => a - b);
}

async function main(argv: string[]): Promise<void> {
  const events = eventsWanted(argv);
  const cases = Math.floor(events / 5);
  const pg = await startPostgres({ freshDatabase: true, log: say });
  // Filling a million events takes statements longer than an app's timeout allows.
  const ds = createDataSource({
    url: pg.url,
    applicationName: 'bench-ops-reads',
    poolSize: 2,
    statementTimeoutMs: 0,
  });
  try {
    await runMigrations(pg.url);
    await ds.initialize();
    say(`filling ${cases * 5} events (${cases} cases of 5) with their jobs, through the triggers`);
    const fillStarted = Date.now();
    for (let from = 1; from <= cases; from += CASE_CHUNK) {
      const to = Math.min(cases, from + CASE_CHUNK - 1);
      // 12 departments; one case in 1000 has a dead event 3 (its 4 and 5 wait behind it), one in
      // 1000 never sent event 2 (held), one in 1000 is still pending; the rest are synced.
      await ds.query(
        `INSERT INTO cases (case_code, department) SELECT 'B' || g, 'D' || (g % 12)
           FROM generate_series($1::int, $2::int) g`,
        [from, to],
      );
      await ds.query(
        `INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash, accepted_at)
         SELECT 'B' || g || '#' || s, 'B' || g, 'D' || (g % 12), 'case.status-changed', s, now(),
                '{"bench":true}', 'h', now() - ((($2::int - g) * 5 + 5 - s) * interval '100 milliseconds')
           FROM generate_series($1::int, $2::int) g, generate_series(1, 5) s`,
        [from, to],
      );
      await ds.query(
        `INSERT INTO portal_sync_jobs (event_id, case_code, department, sequence, event_type, event, state,
                                       accepted_at, synced_at, dead_at, predecessor_synced)
         SELECT e.id, e.case_code, e.department, e.sequence, e.type, '{}', x.state, e.accepted_at,
                CASE WHEN x.state = 'synced' THEN now() END, CASE WHEN x.state = 'dead' THEN now() END,
                x.ready
           FROM case_events e
           CROSS JOIN LATERAL (SELECT substr(e.case_code, 2)::int AS g) n
           CROSS JOIN LATERAL (SELECT CASE
                 WHEN n.g % 1000 = 1 AND e.sequence = 3 THEN 'dead'
                 WHEN n.g % 1000 = 1 AND e.sequence > 3 THEN 'pending'
                 WHEN n.g % 1000 = 2 AND e.sequence > 2 THEN 'pending'
                 WHEN n.g % 1000 = 3 THEN 'pending'
                 ELSE 'synced' END AS state,
               NOT (n.g % 1000 = 1 AND e.sequence > 3) AND NOT (n.g % 1000 = 2 AND e.sequence > 2)
                 AND NOT (n.g % 1000 = 3 AND e.sequence > 1) AS ready) x
          WHERE e.case_code = ANY (SELECT 'B' || g FROM generate_series($1::int, $2::int) g)
            AND NOT (n.g % 1000 = 2 AND e.sequence = 2)`,
        [from, to],
      );
    }
    await ds.query('ANALYZE');
    say(`  filled in ${((Date.now() - fillStarted) / 1000).toFixed(1)} s`);

    const jobs = new PortalSyncJobRepository(ds);
    const status = new SyncStatusReader(ds);
    await jobs.compactSyncCounts();
    const { all } = await status.summary();
    const held = await status.heldCaseCount();
    say(
      `  summary: ${all.total} accepted, ${all.synced} synced, ${all.pending} pending, ${all.dead} dead; ${held} held cases`,
    );
    // The fill's changes were folded into sync_counts and deleted, but this machine's Postgres may
    // run without autovacuum: time the reads with those dead rows still there, then vacuumed.
    const reads: [string, () => Promise<unknown>][] = [
      ['sync summary (GET /v1/sync/summary, gauges)', () => status.summary()],
      ['held cases, first page (GET /v1/sync/held-cases)', () => status.heldCases({ limit: 100 })],
      ['held cases, exact count', () => status.heldCaseCount()],
      ['count compaction (nothing to fold)', () => jobs.compactSyncCounts()],
      ['wake waiting jobs (portal breaker closes)', () => jobs.wakeRetrying()],
      ['release leases (portal-sync shutdown)', () => jobs.releaseLeases('bench-nobody')],
    ];
    const before: number[][] = [];
    for (const [, run] of reads) before.push(await timed(run, 7));
    await ds.query('VACUUM sync_count_deltas, unsynced_events');
    say('');
    say(
      '| read | median ms, dead rows of the fill not yet vacuumed | median ms after VACUUM | max ms after VACUUM (of 7) |',
    );
    say('| --- | --- | --- | --- |');
    for (const [i, [name, run]] of reads.entries()) {
      const ms = await timed(run, 7);
      say(`| ${name} | ${before[i][3].toFixed(2)} | ${ms[3].toFixed(2)} | ${ms[6].toFixed(2)} |`);
    }
    const [recount] = await timed(() => ds.query('SELECT sync_counts_recount()'), 1);
    say(
      `| full recount, SELECT sync_counts_recount() (what counting costs) | | ${recount.toFixed(0)} | |`,
    );
  } finally {
    await ds.destroy().catch(() => undefined);
    await pg.stop();
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
