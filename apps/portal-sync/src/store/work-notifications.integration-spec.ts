import { Client } from 'pg';
import { exampleCase, topics } from '@hub/contracts';
import { workChannel } from '@hub/durable-work';
import { startPostgres, type PostgresHandle, waitFor } from '@hub/testing';
import {
  createDataSource,
  enqueueOutbox,
  runMigrations,
  type OutboxMessage,
} from '@hub/persistence';
import { PortalSyncJobRepository, type NewSyncJob } from './index';
import type { DataSource } from 'typeorm';

/*
 * The work tables' triggers (migrations WorkNotifications and WorkWaiters): which writes announce
 * due work, that a claim or an outcome that leaves nothing due announces nothing, and that nothing
 * is announced while no worker waits.
 */

jest.setTimeout(30_000);

let pg: PostgresHandle;
let ds: DataSource;
let listener: Client;
const heard: string[] = [];
const TABLES = ['outbox', 'portal_sync_jobs', 'profile_lookup_tasks', 'webhook_deliveries'];

/** What `WorkSignal.waiting` writes: a worker of each channel pauses for the next `ms`. */
async function workersWait(ms: number): Promise<void> {
  await ds.query(
    `INSERT INTO work_waiters (channel, waiter, until)
     SELECT c, 'spec-worker', now() + $2 * interval '1 millisecond' FROM unnest($1::text[]) AS c
     ON CONFLICT (channel, waiter) DO UPDATE SET until = excluded.until`,
    [TABLES.map(workChannel), ms],
  );
}

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  ds = createDataSource({ url: pg.url, applicationName: 'notifications-spec', poolSize: 2 });
  await ds.initialize();
  listener = new Client({ connectionString: pg.url });
  await listener.connect();
  listener.on('notification', (m) => heard.push(m.payload === 'marker' ? 'marker' : m.channel));
  for (const table of TABLES) await listener.query(`LISTEN ${workChannel(table)}`);
});

beforeEach(() => workersWait(60_000));

afterAll(async () => {
  await listener?.end();
  await ds?.destroy();
  await pg?.stop();
});

/**
 * What `write` announced. A marker notification sent after it arrives after everything `write`
 * committed (notifications are delivered in commit order), so nothing is waited for by guess.
 */
async function announcedBy(write: () => Promise<unknown>): Promise<string[]> {
  heard.length = 0;
  await write();
  await ds.query(`SELECT pg_notify('outbox_due', 'marker')`);
  await waitFor('the marker', () => heard.includes('marker'), 5000, 5);
  return heard.filter((channel) => channel !== 'marker');
}

function message(n: number): OutboxMessage {
  return { topic: topics.caseEvents, key: `case-${n}`, headers: {}, value: `{"n":${n}}` };
}

function jobsOf(number: number): NewSyncJob[] {
  const example = exampleCase({ number });
  return example.events.map((e) => ({
    eventId: e.id,
    caseCode: example.caseCode,
    department: example.department,
    sequence: e.sequence,
    eventType: e.type,
    event: e,
    acceptedAt: new Date(),
  }));
}

it('one notification for a statement of a thousand outbox rows, one for a transaction of two', async () => {
  const thousand = Array.from({ length: 1000 }, (_, i) => message(i));
  expect(await announcedBy(() => ds.transaction((tx) => enqueueOutbox(tx, thousand)))).toEqual([
    'outbox_due',
  ]);
  expect(
    await announcedBy(() =>
      ds.transaction(async (tx) => {
        await enqueueOutbox(tx, [message(1)]);
        await enqueueOutbox(tx, [message(2)]);
      }),
    ),
  ).toEqual(['outbox_due']);
  expect(
    await announcedBy(() =>
      ds
        .transaction(async (tx) => {
          await enqueueOutbox(tx, [message(3)]);
          throw new Error('rolled back');
        })
        .catch(() => undefined),
    ),
  ).toEqual([]);
});

it('portal sync jobs: new jobs and jobs made due again announce; claims and later retries do not', async () => {
  const jobs = new PortalSyncJobRepository(ds);
  expect(await announcedBy(() => jobs.insertJobs(jobsOf(1)))).toEqual(['portal_sync_jobs_due']);
  const [claimed] = await jobs.claimDue(1, 'worker-a', 60_000);
  expect(claimed?.sequence).toBe(1);
  expect(await announcedBy(() => jobs.claimDue(10, 'worker-a', 60_000))).toEqual([]);
  // A retry due later is found by the poll, when its time comes.
  expect(
    await announcedBy(() =>
      ds.query(
        `UPDATE portal_sync_jobs SET state = 'retrying', next_attempt_at = now() + interval '1 minute',
                lease_until = NULL, leased_by = NULL WHERE event_id = $1`,
        [claimed?.eventId],
      ),
    ),
  ).toEqual([]);
  // The breaker closed: waiting jobs are due now.
  expect(await announcedBy(() => jobs.wakeRetrying())).toEqual(['portal_sync_jobs_due']);
  await jobs.claimDue(1, 'worker-b', 60_000);
  // A replica shuts down and hands its leases back.
  expect(await announcedBy(() => jobs.releaseLeases('worker-b'))).toEqual(['portal_sync_jobs_due']);
});

it('lookup tasks and webhook deliveries: a released lease and a redelivery announce', async () => {
  // A task leased by a worker that then shuts down.
  expect(
    await announcedBy(() =>
      ds.query(`
    INSERT INTO profile_lookup_tasks (event_id, case_code, department, procedure_code, subject_hash,
                                      subject_kind, subject_enc, declared_enc, state, received_at,
                                      lease_until, leased_by)
    VALUES ('lookup-1', 'C-1', 'STP', '1.005092', 'h', 'citizen', 's', 'd', 'pending', now(),
            now() + interval '1 minute', 'worker-a')`),
    ),
  ).toEqual(['profile_lookup_tasks_due']);
  expect(
    await announcedBy(() =>
      ds.query(
        `UPDATE profile_lookup_tasks SET lease_until = NULL, leased_by = NULL WHERE leased_by = 'worker-a'`,
      ),
    ),
  ).toEqual(['profile_lookup_tasks_due']);
  expect(
    await announcedBy(() =>
      ds.query(`UPDATE profile_lookup_tasks SET state = 'done' WHERE event_id = 'lookup-1'`),
    ),
  ).toEqual([]);

  await ds.query(`
    INSERT INTO webhook_subscriptions (id, target_url, event_types, departments, content_mode,
                                       secret, state, created_by)
    VALUES ('sub-1', 'https://example.test/hook', '{}', '{}', 'structured', 'x', 'active', 'spec')`);
  expect(
    await announcedBy(() =>
      ds.query(`
        INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, case_code, sequence,
                                        department, event, state)
        VALUES ('sub-1', 'e-1', 'case.received', 'C-1', 1, 'STP', '{}', 'delivered')`),
    ),
  ).toEqual(['webhook_deliveries_due']);
  expect(
    await announcedBy(() =>
      ds.query(
        `UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = now() WHERE event_id = 'e-1'`,
      ),
    ),
  ).toEqual(['webhook_deliveries_due']);
});

it('announces nothing while no worker waits: busy workers look again by themselves', async () => {
  await workersWait(-1);
  expect(await announcedBy(() => ds.transaction((tx) => enqueueOutbox(tx, [message(4)])))).toEqual(
    [],
  );
  expect(await announcedBy(() => workersWait(60_000))).toEqual([]);
  expect(await announcedBy(() => ds.transaction((tx) => enqueueOutbox(tx, [message(5)])))).toEqual([
    'outbox_due',
  ]);
});
