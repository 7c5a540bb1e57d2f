import { startPostgres, type PostgresHandle } from '@hub/testing';
import { createDataSource, queryRows, runMigrations, type OutboxMessage } from '@hub/persistence';
import { PortalSyncJobRepository, type PortalSyncJobRecord } from './index';
import { type DepartmentSyncCounts, type HeldCase, SyncStatusReader } from '@hub/read-models';
import type { DataSource } from 'typeorm';

jest.setTimeout(60_000);

const DEPARTMENTS = ['SXD', 'STP', 'SYT'];
const STATES = ['pending', 'retrying', 'synced', 'dead'] as const;
type State = (typeof STATES)[number];

/** Deterministic pseudo-random numbers (mulberry32), so a failing workload can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What the summary said before the counters: every accepted event joined to its job, grouped by
 * the event's department. The counters must give exactly this at every moment.
 */
/** The announcement of a recorded outcome (only its shape matters here). */
const announce = (job: PortalSyncJobRecord): OutboxMessage => ({
  topic: 'test.sync-results',
  key: job.caseCode,
  headers: { ce_id: `${job.eventId}#${job.attempts}` },
  value: JSON.stringify({ eventId: job.eventId, state: job.state }),
});

async function recounted(ds: DataSource): Promise<DepartmentSyncCounts[]> {
  const rows = await queryRows<DepartmentSyncCounts & { oldest: Date | null }>(
    ds,
    `SELECT e.department,
            count(*)::int AS total,
            count(*) FILTER (WHERE j.state = 'synced')::int AS synced,
            count(*) FILTER (WHERE j.state IS NULL OR j.state = 'pending')::int AS pending,
            count(*) FILTER (WHERE j.state = 'retrying')::int AS retrying,
            count(*) FILTER (WHERE j.state = 'dead')::int AS dead,
            COALESCE(EXTRACT(EPOCH FROM now() - min(e.accepted_at) FILTER (WHERE j.state IS DISTINCT FROM 'synced')), 0)::float
              AS "oldestUnsyncedSeconds"
       FROM case_events e LEFT JOIN portal_sync_jobs j ON j.event_id = e.id
      GROUP BY e.department ORDER BY e.department`,
  );
  return rows;
}

/** What the held-cases query was before it looked at waiting jobs only: every job, grouped by case. */
async function heldByGroupingEveryJob(ds: DataSource): Promise<HeldCaseNow[]> {
  return queryRows<HeldCaseNow>(
    ds,
    `SELECT case_code AS "caseCode", department, missing::int AS "missingSequence", waiting,
            oldest AS "oldestWaitingSeconds" FROM (
       SELECT case_code, department,
              COALESCE(max(sequence) FILTER (WHERE state = 'synced'), 0) + 1 AS missing,
              min(sequence) FILTER (WHERE state <> 'synced') AS first_waiting,
              count(*) FILTER (WHERE state <> 'synced')::int AS waiting,
              EXTRACT(EPOCH FROM now() - min(accepted_at) FILTER (WHERE state <> 'synced'))::float AS oldest
         FROM portal_sync_jobs GROUP BY case_code, department) c
      WHERE first_waiting > missing`,
  );
}

type HeldCaseNow = Omit<HeldCase, 'waitingSince'>;

function expectSameHeld(actual: HeldCaseNow[], expected: HeldCaseNow[]): void {
  const key = (rows: HeldCaseNow[]) =>
    rows
      .map((row) => {
        // The published row also says since when; the grouping below does not compute it.
        const { oldestWaitingSeconds: _age, waitingSince: _since, ...rest } = row as HeldCase;
        return rest;
      })
      .sort((a, b) => a.caseCode.localeCompare(b.caseCode));
  expect(key(actual)).toEqual(key(expected));
}

/** Counts equal, and ages equal to the second (the two reads run at different instants). */
function expectSameCounts(actual: DepartmentSyncCounts[], expected: DepartmentSyncCounts[]): void {
  const counts = (rows: DepartmentSyncCounts[]) =>
    rows.map(({ oldestUnsyncedSeconds: _age, ...rest }) => rest);
  expect(counts(actual)).toEqual(counts(expected));
  actual.forEach((row, i) =>
    expect(Math.abs(row.oldestUnsyncedSeconds - expected[i].oldestUnsyncedSeconds)).toBeLessThan(1),
  );
}

