import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What webhooks publishes for other apps (`webhooks_api`): each subscription's delivery health,
 * for the ops console. Ops reads only this view, never the tables, so webhooks may change its
 * queue behind it. Nothing secret leaves: no signing secret, and of the target only its host (a
 * target's path or query often carries a token); the last error is the sender's own short text
 * ("HTTP 503", "network error: …"), with any 12-digit number masked all the same.
 *
 * Runs outside a transaction so that the index is built CONCURRENTLY: deliveries keep being
 * written while it builds. Every statement may run again after a failure half-way.
 */
export class WebhooksApi1765970000001 implements MigrationInterface {
  name = 'WebhooksApi1765970000001';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // "Delivered in the last 24 hours" and "last delivered" per subscription, without reading
    // every delivery it ever had.
    await q.query(`
      CREATE INDEX CONCURRENTLY IF NOT EXISTS webhook_deliveries_delivered
        ON webhook_deliveries (subscription_id, delivered_at) WHERE state = 'delivered'`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS webhooks_api`);
    // pending: not delivered yet; failing: of those, the ones whose last attempt failed.
    await q.query(`
      CREATE OR REPLACE VIEW webhooks_api.subscription_health AS
        SELECT s.id, s.description, s.state,
               substring(s.target_url FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#]+)') AS target_host,
               s.event_types, s.departments, s.paused_reason, s.paused_at, s.failing_since,
               s.created_at,
               p.pending, p.failing, p.oldest_pending_at,
               (SELECT count(*)::int FROM webhook_deliveries w
                 WHERE w.subscription_id = s.id AND w.state = 'delivered'
                   AND w.delivered_at > now() - interval '24 hours') AS delivered_24h,
               (SELECT max(w.delivered_at) FROM webhook_deliveries w
                 WHERE w.subscription_id = s.id AND w.state = 'delivered') AS last_delivered_at,
               regexp_replace(e.last_error, '[0-9]{12}', '************', 'g') AS last_error,
               e.last_status, e.last_attempt_at
          FROM webhook_subscriptions s
          CROSS JOIN LATERAL (
            SELECT count(*)::int AS pending,
                   count(*) FILTER (WHERE w.last_error IS NOT NULL)::int AS failing,
                   min(w.created_at) AS oldest_pending_at
              FROM webhook_deliveries w WHERE w.subscription_id = s.id AND w.state = 'pending') p
          LEFT JOIN LATERAL (
            SELECT w.last_error, w.last_status, w.last_attempt_at
              FROM webhook_deliveries w
             WHERE w.subscription_id = s.id AND w.state = 'pending' AND w.last_error IS NOT NULL
             ORDER BY w.last_attempt_at DESC NULLS LAST LIMIT 1) e ON true`);
    await q.query(`COMMENT ON SCHEMA webhooks_api IS
      'Published by webhooks for other apps: read subscription health only here'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA IF EXISTS webhooks_api CASCADE`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS webhook_deliveries_delivered`);
  }
}
