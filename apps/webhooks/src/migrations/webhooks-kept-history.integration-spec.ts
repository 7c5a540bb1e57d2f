import { startPostgres, type PostgresHandle } from '@hub/testing';
import { createDataSource, runMigrations } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { WebhooksKeptHistory1765800000000 } from './1765800000000-webhooks-kept-history';

jest.setTimeout(30_000);

let pg: PostgresHandle;
let ds: DataSource;

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  ds = createDataSource({ url: pg.url, applicationName: 'webhooks-migration-spec', poolSize: 2 });
  await ds.initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await pg?.stop();
});

async function subscription(id: string, state: string, deletedAt: string | null): Promise<void> {
  await ds.query(
    `INSERT INTO webhook_subscriptions (id, target_url, event_types, departments, content_mode, secret, state, created_by, deleted_at)
     VALUES ($1, 'https://hooks.partner.vn/', '{}', '{}', 'structured', 'whsec_dGVzdA==', $2, 'admin', $3)`,
    [id, state, deletedAt],
  );
}

async function delivery(subscriptionId: string, eventId: string, state: string): Promise<void> {
  await ds.query(
    `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, case_code, sequence, department, event, state, leased_by)
     VALUES ($1, $2, 'case.received', 'STP-1', 1, 'STP', '{}', $3, 'w1')`,
    [subscriptionId, eventId, state],
  );
}

describe('WebhooksKeptHistory1765800000000', () => {
  it('is one of the migrations the hub runs', () => {
    expect(ds.migrations.map((m) => m.name)).toContain('WebhooksKeptHistory1765800000000');
  });

  it('repairs what the old delete left behind, then holds deleted and deleted_at together', async () => {
    const migration = new WebhooksKeptHistory1765800000000();
    const runner = ds.createQueryRunner();
    try {
      // The schema as it was before: no constraint, rows the old code could leave.
      await migration.down(runner);
      await subscription('sub_deleted', 'deleted', null);
      await subscription('sub_active', 'active', null);
      await delivery('sub_deleted', 'e-1', 'pending');
      await delivery('sub_deleted', 'e-2', 'delivered');
      await delivery('sub_active', 'e-3', 'pending');

      await migration.up(runner);

      const subs = await ds.query<{ id: string; deleted: boolean }[]>(
        `SELECT id, deleted_at IS NOT NULL AS deleted FROM webhook_subscriptions ORDER BY id`,
      );
      expect(subs).toEqual([
        { id: 'sub_active', deleted: false },
        { id: 'sub_deleted', deleted: true },
      ]);
      const deliveries = await ds.query<{ event_id: string; state: string; leased_by: string }[]>(
        `SELECT event_id, state, leased_by FROM webhook_deliveries ORDER BY event_id`,
      );
      expect(deliveries).toEqual([
        { event_id: 'e-1', state: 'cancelled', leased_by: null },
        { event_id: 'e-2', state: 'delivered', leased_by: 'w1' },
        { event_id: 'e-3', state: 'pending', leased_by: 'w1' },
      ]);
      await expect(
        ds.query(`UPDATE webhook_subscriptions SET state = 'deleted' WHERE id = 'sub_active'`),
      ).rejects.toThrow(/webhook_subscriptions_deleted_at/);
      await expect(
        ds.query(`UPDATE webhook_subscriptions SET deleted_at = now() WHERE id = 'sub_active'`),
      ).rejects.toThrow(/webhook_subscriptions_deleted_at/);
    } finally {
      await runner.release();
    }
  });
});
