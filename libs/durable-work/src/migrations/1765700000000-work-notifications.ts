import type { MigrationInterface, QueryRunner } from 'typeorm';
import { workChannel } from '../work-signal';

/**
 * The work tables announce due work on commit (NOTIFY), so workers wake at once instead of
 * polling every few milliseconds (see `WorkSignal`). A notification is only a hint: a worker's
 * claim still decides what is due, and its slow poll covers a notification nobody heard.
 *
 * - New rows: one notification per INSERT statement (FOR EACH STATEMENT), however many rows it
 *   writes; Postgres folds identical notifications of a transaction into one.
 * - Rows made due again by an UPDATE (a retry due now, a replay, a released lease, a breaker
 *   that closed, the next job of a case made ready): a row trigger whose WHEN picks exactly
 *   those rows. The WHEN runs inside the executor, so the claims and outcomes that make up
 *   nearly every UPDATE (a lease taken, a state that is final or due later) call nothing. A
 *   statement trigger would either fire on the claims themselves (and every claim would wake
 *   every replica into claiming again) or need a transition table that copies every row updated.
 *
 * What is due by the clock alone (a retry's time comes, a lease runs out) sends nothing: the
 * poll finds it.
 */
export class WorkNotifications1765700000000 implements MigrationInterface {
  name = 'WorkNotifications1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_work_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], '');
        RETURN NULL;
      END $$`);
    for (const { table, dueWhen } of WORK_TABLES) {
      const channel = workChannel(table);
      await q.query(
        `CREATE TRIGGER ${table}_notify_inserted AFTER INSERT ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION notify_work_due('${channel}')`,
      );
      if (dueWhen)
        await q.query(
          `CREATE TRIGGER ${table}_notify_made_due AFTER UPDATE ON ${table}
             FOR EACH ROW WHEN (${dueWhen}) EXECUTE FUNCTION notify_work_due('${channel}')`,
        );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, dueWhen } of WORK_TABLES) {
      await q.query(`DROP TRIGGER ${table}_notify_inserted ON ${table}`);
      if (dueWhen) await q.query(`DROP TRIGGER ${table}_notify_made_due ON ${table}`);
    }
    await q.query(`DROP FUNCTION notify_work_due()`);
  }
}

/** Each work table, and (for tables whose rows become due again by UPDATE) when a row is due. */
const WORK_TABLES: { table: string; dueWhen?: string }[] = [
  // Rows are only inserted (by whoever records an outcome) and deleted (by the relay).
  { table: 'outbox' },
  // Order per case is in `predecessor_synced`; a job waiting for its predecessor is not due yet.
  {
    table: 'portal_sync_jobs',
    dueWhen: `NEW.state IN ('pending', 'retrying') AND NEW.predecessor_synced
              AND NEW.lease_until IS NULL AND NEW.next_attempt_at <= now()`,
  },
  {
    table: 'profile_lookup_tasks',
    dueWhen: `NEW.state IN ('pending', 'retrying') AND NEW.lease_until IS NULL
              AND NEW.next_attempt_at <= now()`,
  },
  // A delivery also waits for its subscription and for the case's earlier deliveries: those
  // live in other rows, and the worker that finishes one looks again by itself.
  {
    table: 'webhook_deliveries',
    dueWhen: `NEW.state = 'pending' AND NEW.lease_until IS NULL AND NEW.next_attempt_at <= now()`,
  },
];
