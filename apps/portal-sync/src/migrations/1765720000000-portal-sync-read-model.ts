import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A read model portal-sync publishes: where each event stands on its way to the portal. The
 * gateway's case view reads it instead of portal-sync's job table, so portal-sync may change its
 * queue (columns, leases, partitioning) while this view keeps its shape. A later migration that
 * changes a column named here recreates the view in the same transaction.
 */
export class PortalSyncReadModel1765720000000 implements MigrationInterface {
  name = 'PortalSyncReadModel1765720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW portal_sync_event_status AS
        SELECT event_id, state, attempts, last_error_code, last_error_message, synced_at,
               next_attempt_at
          FROM portal_sync_jobs`);
    await q.query(`COMMENT ON VIEW portal_sync_event_status IS
      'Published by portal-sync for other apps: one row per sync job, by event id'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW portal_sync_event_status`);
  }
}
