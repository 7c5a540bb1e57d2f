import { exampleCase, topics } from '@hub/contracts';
import { sleep, startPostgres, type PostgresHandle } from '@hub/testing';
import {
  createDataSource,
  outboxLane,
  queryRows,
  runMigrations,
  type OutboxMessage,
} from '@hub/persistence';
import {
  PortalSyncJobRepository,
  type NewSyncJob,
  type PortalSyncJobRecord,
  type SweepPosition,
  type SyncJobResult,
} from './index';
import { SyncStatusReader } from '@hub/read-models';
import type { DataSource } from 'typeorm';
import { RELEASE_LEASES, WAKE_WAITING } from './portal-sync-job.repository';

jest.setTimeout(30_000);

const LEASE_MS = 60_000;

/** The portal-sync jobs of one example case (its five events), optionally only some sequences. */
function jobsOf(
  options: { number: number; department?: string },
  sequences = [1, 2, 3, 4, 5],
): NewSyncJob[] {
  const example = exampleCase({ department: options.department, number: options.number });
  return example.events
    .filter((e) => sequences.includes(e.sequence))
    .map((e) => ({
      eventId: e.id,
      caseCode: example.caseCode,
      department: example.department,
      sequence: e.sequence,
      eventType: e.type,
      event: e,
      acceptedAt: new Date(),
    }));
}

/** What the portal-sync worker announces for a recorded outcome (the test needs only the shape). */
function announce(job: PortalSyncJobRecord): OutboxMessage {
  return {
    topic: topics.syncResults,
    key: job.caseCode,
    headers: { ce_id: `${job.eventId}#${job.attempts}#${job.state}` },
    value: JSON.stringify({ eventId: job.eventId, state: job.state, attempts: job.attempts }),
  };
}

const synced: SyncJobResult = { state: 'synced', portalStatus: '4' };

