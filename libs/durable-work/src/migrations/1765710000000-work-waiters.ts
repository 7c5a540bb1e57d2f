import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NOTIFY is not free on the hot path: a transaction that notifies holds a database-wide lock from
 * its commit until the commit is flushed, so notifying writers commit one after another instead
 * of sharing a WAL flush. pgbench, 4 clients, one outbox row per transaction: a third fewer
 * transactions per second with the notification than without (half, on a loaded machine); with
 * the check below and no worker waiting, 8% fewer.
 *
 * A notification only matters to a worker that is pausing; a busy worker looks again by itself.
 * So a worker about to pause says so in `work_waiters` (refreshed at every pause, good for a few
 * polls), and the triggers notify only while some worker of the channel waits. Under load nobody
 * pauses, the rows run out, and writers send nothing. The row is written before the worker looks
 * for work one last time, so a writer that saw no waiter either committed before that look, or
 * (rarely: it committed within the instant between its trigger and that look) waits for the poll.
 * Unlogged: after a crash the table is empty, and the next pauses write it again.
 */
export class WorkWaiters1765710000000 implements MigrationInterface {
  name = 'WorkWaiters1765710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE work_waiters (
        channel  text NOT NULL,
        waiter   text NOT NULL,
        until    timestamptz NOT NULL,
        PRIMARY KEY (channel, waiter)
      )`);
    await q.query(`
      CREATE OR REPLACE FUNCTION notify_work_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM work_waiters WHERE channel = TG_ARGV[0] AND until > now()) THEN
          PERFORM pg_notify(TG_ARGV[0], '');
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION notify_work_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], '');
        RETURN NULL;
      END $$`);
    await q.query(`DROP TABLE work_waiters`);
  }
}
