import { NationalAdapterStateRepository, createDataSource, runMigrations } from '@hub/persistence';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { OpsSeriesRepository } from './ops-series.repository';

jest.setTimeout(60_000);

let pg: PostgresHandle;
let ds: DataSource;
let states: NationalAdapterStateRepository;
let series: OpsSeriesRepository;

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  ds = createDataSource({ url: pg.url, applicationName: 'adapter-calls-spec', poolSize: 2 });
  await ds.initialize();
  states = new NationalAdapterStateRepository(ds);
  series = new OpsSeriesRepository(ds);
});

afterAll(async () => {
  await ds?.destroy();
  await pg?.stop();
});

const totals = (calls: number, failures: number, sent: number, sentSeconds: number) => ({
  calls,
  failures,
  sent,
  sentSeconds,
});

/** What ops does every OPS_SAMPLE_MS: read the processes' totals, add the deltas. */
const sample = async (): Promise<void> =>
  series.recordAdapterCalls(await states.callCounts(), 3600);

const hour = (): Date => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

describe('national adapters’ calls, from the processes’ heartbeats to ops’ buckets', () => {
  it('keeps the counts a heartbeat reported, and a state change without counts leaves them', async () => {
    await states.report('portal', 'ps-1', 'portal-sync', 'closed', totals(12, 2, 11, 3.5));
    await states.report('portal', 'ps-1', 'portal-sync', 'open');
    expect(await states.callCounts()).toEqual([
      { adapter: 'portal', instance: 'ps-1', calls: 12, failures: 2, sent: 11, sentSeconds: 3.5 },
    ]);
    const [row] = await states.list();
    expect(row?.state).toBe('open');
  });

  it('samples per-adapter deltas over processes, a restart counted from 0, in samples and rollups', async () => {
    // The first sample is the base: calls made before ops counted are not a burst now.
    await sample();
    expect(await series.adapterCallBuckets(new Date(0), 3600)).toEqual([]);

    await states.report('portal', 'ps-1', 'portal-sync', 'open', totals(20, 9, 14, 5.5));
    await states.report('portal', 'ps-2', 'portal-sync', 'closed', totals(3, 0, 3, 0.6));
    await states.report('population', 'oo-1', 'once-only', 'closed', totals(5, 1, 4, 0.4));
    await sample();
    // ps-1 restarted under its name (totals went down): its new totals are all new.
    await states.report('portal', 'ps-1', 'portal-sync', 'closed', totals(2, 0, 2, 0.2));
    await sample();
    await sample(); // nothing new: nothing added

    const expected = [
      // population: new process, all of it; portal: (20-12) + 3 (new ps-2) + 2 (restart)
      { at: hour(), adapter: 'population', calls: 5, failures: 1, sent: 4, sentSeconds: 0.4 },
      { at: hour(), adapter: 'portal', calls: 13, failures: 7, sent: 8, sentSeconds: 2.8 },
    ];
    const round = (b: { sentSeconds: number }) => ({
      ...b,
      sentSeconds: Math.round(b.sentSeconds * 1000) / 1000,
    });
    expect((await series.adapterCallBuckets(new Date(0), 3600)).map(round)).toEqual(expected);
    // A quarter-hour bucket is read from the rollups, which got the same deltas.
    const fromRollups = await series.adapterCallBuckets(new Date(0), 900);
    expect(fromRollups.reduce((n, b) => n + b.calls, 0)).toBe(18);

    await series.prune(30);
    expect((await series.adapterCallBuckets(new Date(0), 3600)).length).toBe(2);
  });
});