describe('PortalSyncJobRepository (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let other: DataSource;
  let jobs: PortalSyncJobRepository;
  /** What portal-sync publishes for ops (`portal_sync_api`), read as ops reads it. */
  let status: SyncStatusReader;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test' });
    other = createDataSource({ url: pg.url, applicationName: 'test-other-replica' });
    await Promise.all([ds.initialize(), other.initialize()]);
    jobs = new PortalSyncJobRepository(ds);
    status = new SyncStatusReader(ds);
  });

  afterAll(async () => {
    await Promise.all([ds?.destroy(), other?.destroy()]);
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE cases, case_events, outbox, portal_sync_jobs CASCADE');
  });

  async function job(eventId: string): Promise<Record<string, unknown>> {
    const [row] = await queryRows<Record<string, unknown>>(
      ds,
      'SELECT * FROM portal_sync_jobs WHERE event_id = $1',
      [eventId],
    );
    if (!row) throw new Error(`no job ${eventId}`);
    return row;
  }

  async function outboxCount(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(ds, 'SELECT count(*)::int AS n FROM outbox');
    return row?.n ?? 0;
  }

  /** Claims and records as synced until nothing is due; returns every event id it synced. */
  async function syncEverythingDue(worker: string): Promise<string[]> {
    const done: string[] = [];
    for (;;) {
      const due = await jobs.claimDue(50, worker, LEASE_MS);
      if (due.length === 0) return done;
      for (const j of due) {
        expect(await jobs.record(j.eventId, worker, synced, announce)).toBeDefined();
        done.push(j.eventId);
      }
    }
  }

  it('inserts jobs idempotently by event id', async () => {
    const batch = jobsOf({ number: 1 });
    expect(await jobs.insertJobs(batch)).toBe(5);
    expect(await jobs.insertJobs(batch)).toBe(0);
    expect(await jobs.insertJobs([...batch.slice(0, 2), ...jobsOf({ number: 2 }, [1])])).toBe(1);
    expect(await jobs.insertJobs([])).toBe(0);
    const [row] = await queryRows<{ n: number }>(
      ds,
      'SELECT count(*)::int AS n FROM portal_sync_jobs',
    );
    expect(row?.n).toBe(6);
  });

  it('makes only sequence 1 of a fresh case due, then 2 once 1 is synced', async () => {
    const [first, second] = jobsOf({ number: 3 });
    await jobs.insertJobs(jobsOf({ number: 3 }));

    const claimed = await jobs.claimDue(10, 'worker-a', LEASE_MS);
    expect(claimed.map((j) => j.sequence)).toEqual([1]);
    expect(claimed[0]).toMatchObject({ eventId: first.eventId, leasedBy: 'worker-a' });
    expect(claimed[0].leaseUntil).toBeInstanceOf(Date);
    // Leased, and sequence 2 waits for 1: nothing else is due.
    expect(await jobs.claimDue(10, 'worker-a', LEASE_MS)).toEqual([]);

    const recorded = await jobs.record(first.eventId, 'worker-a', synced, announce);
    expect(recorded).toMatchObject({
      state: 'synced',
      attempts: 1,
      portalStatus: '4',
      leasedBy: null,
      leaseUntil: null,
    });
    expect(recorded?.syncedAt).toBeInstanceOf(Date);

    const next = await jobs.claimDue(10, 'worker-a', LEASE_MS);
    expect(next.map((j) => j.eventId)).toEqual([second.eventId]);
  });

  it('holds a case behind a missing sequence while other cases flow, and reports it', async () => {
    const gapped = jobsOf({ number: 4 }, [1, 3]);
    const flowing = jobsOf({ number: 5 });
    await jobs.insertJobs([...gapped, ...flowing]);

    const done = await syncEverythingDue('worker-a');
    expect(done).toHaveLength(6);
    expect(done).toEqual(expect.arrayContaining(flowing.map((j) => j.eventId)));
    expect(done).toContain(gapped[0].eventId);
    expect(done).not.toContain(gapped[1].eventId);
    expect(await job(gapped[1].eventId)).toMatchObject({
      state: 'pending',
      attempts: 0,
      leased_by: null,
    });

    const held = await status.heldCases({ limit: 100 });
    expect(held).toEqual([
      {
        caseCode: gapped[0].caseCode,
        department: 'STP',
        missingSequence: 2,
        waiting: 1,
        waitingSince: expect.any(Date) as Date,
        oldestWaitingSeconds: expect.any(Number) as number,
      },
    ]);

    // Once the missing event arrives the case drains in order and is no longer held.
    await jobs.insertJobs(jobsOf({ number: 4 }, [2]));
    const rest = await syncEverythingDue('worker-a');
    expect(rest).toEqual([jobsOf({ number: 4 }, [2])[0].eventId, gapped[1].eventId]);
    expect(await status.heldCases({ limit: 100 })).toEqual([]);
  });

  it('ignores a sequence gap that two racing inserts left behind, and the sweep forgets it', async () => {
    const [first, second] = jobsOf({ number: 6 }, [1, 2]);
    await jobs.insertJobs([first, second]);
    // What two transactions making 1 and 2 at once, each blind to the other, leave recorded.
    await ds.query(`INSERT INTO sync_sequence_gaps (case_code, sequence) VALUES ($1, 2)`, [
      second.caseCode,
    ]);
    expect(await status.heldCases({ limit: 100 })).toEqual([]);
    expect(await status.heldCaseCount()).toBe(0);
    expect(await jobs.forgetFilledGaps()).toBe(1);
    expect(await jobs.forgetFilledGaps()).toBe(0);
    // A real gap stays: the case's 4 without its 3, once 1 and 2 are synced.
    await ds.query(
      `UPDATE portal_sync_jobs SET state = 'synced' WHERE event_id = ANY($1::text[])`,
      [[first.eventId, second.eventId]],
    );
    await jobs.insertJobs(jobsOf({ number: 6 }, [4]));
    expect(await jobs.forgetFilledGaps()).toBe(0);
    expect(await status.heldCaseCount()).toBe(1);
  });

  it('never gives the same job to two workers claiming at the same time', async () => {
    const all = Array.from({ length: 40 }, (_, i) => jobsOf({ number: 100 + i }, [1])).flat();
    await jobs.insertJobs(all);
    const replica = new PortalSyncJobRepository(other);

    const rounds = await Promise.all([
      jobs.claimDue(15, 'worker-a', LEASE_MS),
      replica.claimDue(15, 'worker-b', LEASE_MS),
      jobs.claimDue(15, 'worker-c', LEASE_MS),
      replica.claimDue(15, 'worker-d', LEASE_MS),
    ]);
    const claimed = rounds.flat().map((j) => j.eventId);
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
    expect(new Set(claimed)).toEqual(new Set(all.map((j) => j.eventId)));

    // Each claim is recorded against the worker that made it.
    const owners = await queryRows<{ leased_by: string; n: number }>(
      ds,
      'SELECT leased_by, count(*)::int AS n FROM portal_sync_jobs GROUP BY leased_by ORDER BY leased_by',
    );
    expect(owners.map((o) => [o.leased_by, o.n])).toEqual(
      ['worker-a', 'worker-b', 'worker-c', 'worker-d']
        .map((w, i) => [w, rounds[i].length] as const)
        .filter(([, n]) => n > 0),
    );
  });

  it('lets only the lease holder record, and nobody else claim until the lease ends', async () => {
    const [first] = jobsOf({ number: 6 }, [1]);
    await jobs.insertJobs([first]);
    const replica = new PortalSyncJobRepository(other);

    // Short enough to wait out, long enough that the checks below run inside it.
    const [claimed] = await jobs.claimDue(1, 'worker-a', 1000);
    expect(claimed?.eventId).toBe(first.eventId);

    expect(await replica.claimDue(10, 'worker-b', LEASE_MS)).toEqual([]);
    expect(await replica.record(first.eventId, 'worker-b', synced, announce)).toBeUndefined();
    expect(await job(first.eventId)).toMatchObject({ state: 'pending', leased_by: 'worker-a' });
    expect(await outboxCount()).toBe(0);

    await sleep(1100);
    const [takenOver] = await replica.claimDue(10, 'worker-b', LEASE_MS);
    expect(takenOver).toMatchObject({ eventId: first.eventId, leasedBy: 'worker-b' });

    // worker-a's lease ran out and the job was taken over: its late result changes nothing.
    expect(await jobs.record(first.eventId, 'worker-a', synced, announce)).toBeUndefined();
    expect(await replica.record(first.eventId, 'worker-b', synced, announce)).toMatchObject({
      state: 'synced',
      attempts: 1,
    });
    expect(await outboxCount()).toBe(1);
  });

  it('releases a worker’s leases so another worker can claim at once', async () => {
    await jobs.insertJobs(jobsOf({ number: 7 }, [1]));
    expect(await jobs.claimDue(10, 'worker-a', LEASE_MS)).toHaveLength(1);
    expect(await jobs.claimDue(10, 'worker-b', LEASE_MS)).toEqual([]);
    await jobs.releaseLeases('worker-a');
    expect(await jobs.claimDue(10, 'worker-b', LEASE_MS)).toHaveLength(1);
  });

  it('keeps a job pending with unchanged attempts when a retry was never attempted', async () => {
    const [first] = jobsOf({ number: 8 }, [1]);
    await jobs.insertJobs([first]);
    await jobs.claimDue(1, 'worker-a', LEASE_MS);

    const later = new Date(Date.now() + 60 * 60_000);
    const recorded = await jobs.record(
      first.eventId,
      'worker-a',
      {
        state: 'retrying',
        attempted: false,
        dossierSynced: false,
        nextAttemptAt: later,
        errorCode: 'PORTAL_CIRCUIT_OPEN',
        errorMessage: 'circuit open',
      },
      announce,
    );
    expect(recorded).toMatchObject({
      state: 'pending',
      attempts: 0,
      lastErrorCode: 'PORTAL_CIRCUIT_OPEN',
      lastErrorMessage: 'circuit open',
      dossierSyncedAt: null,
      leasedBy: null,
    });
    expect(recorded?.nextAttemptAt.getTime()).toBe(later.getTime());
    expect(await jobs.claimDue(10, 'worker-a', LEASE_MS)).toEqual([]);
  });

  it('counts an attempted retry, and wakes it up when asked', async () => {
    const [first] = jobsOf({ number: 9 }, [1]);
    await jobs.insertJobs([first]);
    await jobs.claimDue(1, 'worker-a', LEASE_MS);

    const recorded = await jobs.record(
      first.eventId,
      'worker-a',
      {
        state: 'retrying',
        attempted: true,
        dossierSynced: true,
        nextAttemptAt: new Date(Date.now() + 60 * 60_000),
        errorCode: 'PORTAL_UNAVAILABLE',
        errorMessage: '503 from portal',
      },
      announce,
    );
    expect(recorded).toMatchObject({ state: 'retrying', attempts: 1 });
    expect(recorded?.dossierSyncedAt).toBeInstanceOf(Date);
    expect(await jobs.claimDue(10, 'worker-a', LEASE_MS)).toEqual([]);

    expect(await jobs.wakeRetrying()).toBe(1);
    const [woken] = await jobs.claimDue(10, 'worker-a', LEASE_MS);
    expect(woken).toMatchObject({ eventId: first.eventId, state: 'retrying', attempts: 1 });
    // Nothing left in the future to wake.
    expect(await jobs.wakeRetrying()).toBe(0);
  });

  it('wakes and releases waiting jobs through the waiting jobs’ indexes, not a scan of every job', async () => {
    // With sequential scans priced out, a statement that can only be answered by one still shows one.
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL enable_seqscan = off');
      for (const [statement, params] of [
        [WAKE_WAITING, []],
        [RELEASE_LEASES, ['worker-a']],
      ] as const) {
        const rows = await queryRows<{ 'QUERY PLAN': string }>(runner, `EXPLAIN ${statement}`, [
          ...params,
        ]);
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan).not.toMatch(/Seq Scan on portal_sync_jobs/);
        expect(plan).toMatch(/portal_sync_jobs_ready/);
        expect(plan).toMatch(/portal_sync_jobs_blocked/);
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('blocks a case behind a dead job until it is replayed', async () => {
    const [first, second] = jobsOf({ number: 10 }, [1, 2]);
    await jobs.insertJobs([first, second]);
    await jobs.claimDue(1, 'worker-a', LEASE_MS);
    const dead = await jobs.record(
      first.eventId,
      'worker-a',
      {
        state: 'dead',
        errorCode: 'PORTAL_REJECTED',
        errorMessage: 'invalid dossier',
        dossierSynced: false,
      },
      announce,
    );
    expect(dead).toMatchObject({ state: 'dead', attempts: 1 });
    expect(dead?.deadAt).toBeInstanceOf(Date);
    expect(await jobs.claimDue(10, 'worker-a', LEASE_MS)).toEqual([]);

    expect(await status.deadLetters({ limit: 10, offset: 0 })).toEqual([
      expect.objectContaining({
        eventId: first.eventId,
        sequence: 1,
        attempts: 1,
        errorCode: 'PORTAL_REJECTED',
        waitingBehind: 1,
      }),
    ]);
    expect(await status.deadLetters({ department: 'SXD', limit: 10, offset: 0 })).toEqual([]);

    expect(await status.replay(second.eventId)).toBe('not-dead');
    expect(await status.replay('no-such-event')).toBe('not-found');
    expect(await status.replay(first.eventId, 'SXD')).toBe('not-found');
    expect(await status.replay(first.eventId, 'STP')).toBe('replayed');
    expect(await status.replay(first.eventId)).toBe('not-dead');

    const [again] = await jobs.claimDue(10, 'worker-a', LEASE_MS);
    expect(again).toMatchObject({
      eventId: first.eventId,
      state: 'pending',
      replayCount: 1,
      deadAt: null,
    });
    await jobs.record(first.eventId, 'worker-a', synced, announce);
    expect((await jobs.claimDue(10, 'worker-a', LEASE_MS)).map((j) => j.eventId)).toEqual([
      second.eventId,
    ]);
  });

  it('writes exactly one sync-results outbox row per recorded outcome', async () => {
    const [first] = jobsOf({ number: 11 }, [1]);
    await jobs.insertJobs([first]);
    const retry: SyncJobResult = {
      state: 'retrying',
      attempted: true,
      dossierSynced: false,
      nextAttemptAt: new Date(),
      errorCode: 'PORTAL_TIMEOUT',
      errorMessage: 'timeout',
    };

    await jobs.claimDue(1, 'worker-a', LEASE_MS);
    await jobs.record(first.eventId, 'worker-a', retry, announce);
    expect(await outboxCount()).toBe(1);
    // Not the lease holder any more: no outcome, no announcement.
    expect(await jobs.record(first.eventId, 'worker-a', synced, announce)).toBeUndefined();
    expect(await outboxCount()).toBe(1);

    await jobs.claimDue(1, 'worker-a', LEASE_MS);
    await jobs.record(first.eventId, 'worker-a', synced, announce);

    const rows = await queryRows<{ topic: string; message_key: string; value: string }>(
      ds,
      'SELECT topic, message_key, value FROM outbox ORDER BY id',
    );
    expect(rows.map((r) => r.topic)).toEqual([topics.syncResults, topics.syncResults]);
    expect(rows.map((r) => r.message_key)).toEqual([first.caseCode, first.caseCode]);
    expect(rows.map((r) => JSON.parse(r.value) as unknown)).toEqual([
      { eventId: first.eventId, state: 'retrying', attempts: 1 },
      { eventId: first.eventId, state: 'synced', attempts: 2 },
    ]);
  });

  it('rolls the outcome back when its announcement cannot be written', async () => {
    const [first] = jobsOf({ number: 12 }, [1]);
    await jobs.insertJobs([first]);
    await jobs.claimDue(1, 'worker-a', LEASE_MS);
    await expect(
      jobs.record(first.eventId, 'worker-a', synced, () => {
        throw new Error('announce failed');
      }),
    ).rejects.toThrow('announce failed');
    expect(await job(first.eventId)).toMatchObject({ state: 'pending', leased_by: 'worker-a' });
    expect(await outboxCount()).toBe(0);
  });

  it('summarises over accepted events, counting one without a job as pending', async () => {
    const stp = exampleCase({ department: 'STP', number: 20 });
    const sxd = exampleCase({ department: 'SXD', number: 21 });
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const c of [stp, sxd]) {
      await ds.query('INSERT INTO cases (case_code, department) VALUES ($1, $2)', [
        c.caseCode,
        c.department,
      ]);
      for (const e of c.events) {
        await ds.query(
          `INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash, accepted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, 'hash', $8)`,
          [e.id, c.caseCode, c.department, e.type, e.sequence, e.time, JSON.stringify(e), hourAgo],
        );
      }
    }
    // STP: 1 synced, 2 dead, 3..5 accepted but never turned into jobs (pending).
    // SXD: 1 synced, 2 retrying, 3 pending job, 4..5 without jobs (pending).
    await jobs.insertJobs([
      ...jobsOf({ department: 'STP', number: 20 }, [1]),
      ...jobsOf({ department: 'SXD', number: 21 }, [1]),
    ]);
    expect(await syncEverythingDue('worker-a')).toHaveLength(2);
    await jobs.insertJobs([
      ...jobsOf({ department: 'STP', number: 20 }, [2]),
      ...jobsOf({ department: 'SXD', number: 21 }, [2, 3]),
    ]);
    const due = await jobs.claimDue(10, 'worker-a', LEASE_MS);
    expect(due.map((j) => `${j.department}#${j.sequence}`).sort()).toEqual(['STP#2', 'SXD#2']);
    await jobs.record(
      stp.events[1].id,
      'worker-a',
      { state: 'dead', errorCode: 'X', errorMessage: 'x', dossierSynced: false },
      announce,
    );
    await jobs.record(
      sxd.events[1].id,
      'worker-a',
      {
        state: 'retrying',
        attempted: true,
        dossierSynced: false,
        nextAttemptAt: new Date(Date.now() + 60_000),
        errorCode: 'Y',
        errorMessage: 'y',
      },
      announce,
    );

    const { all, byDepartment } = await status.summary();
    expect(byDepartment).toEqual([
      {
        department: 'STP',
        total: 5,
        synced: 1,
        pending: 3,
        retrying: 0,
        dead: 1,
        oldestUnsyncedSeconds: expect.any(Number) as number,
      },
      {
        department: 'SXD',
        total: 5,
        synced: 1,
        pending: 3,
        retrying: 1,
        dead: 0,
        oldestUnsyncedSeconds: expect.any(Number) as number,
      },
    ]);
    expect(all).toMatchObject({ total: 10, synced: 2, pending: 6, retrying: 1, dead: 1 });
    for (const d of byDepartment) {
      expect(d.oldestUnsyncedSeconds).toBeGreaterThanOrEqual(3600);
      expect(d.oldestUnsyncedSeconds).toBeLessThan(3700);
    }
    expect(all.oldestUnsyncedSeconds).toBeGreaterThanOrEqual(3600);
  });

  it('makes the jobs of accepted events that never arrived through Kafka, once', async () => {
    const lost = exampleCase({ department: 'STP', number: 30 });
    const fresh = exampleCase({ department: 'STP', number: 31 });
    for (const [c, acceptedAt] of [
      [lost, new Date(Date.now() - 600_000)],
      [fresh, new Date()],
    ] as const) {
      await ds.query('INSERT INTO cases (case_code, department) VALUES ($1, $2)', [
        c.caseCode,
        c.department,
      ]);
      for (const e of c.events) {
        await ds.query(
          `INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash, accepted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, 'hash', $8)`,
          [
            e.id,
            c.caseCode,
            c.department,
            e.type,
            e.sequence,
            e.time,
            JSON.stringify(e),
            acceptedAt,
          ],
        );
      }
    }
    // Sequence 1 of the old case did arrive through Kafka; 2..5 were lost.
    await jobs.insertJobs(jobsOf({ department: 'STP', number: 30 }, [1]));

    expect(await jobs.backfillMissingJobs(60_000, 2)).toBe(2);
    expect(await jobs.backfillMissingJobs(60_000, 1000)).toBe(2);
    expect(await jobs.backfillMissingJobs(60_000, 1000)).toBe(0);
    // The recent case is left to the Kafka path.
    await expect(job(fresh.events[0].id)).rejects.toThrow('no job');
    const made = await job(lost.events[3].id);
    expect(made).toMatchObject({ state: 'pending', sequence: 4, event_type: 'case.result-issued' });
    expect(await syncEverythingDue('worker-a')).toEqual(lost.events.map((e) => e.id));
  });

  describe('readiness of the next job (predecessor_synced)', () => {
    const ready = async (eventId: string) => (await job(eventId))['predecessor_synced'];

    it('marks the first job ready, and the next one when its predecessor syncs', async () => {
      const [first, second, third] = jobsOf({ number: 40 }, [1, 2, 3]);
      await jobs.insertJobs([first, second, third]);
      expect([await ready(first.eventId), await ready(second.eventId)]).toEqual([true, false]);
      await jobs.claimDue(10, 'worker-a', LEASE_MS);
      await jobs.record(first.eventId, 'worker-a', synced, announce);
      expect([await ready(second.eventId), await ready(third.eventId)]).toEqual([true, false]);
    });

    it('inserts a job ready when its predecessor was synced before it arrived', async () => {
      const [first, second] = jobsOf({ number: 41 }, [1, 2]);
      await jobs.insertJobs([first]);
      await jobs.claimDue(10, 'worker-a', LEASE_MS);
      await jobs.record(first.eventId, 'worker-a', synced, announce);
      await jobs.insertJobs([second]);
      expect(await ready(second.eventId)).toBe(true);
      expect((await jobs.claimDue(10, 'worker-a', LEASE_MS)).map((j) => j.eventId)).toEqual([
        second.eventId,
      ]);
    });

    it('keeps a case in order even when the hint is wrong, and the sweep repairs a missed mark', async () => {
      const [first, second, third] = jobsOf({ number: 42 }, [1, 2, 3]);
      await jobs.insertJobs([first, second, third]);
      // A wrong "ready" on 3 while 2 is not synced must not let 3 overtake 2.
      await ds.query(`UPDATE portal_sync_jobs SET predecessor_synced = true WHERE event_id = $1`, [
        third.eventId,
      ]);
      expect((await jobs.claimDue(10, 'worker-a', LEASE_MS)).map((j) => j.eventId)).toEqual([
        first.eventId,
      ]);
      await jobs.record(first.eventId, 'worker-a', synced, announce);
      // A lost mark on 2 (the race the sweep exists for): nothing is due until the sweep runs.
      await ds.query(`UPDATE portal_sync_jobs SET predecessor_synced = false WHERE event_id = $1`, [
        second.eventId,
      ]);
      expect(await jobs.claimDue(10, 'worker-a', LEASE_MS)).toEqual([]);
      expect((await jobs.markReadyJobs()).marked).toBe(1);
      expect((await jobs.markReadyJobs()).marked).toBe(0);
      expect((await jobs.claimDue(10, 'worker-a', LEASE_MS)).map((j) => j.eventId)).toEqual([
        second.eventId,
      ]);
    });

    it('sweeps the not-ready jobs a slice at a time and goes on where the last slice stopped', async () => {
      const cases = [43, 44, 45, 46, 47].map((n) => jobsOf({ number: n }, [1, 2, 3]));
      await jobs.insertJobs(cases.flat());
      // Every case's 1 synced, each 2 lost its mark: five jobs to find among fifteen not ready.
      await ds.query(
        `UPDATE portal_sync_jobs SET state = 'synced' WHERE event_id = ANY($1::text[])`,
        [cases.map((c) => c[0].eventId)],
      );
      await ds.query(
        `UPDATE portal_sync_jobs SET predecessor_synced = false WHERE event_id = ANY($1::text[])`,
        [cases.map((c) => c[1].eventId)],
      );
      const slices: number[] = [];
      let after: SweepPosition | undefined;
      do {
        const slice = await jobs.markReadyJobs({ after, limit: 3 });
        slices.push(slice.marked);
        after = slice.next;
      } while (after !== undefined && slices.length < 20);
      // Ten not-ready jobs (each case's 2 and 3) in slices of three: four slices, the last short.
      expect(slices).toHaveLength(4);
      expect(slices.reduce((a, b) => a + b, 0)).toBe(5);
      for (const [, second, third] of cases) {
        expect(await ready(second.eventId)).toBe(true);
        expect(await ready(third.eventId)).toBe(false);
      }
      // The walk starts over: nothing left to mark.
      expect((await jobs.markReadyJobs({ limit: 3 })).marked).toBe(0);
    });
  });

  it('records a batch of outcomes in one go: each answered in order, a lost lease changes nothing', async () => {
    const cases = [50, 51, 52, 53].map((n) => jobsOf({ number: n }, [1, 2]));
    await jobs.insertJobs(cases.flat());
    const claimed = await jobs.claimDue(10, 'worker-a', LEASE_MS);
    expect(claimed).toHaveLength(4);
    const [a, b, c, d] = cases.map(([first]) => first.eventId);
    const answers = await jobs.recordMany(
      [
        { eventId: a, worker: 'worker-a', result: synced },
        {
          eventId: b,
          worker: 'worker-a',
          result: {
            state: 'retrying',
            attempted: true,
            dossierSynced: false,
            nextAttemptAt: new Date(Date.now() + 60_000),
            errorCode: 'PORTAL_TIMEOUT',
            errorMessage: 'slow',
          },
        },
        {
          eventId: c,
          worker: 'worker-a',
          result: {
            state: 'dead',
            errorCode: 'PORTAL_REJECTED:5',
            errorMessage: 'no',
            dossierSynced: false,
          },
        },
        // Not this worker's lease: ignored.
        { eventId: d, worker: 'worker-b', result: synced },
      ],
      announce,
    );
    expect(answers.map((j) => j?.state)).toEqual(['synced', 'retrying', 'dead', undefined]);
    expect(await outboxCount()).toBe(3);
    const [attempts] = await queryRows<{ n: number }>(
      ds,
      'SELECT count(*)::int AS n FROM portal_sync_attempts WHERE event_id = ANY($1)',
      [[a, b, c, d]],
    );
    expect(attempts?.n).toBe(3);
    expect(await job(d)).toMatchObject({ state: 'pending', leased_by: 'worker-a' });
    // Only the synced case's next job became ready.
    const readyNext = await queryRows<{ event_id: string }>(
      ds,
      'SELECT event_id FROM portal_sync_jobs WHERE sequence = 2 AND predecessor_synced',
    );
    expect(readyNext.map((r) => r.event_id)).toEqual([cases[0][1].eventId]);
  });

  it('records an all-synced batch of claimed jobs in one statement, with the same effects', async () => {
    const [a1, a2] = jobsOf({ number: 80 }, [1, 2]);
    const [b1, b2] = jobsOf({ number: 81 }, [1, 2]);
    const [c1] = jobsOf({ number: 82 }, [1]);
    const [d1] = jobsOf({ number: 83 }, [1]);
    await jobs.insertJobs([a1, a2, b1, b2, c1, d1]);
    const claimed = new Map(
      (await jobs.claimDue(10, 'worker-a', LEASE_MS)).map((j) => [j.eventId, j]),
    );
    expect([...claimed.keys()].sort()).toEqual([a1, b1, c1, d1].map((j) => j.eventId).sort());
    const stale = { ...claimed.get(d1.eventId), attempts: 3 } as PortalSyncJobRecord;

    const answers = await jobs.recordMany(
      [
        {
          eventId: a1.eventId,
          worker: 'worker-a',
          result: synced,
          claimed: claimed.get(a1.eventId),
        },
        {
          eventId: b1.eventId,
          worker: 'worker-a',
          result: synced,
          claimed: claimed.get(b1.eventId),
        },
        // not this worker's lease, and a claim older than the job's attempts: both change nothing
        {
          eventId: c1.eventId,
          worker: 'worker-b',
          result: synced,
          claimed: claimed.get(c1.eventId),
        },
        { eventId: d1.eventId, worker: 'worker-a', result: synced, claimed: stale },
      ],
      announce,
    );

    expect(answers.map((j) => j && [j.eventId, j.state, j.attempts, j.portalStatus])).toEqual([
      [a1.eventId, 'synced', 1, '4'],
      [b1.eventId, 'synced', 1, '4'],
      undefined,
      undefined,
    ]);
    expect(await job(c1.eventId)).toMatchObject({ state: 'pending', leased_by: 'worker-a' });
    expect(await job(d1.eventId)).toMatchObject({ state: 'pending', attempts: 0 });
    // the announcements of the updated jobs only, in the order given, as the transaction writes them
    const outbox = await queryRows<{ lane: number; message_key: string; value: string }>(
      ds,
      'SELECT lane, message_key, value FROM outbox ORDER BY id',
    );
    expect(outbox).toEqual(
      [a1, b1].map((j) => ({
        lane: outboxLane(j.caseCode),
        message_key: j.caseCode,
        value: JSON.stringify({ eventId: j.eventId, state: 'synced', attempts: 1 }),
      })),
    );
    const attempts = await queryRows<{ event_id: string; outcome: string; portal_status: string }>(
      ds,
      'SELECT event_id, outcome, portal_status FROM portal_sync_attempts WHERE event_id = ANY($1) ORDER BY event_id',
      [[a1, b1, c1, d1].map((j) => j.eventId)],
    );
    expect(attempts).toEqual(
      [a1, b1]
        .map((j) => ({ event_id: j.eventId, outcome: 'synced', portal_status: '4' }))
        .sort((x, y) => x.event_id.localeCompare(y.event_id)),
    );
    // the next jobs of the synced cases are ready for anyone
    expect((await jobs.claimDue(10, 'worker-b', LEASE_MS)).map((j) => j.eventId).sort()).toEqual(
      [a2, b2].map((j) => j.eventId).sort(),
    );
  });

  it('claims with each job its case’s history, in sequence order, in one call', async () => {
    const one = jobsOf({ number: 60 });
    const two = jobsOf({ number: 61 }, [1, 2]);
    await jobs.insertJobs([...one, ...two]);
    const ids = (events: Record<string, unknown>[]) => events.map((e) => e['id']);
    const byEvent = (claimed: { job: PortalSyncJobRecord; history: Record<string, unknown>[] }[]) =>
      new Map(claimed.map((c) => [c.job.eventId, ids(c.history)]));

    const first = await jobs.claimDueWithHistories(10, 'worker-a', LEASE_MS);
    expect(byEvent(first)).toEqual(
      new Map([
        [one[0].eventId, [one[0].eventId]],
        [two[0].eventId, [two[0].eventId]],
      ]),
    );
    expect(first.map((c) => c.job.leasedBy)).toEqual(['worker-a', 'worker-a']);
    expect(await jobs.claimDueWithHistories(10, 'worker-b', LEASE_MS)).toEqual([]);

    for (const { job: j } of first) await jobs.record(j.eventId, 'worker-a', synced, announce);
    const second = await jobs.claimDueWithHistories(10, 'worker-a', LEASE_MS);
    expect(byEvent(second)).toEqual(
      new Map([
        [one[1].eventId, [one[0].eventId, one[1].eventId]],
        [two[1].eventId, [two[0].eventId, two[1].eventId]],
      ]),
    );
    // The history is the events themselves, as the portal adapter folds them.
    expect(second.find((c) => c.job.eventId === two[1].eventId)?.history).toEqual(
      two.map((j) => JSON.parse(JSON.stringify(j.event)) as unknown),
    );
  });

  it('syncs a hub event after its anchor and before the department’s next, holding nothing', async () => {
    const dept = jobsOf({ number: 62 }, [1, 2, 3]);
    const anchor = dept[1];
    const paid: NewSyncJob = {
      ...anchor,
      eventId: 'hub-payment-T62',
      hubSequence: 1,
      eventType: 'payment.completed',
      event: { ...anchor.event, id: 'hub-payment-T62', hubsequence: 1 },
    };
    // As Kafka delivers them: the hub event was accepted before the department's event 3.
    await jobs.insertJobs([dept[0], dept[1], paid, dept[2]]);
    const order: string[] = [];
    const histories = new Map<string, unknown[]>();
    for (;;) {
      const due = await jobs.claimDueWithHistories(10, 'worker-a', LEASE_MS);
      if (due.length === 0) break;
      // At most one job of the case is ever due.
      expect(due).toHaveLength(1);
      for (const { job: j, history } of due) {
        order.push(j.eventId);
        histories.set(
          j.eventId,
          history.map((e) => e['id']),
        );
        await jobs.record(j.eventId, 'worker-a', synced, announce);
      }
    }
    expect(order).toEqual([dept[0].eventId, dept[1].eventId, paid.eventId, dept[2].eventId]);
    expect(histories.get(dept[2].eventId)).toEqual(order);
    expect(histories.get(paid.eventId)).toEqual(order.slice(0, 3));
    // A hub job is not a department sequence: no gap, no held case.
    const [gaps] = await queryRows<{ n: number }>(
      ds,
      'SELECT count(*)::int AS n FROM sync_sequence_gaps',
    );
    expect(gaps.n).toBe(0);
  });

  it('makes the department’s next job due once a hub job after its anchor syncs, also through the sweep', async () => {
    const dept = jobsOf({ number: 63 }, [1, 2]);
    const paid: NewSyncJob = {
      ...dept[0],
      eventId: 'hub-payment-T63',
      hubSequence: 1,
      eventType: 'payment.completed',
      event: { ...dept[0].event, id: 'hub-payment-T63', hubsequence: 1 },
    };
    await jobs.insertJobs([dept[0]]);
    expect(await syncEverythingDue('worker-a')).toEqual([dept[0].eventId]);
    await jobs.insertJobs([paid, dept[1]]);
    // 2 waits for the hub job after 1, whatever its hint says.
    const due = await jobs.claimDue(10, 'worker-a', LEASE_MS);
    expect(due.map((j) => j.eventId)).toEqual([paid.eventId]);
    await jobs.record(paid.eventId, 'worker-a', synced, announce);
    await ds.query(`UPDATE portal_sync_jobs SET predecessor_synced = false WHERE event_id = $1`, [
      dept[1].eventId,
    ]);
    expect((await jobs.markReadyJobs()).marked).toBe(1);
    expect((await jobs.claimDue(10, 'worker-a', LEASE_MS)).map((j) => j.eventId)).toEqual([
      dept[1].eventId,
    ]);
  });

  it('summarises an empty hub as zeros', async () => {
    expect(await status.summary()).toEqual({
      all: { total: 0, synced: 0, pending: 0, retrying: 0, dead: 0, oldestUnsyncedSeconds: 0 },
      byDepartment: [],
    });
  });
});
