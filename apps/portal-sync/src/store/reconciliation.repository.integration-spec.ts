import { exampleCase } from '@hub/contracts';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations, type OutboxMessage } from '@hub/persistence';
import { SyncStatusReader } from '@hub/read-models';
import { PortalSyncJobRepository } from './portal-sync-job.repository';
import { ReconciliationRepository } from './reconciliation.repository';

jest.setTimeout(60_000);

describe('ReconciliationRepository (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let other: DataSource;
  let runs: ReconciliationRepository;
  let jobs: PortalSyncJobRepository;
  /** Ops' side: requests and reads runs through what portal-sync publishes. */
  let status: SyncStatusReader;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 4 });
    other = createDataSource({ url: pg.url, applicationName: 'test-2', poolSize: 2 });
    await Promise.all([ds.initialize(), other.initialize()]);
    runs = new ReconciliationRepository(ds);
    jobs = new PortalSyncJobRepository(ds);
    status = new SyncStatusReader(ds);
  });

  afterAll(async () => {
    await Promise.all([ds?.destroy(), other?.destroy()]);
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE reconciliations, portal_sync_jobs, outbox');
  });

  /** A case of `count` events, all synced through the real claim/record path. */
  async function syncedCase(number: number, count = 5): Promise<string> {
    const c = exampleCase({ number });
    await jobs.insertJobs(
      c.events.slice(0, count).map((e) => ({
        eventId: e.id,
        caseCode: c.caseCode,
        department: 'STP',
        sequence: e.sequence,
        eventType: e.type,
        event: e,
        acceptedAt: new Date(),
      })),
    );
    const announce = (): OutboxMessage => ({ topic: 't', key: 'k', headers: {}, value: '' });
    for (;;) {
      const claimed = await jobs.claimDue(10, 'w', 60_000);
      if (claimed.length === 0) return c.caseCode;
      for (const j of claimed) {
        await jobs.record(j.eventId, 'w', { state: 'synced', portalStatus: '10' }, announce);
      }
    }
  }

  it('lets one holder of the lock run at a time', async () => {
    const second = new ReconciliationRepository(other);
    let inner: string | undefined = 'not run';
    const outer = await runs.runExclusive(async () => {
      inner = await second.runExclusive(() => Promise.resolve('ran'));
      return 'outer ran';
    });
    expect(outer).toBe('outer ran');
    expect(inner).toBeUndefined();
    expect(await second.runExclusive(() => Promise.resolve('free again'))).toBe('free again');
  });

  it('requests a scheduled run once per interval, claims runs in order, resumes a dead runner', async () => {
    expect((await runs.prepare(3_600_000, 86_400_000)).scheduled).toBe(true);
    expect((await runs.prepare(3_600_000, 86_400_000)).scheduled).toBe(false);
    expect((await runs.prepare(0, 86_400_000)).scheduled).toBe(false);
    const asked = await status.requestReconciliation({
      trigger: 'on-demand',
      requestedBy: 'ops',
      windowFrom: new Date(Date.now() - 1000),
      windowTo: new Date(),
    });
    const first = await runs.claimNext('a');
    expect(first).toMatchObject({ trigger: 'schedule', state: 'running', runBy: 'a' });
    // Runner "a" dies: the next lock holder puts its run back.
    expect((await runs.prepare(3_600_000, 86_400_000)).resumed).toBe(1);
    expect((await runs.claimNext('b'))?.id).toBe(first?.id);
    expect((await runs.claimNext('b'))?.id).toBe(asked.id);
    expect(await runs.claimNext('b')).toBeUndefined();

    await runs.finish(asked.id, {
      checked: 1,
      matching: 0,
      repaired: 1,
      stillFailing: 0,
      skipped: 0,
      details: [{ caseCode: 'X', department: 'STP', result: 'repaired', differences: [] }],
    });
    expect(await status.reconciliation(asked.id)).toMatchObject({
      state: 'done',
      repaired: 1,
      details: [{ caseCode: 'X', result: 'repaired' }],
    });
    expect(await status.reconciliation('nope')).toBeUndefined();
    expect((await status.reconciliations(10, 0)).map((r) => r.id)).toEqual([asked.id, first?.id]);
  });

  it('finds the cases touched in a window and requeues a synced stretch all or nothing', async () => {
    const since = new Date(Date.now() - 1000);
    const code = await syncedCase(501);
    const touched = await runs.touchedCases({ from: since, to: new Date(Date.now() + 1000) }, 10);
    expect(touched).toEqual([{ caseCode: code, department: 'STP' }]);
    expect(await runs.touchedCases({ from: new Date(0), to: since }, 10)).toEqual([]);

    expect(await runs.requeueForRepair(code, 1, 5)).toBe(true);
    const after = await runs.caseJobs(code);
    expect(after.map((j) => j.state)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    // Only sequence 1 is due again: the dispatcher re-sends the case in order.
    const due = await jobs.claimDue(10, 'w', 60_000);
    expect(due.map((j) => [j.sequence, j.replayCount])).toEqual([[1, 1]]);

    // Not all of 1..5 are synced now: nothing is requeued.
    expect(await runs.requeueForRepair(code, 1, 5)).toBe(false);
  });
});
