import { createDataSource, runMigrations } from '@hub/persistence';
import { WebhookHealthReader } from '@hub/read-models';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { OpsInsightsRepository } from '../insights/ops-insights.repository';
import { OpsSeriesRepository } from './ops-series.repository';

jest.setTimeout(60_000);

let pg: PostgresHandle;
let ds: DataSource;
let insights: OpsInsightsRepository;
let series: OpsSeriesRepository;

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  ds = createDataSource({ url: pg.url, applicationName: 'ops-series-spec', poolSize: 2 });
  await ds.initialize();
  insights = new OpsInsightsRepository(ds);
  series = new OpsSeriesRepository(ds);
});

afterAll(async () => {
  await ds?.destroy();
  await pg?.stop();
});

const counts = {
  total: 10,
  synced: 10,
  pending: 0,
  retrying: 0,
  dead: 0,
  oldestUnsyncedSeconds: 0,
  outboxBacklog: 0,
};

async function attempts(...outcomes: string[]): Promise<void> {
  for (const outcome of outcomes)
    await ds.query(`INSERT INTO portal_sync_attempts (event_id, outcome) VALUES ('e-1', $1)`, [
      outcome,
    ]);
}

describe('ops series (real Postgres)', () => {
  it("counts the portal's attempts between samples once each, and keeps each bucket's lowest rate", async () => {
    await attempts('retrying'); // before the first sample: not counted by anyone
    await insights.writeSample(counts, 1);
    await attempts('retrying', 'retrying', 'synced', 'replayed');
    // The next sample, a second later in its own bucket.
    await ds.query(`UPDATE ops_sync_samples SET sampled_at = sampled_at - interval '1 second'`);
    await insights.writeSample({ ...counts, total: 20, synced: 15 }, 1);
    const rows = await ds.query<{ portal_attempts: number; portal_failed: number }[]>(
      `SELECT portal_attempts, portal_failed FROM ops_sync_samples ORDER BY sampled_at`,
    );
    expect(rows).toEqual([
      { portal_attempts: 0, portal_failed: 0 },
      { portal_attempts: 3, portal_failed: 2 },
    ]);

    // Raw samples (1 h), and the quarter-hour rollups kept as they were written (7 d, 30 d).
    const raw = await series.cityBuckets(new Date(Date.now() - 3_600_000), 1);
    expect(raw.slice(-2).map((b) => [b.minRate, b.portalAttempts])).toEqual([
      [1, 0],
      [0.75, 3],
    ]);
    const buckets = await series.cityBuckets(new Date(Date.now() - 3_600_000), 3600);
    const last = buckets[buckets.length - 1];
    expect(last).toMatchObject({
      samples: 2,
      minRate: 0.75,
      avgRate: 0.875,
      total: 20,
      synced: 15,
      backlog: 5,
      portalAttempts: 3,
      portalFailed: 2,
    });
  });

  it('samples departments and sums them into the city, per bucket', async () => {
    const dept = (department: string, total: number, synced: number) => ({
      department,
      total,
      synced,
      pending: total - synced,
      retrying: 0,
      dead: 0,
      oldestUnsyncedSeconds: 0,
    });
    await series.writeDepartmentSample([dept('STP', 10, 5), dept('SYT', 10, 10)], 60);
    await series.writeDepartmentSample([dept('STP', 10, 10), dept('SYT', 10, 10)], 60); // same bucket
    const buckets = await series.departmentBuckets(new Date(Date.now() - 3_600_000), 60);
    expect(buckets.map((b) => [b.department, b.minRate, b.backlog])).toEqual([
      [null, 0.75, 5],
      ['STP', 0.5, 5],
      ['SYT', 1, 0],
    ]);
    // From the rollups the city line is the city's own samples (the test before wrote them).
    const rolled = await series.departmentBuckets(new Date(Date.now() - 3_600_000), 3600);
    expect(rolled.slice(-3).map((b) => [b.department, b.minRate, b.backlog])).toEqual([
      [null, 0.75, 5],
      ['STP', 0.5, 5],
      ['SYT', 1, 0],
    ]);
  });

  it("records a breaker's state only when it changes, never before the change before it", async () => {
    const since = new Date(Date.now() - 60_000);
    await series.recordAdapterStates([{ adapter: 'portal', state: 'closed', since }]);
    await series.recordAdapterStates([{ adapter: 'portal', state: 'closed', since }]);
    await series.recordAdapterStates([{ adapter: 'portal', state: 'open', since: null }]);
    // A closed report whose processes say "since" earlier than the opening.
    await series.recordAdapterStates([{ adapter: 'portal', state: 'closed', since }]);
    const changes = await series.adapterChanges(new Date(Date.now() - 3_600_000));
    expect(changes.map((c) => c.state)).toEqual(['closed', 'open', 'closed']);
    const [, opened, closed] = changes;
    expect(closed?.at.getTime()).toBeGreaterThanOrEqual(opened?.at.getTime() ?? Infinity);
    // The change before a window gives its starting state.
    const later = await series.adapterChanges(new Date(Date.now() + 60_000));
    expect(later.map((c) => c.state)).toEqual(['closed']);
    await series.prune(1);
  });

  it("publishes webhook subscriptions' health without secrets or personal ids", async () => {
    await ds.query(
      `INSERT INTO webhook_subscriptions (id, target_url, event_types, departments, content_mode, secret, description, state, created_by, deleted_at)
       VALUES ('sub_1', 'https://user:pw@hooks.partner.vn:8443/in/t0k3n?key=abc', '{case.received}', '{STP}', 'structured', 'whsec_c2VjcmV0', 'Partner CRM', 'active', 'admin', NULL),
              ('sub_2', 'https://gone.partner.vn/', '{}', '{}', 'structured', 'whsec_c2VjcmV0', NULL, 'deleted', 'admin', now())`,
    );
    const delivery = (
      eventId: string,
      state: string,
      error: string | null,
      deliveredAgo?: string,
    ) =>
      ds.query(
        `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, case_code, sequence, department, event, state, attempts, last_error, last_status, last_attempt_at, delivered_at, created_at)
         VALUES ('sub_1', $1, 'case.received', 'C-1', 1, 'STP', '{}', $2, $3, $4, $5, now(), $6::timestamptz, now() - interval '90 seconds')`,
        [
          eventId,
          state,
          error ? 3 : 1,
          error,
          error ? 503 : 200,
          deliveredAgo ? new Date(Date.now() - Number(deliveredAgo) * 1000) : null,
        ],
      );
    await delivery('e-1', 'pending', 'network error for applicant 001090164571');
    await delivery('e-2', 'pending', null);
    await delivery('e-3', 'delivered', null, '60');
    await delivery('e-4', 'delivered', null, String(2 * 86_400));

    const items = await new WebhookHealthReader(ds).subscriptions();
    expect(items).toHaveLength(1);
    const [sub] = items;
    expect(sub).toMatchObject({
      id: 'sub_1',
      description: 'Partner CRM',
      state: 'active',
      targetHost: 'hooks.partner.vn:8443',
      eventTypes: ['case.received'],
      departments: ['STP'],
      pending: 2,
      failing: 1,
      deliveredLast24h: 1,
      lastError: 'network error for applicant ************',
      lastStatus: 503,
    });
    expect(sub?.oldestPendingSeconds).toBeGreaterThanOrEqual(89);
    expect(JSON.stringify(items)).not.toMatch(/whsec|t0k3n|pw@|key=abc|001090164571/);
  });
});