describe('sync counts kept by triggers (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let jobs: PortalSyncJobRepository;
  /** What portal-sync publishes for ops (`portal_sync_api`), read as ops reads it. */
  let status: SyncStatusReader;
  let nextCase = 1;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 8 });
    await ds.initialize();
    jobs = new PortalSyncJobRepository(ds);
    status = new SyncStatusReader(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE cases, case_events, outbox, portal_sync_jobs CASCADE');
  });

  /** Inserts `count` cases of `events` events each, accepted `minutesAgo` ago, in ONE statement. */
  async function acceptCases(
    department: string,
    count: number,
    events = 3,
    minutesAgo = 0,
  ): Promise<string[]> {
    const codes = Array.from({ length: count }, () => `T-${department}-${nextCase++}`);
    await ds.query(
      `INSERT INTO cases (case_code, department) SELECT code, $2 FROM unnest($1::text[]) code`,
      [codes, department],
    );
    await ds.query(
      `INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash, accepted_at)
       SELECT code || '#' || s, code, $2, 'case.status-changed', s, now(), '{}', 'h',
              now() - ($4::int * interval '1 minute') + (s * interval '1 second')
         FROM unnest($1::text[]) code, generate_series(1, $3::int) s`,
      [codes, department, events, minutesAgo],
    );
    return codes.flatMap((code) => Array.from({ length: events }, (_, i) => `${code}#${i + 1}`));
  }

  /** Makes pending jobs for the given events (as portal-sync does when it consumes them). */
  async function makeJobs(eventIds: string[]): Promise<void> {
    await ds.query(
      `INSERT INTO portal_sync_jobs (event_id, case_code, department, sequence, event_type, event, state, accepted_at)
       SELECT e.id, e.case_code, e.department, e.sequence, e.type, '{}', 'pending', e.accepted_at
         FROM case_events e WHERE e.id = ANY($1::text[])`,
      [eventIds],
    );
  }

  /** Moves each listed job to the paired state, all in ONE statement (mixed transitions). */
  async function setStates(changes: [string, State][]): Promise<void> {
    await ds.query(
      `UPDATE portal_sync_jobs j SET state = c.state
         FROM unnest($1::text[], $2::text[]) AS c(event_id, state) WHERE j.event_id = c.event_id`,
      [changes.map((c) => c[0]), changes.map((c) => c[1])],
    );
  }

  async function summarised(): Promise<DepartmentSyncCounts[]> {
    return (await status.summary()).byDepartment;
  }

  it('counts what the full join counts, and finds the held cases grouping every job finds, through a random workload', async () => {
    const next = random(20261205);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const accepted: string[] = [];
    for (let step = 0; step < 40; step++) {
      const action = step < 4 ? 0 : Math.floor(next() * 7);
      if (action === 0) {
        accepted.push(
          ...(await acceptCases(pick(DEPARTMENTS), 1 + Math.floor(next() * 5), 3, step)),
        );
      } else if (action === 1) {
        const jobless = await queryRows<{ id: string }>(
          ds,
          `SELECT e.id FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM portal_sync_jobs j WHERE j.event_id = e.id)`,
        );
        await makeJobs(jobless.filter(() => next() < 0.7).map((r) => r.id));
      } else if (action === 2 || action === 3) {
        const withJobs = await queryRows<{ event_id: string }>(
          ds,
          'SELECT event_id FROM portal_sync_jobs ORDER BY event_id',
        );
        await setStates(
          withJobs
            .filter(() => next() < 0.4)
            .map((r): [string, State] => [r.event_id, pick(STATES)]),
        );
      } else if (action === 4) {
        // What portal-sync does when a job syncs: the case's next job becomes ready.
        await ds.query(
          `UPDATE portal_sync_jobs d SET predecessor_synced = true
            WHERE NOT d.predecessor_synced AND (d.sequence = 1 OR EXISTS (
              SELECT 1 FROM portal_sync_jobs p
               WHERE p.case_code = d.case_code AND p.sequence = d.sequence - 1 AND p.state = 'synced'))`,
        );
      } else if (action === 5) {
        // A job deleted (by hand, or a future retention): the job after it now has a gap.
        const made = await queryRows<{ event_id: string }>(
          ds,
          'SELECT event_id FROM portal_sync_jobs ORDER BY event_id',
        );
        await ds.query(`DELETE FROM portal_sync_jobs WHERE event_id = ANY($1::text[])`, [
          made.filter(() => next() < 0.1).map((r) => r.event_id),
        ]);
      } else {
        await jobs.compactSyncCounts();
      }
      expectSameCounts(await summarised(), await recounted(ds));
      expectSameHeld(await status.heldCases({ limit: 1000 }), await heldByGroupingEveryJob(ds));
    }
    expect((await status.heldCases({ limit: 1000 })).length).toBeGreaterThan(0);
    // The workload did reach every state, or the comparison proved little.
    const all = (await status.summary()).all;
    expect(all.synced * all.pending * all.retrying * all.dead).toBeGreaterThan(0);
  });

  it('counts jobs made in any state, jobs and events deleted, and a job made before its event', async () => {
    const ids = await acceptCases('SXD', 2, 2, 10);
    await makeJobs(ids.slice(1));
    // A job may be made already settled (by hand, or a future path): it counts as made.
    await ds.query(
      `INSERT INTO portal_sync_jobs (event_id, case_code, department, sequence, event_type, event, state, accepted_at)
       SELECT id, case_code, department, sequence, type, '{}', 'synced', accepted_at FROM case_events WHERE id = $1`,
      [ids[0]],
    );
    expect((await summarised())[0]).toMatchObject({ total: 4, synced: 1, pending: 3 });
    await setStates([[ids[1], 'dead']]);
    // A job whose event is not stored does not count, until the event arrives.
    await ds.query(`INSERT INTO cases (case_code, department) VALUES ('T-LATE', 'STP')`);
    await ds.query(
      `INSERT INTO portal_sync_jobs (event_id, case_code, department, sequence, event_type, event, state, accepted_at)
       VALUES ('T-LATE#1', 'T-LATE', 'STP', 1, 'case.received', '{}', 'synced', now())`,
    );
    expectSameCounts(await summarised(), await recounted(ds));
    await ds.query(
      `INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash)
       VALUES ('T-LATE#1', 'T-LATE', 'STP', 'case.received', 1, now(), '{}', 'h')`,
    );
    const withLate = await summarised();
    expect(withLate.find((d) => d.department === 'STP')).toMatchObject({
      total: 1,
      synced: 1,
      oldestUnsyncedSeconds: 0,
    });
    expectSameCounts(withLate, await recounted(ds));

    await ds.query(`DELETE FROM portal_sync_jobs WHERE event_id = $1`, [ids[3]]);
    expectSameCounts(await summarised(), await recounted(ds));
    await ds.query(`DELETE FROM case_events WHERE id = ANY($1::text[])`, [[ids[0], ids[2]]]);
    const afterDelete = await summarised();
    expect(afterDelete.find((d) => d.department === 'SXD')).toMatchObject({
      total: 2,
      synced: 0,
      dead: 1,
    });
    expectSameCounts(afterDelete, await recounted(ds));
  });

  it('follows the repository’s own writes: claims, synced outcomes, dead letters and replays', async () => {
    const ids = await acceptCases('SYT', 3, 2, 30);
    await jobs.insertJobs(
      ids.map((id) => {
        const [caseCode, sequence] = id.split('#');
        const event = { id, caseCode, sequence: Number(sequence) };
        return {
          eventId: id,
          caseCode,
          department: 'SYT',
          sequence: Number(sequence),
          eventType: 'case.status-changed',
          event,
          acceptedAt: new Date(),
        };
      }),
    );
    const claimed = await jobs.claimDue(10, 'worker-a', 60_000);
    expect(claimed).toHaveLength(3);
    // A claim changes no state: nothing to count.
    const changesAfterClaim = await queryRows<{ n: number }>(
      ds,
      'SELECT count(*)::int AS n FROM sync_count_deltas WHERE synced <> 0 OR retrying <> 0 OR dead <> 0',
    );
    expect(changesAfterClaim[0].n).toBe(0);

    await jobs.recordMany(
      claimed.map((job) => ({
        eventId: job.eventId,
        worker: 'worker-a',
        result: { state: 'synced' as const, portalStatus: '4' },
        claimed: job,
      })),
      announce,
    );
    const [second] = await jobs.claimDue(1, 'worker-a', 60_000);
    await jobs.recordMany(
      [
        {
          eventId: second.eventId,
          worker: 'worker-a',
          result: { state: 'dead', errorCode: 'X', errorMessage: 'x', dossierSynced: false },
        },
      ],
      announce,
    );
    expect((await summarised())[0]).toMatchObject({ total: 6, synced: 3, dead: 1, pending: 2 });
    expectSameCounts(await summarised(), await recounted(ds));

    expect(await status.replay(second.eventId, 'SYT', 'operator')).toBe('replayed');
    expect((await summarised())[0]).toMatchObject({ synced: 3, dead: 0, pending: 3 });
    expectSameCounts(await summarised(), await recounted(ds));
  });

  it('is recounted after a TRUNCATE of either table', async () => {
    const ids = await acceptCases('SXD', 2, 3);
    await makeJobs(ids);
    await setStates(ids.map((id) => [id, 'synced']));
    expect((await summarised())[0]).toMatchObject({ total: 6, synced: 6 });

    await ds.query('TRUNCATE portal_sync_jobs');
    expect((await summarised())[0]).toMatchObject({ total: 6, synced: 0, pending: 6 });
    expectSameCounts(await summarised(), await recounted(ds));

    await ds.query('TRUNCATE cases, case_events CASCADE');
    expect(await summarised()).toEqual([]);
    expect(await queryRows(ds, 'SELECT * FROM unsynced_events')).toEqual([]);
  });

  it('reads only the counters, never the events or the jobs', async () => {
    const ids = await acceptCases('STP', 2, 3, 5);
    await makeJobs(ids);
    await setStates([[ids[0], 'synced']]);
    const expected = await recounted(ds);
    // A role that may read the counters and nothing else: the summary must still work.
    await ds.query(`DROP ROLE IF EXISTS sync_counts_reader`);
    await ds.query(`CREATE ROLE sync_counts_reader LOGIN`);
    await ds.query(
      `GRANT SELECT ON sync_counts, sync_count_deltas, unsynced_events TO sync_counts_reader`,
    );
    // A view reads with its owner's rights: owned by this role, the published counts prove what
    // they read.
    await ds.query(`GRANT USAGE ON SCHEMA portal_sync_api TO sync_counts_reader`);
    await ds.query(`ALTER VIEW portal_sync_api.sync_counts OWNER TO sync_counts_reader`);
    const url = new URL(pg.url);
    url.username = 'sync_counts_reader';
    url.password = '';
    const narrow = createDataSource({ url: url.toString(), applicationName: 'test-narrow' });
    await narrow.initialize();
    try {
      await expect(narrow.query('SELECT 1 FROM case_events LIMIT 1')).rejects.toThrow(
        'permission denied',
      );
      expectSameCounts((await new SyncStatusReader(narrow).summary()).byDepartment, expected);
    } finally {
      await narrow.destroy();
      await ds.query(`ALTER VIEW portal_sync_api.sync_counts OWNER TO CURRENT_USER`);
      await ds.query(`DROP OWNED BY sync_counts_reader`);
      await ds.query(`DROP ROLE sync_counts_reader`);
    }
  });

  it('folds changes once, with one compaction at a time, while writers keep writing', async () => {
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; i < 8; i++) {
        const ids = await acceptCases(DEPARTMENTS[w % 3], 2, 2);
        await makeJobs(ids);
        await setStates(ids.map((id, k) => [id, STATES[(k + i) % 4]]));
      }
    });
    const compactions: number[] = [];
    let writing = true;
    const compactors = Array.from({ length: 3 }, async () => {
      while (writing) compactions.push(await jobs.compactSyncCounts());
    });
    await Promise.all(writers);
    writing = false;
    await Promise.all(compactors);
    expect(compactions.some((n) => n > 0)).toBe(true);
    expectSameCounts(await summarised(), await recounted(ds));
    expect(await jobs.compactSyncCounts()).toBeGreaterThanOrEqual(0);
    expect(await jobs.compactSyncCounts()).toBe(0);
    expectSameCounts(await summarised(), await recounted(ds));
    expect((await status.summary()).all.total).toBe(6 * 8 * 4);
  });

  it('skips a compaction while another one holds the lock', async () => {
    await acceptCases('SXD', 1, 2);
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SELECT pg_advisory_xact_lock(7264503)');
      expect(await jobs.compactSyncCounts()).toBe(0);
      await runner.rollbackTransaction();
      expect(await jobs.compactSyncCounts()).toBeGreaterThan(0);
    } finally {
      await runner.release();
    }
    expect((await status.summary()).all.total).toBe(2);
  });
});
