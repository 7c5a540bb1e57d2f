import { exampleCase } from '@hub/contracts';
import { startPostgres, type PostgresHandle, sleep } from '@hub/testing';
import { createDataSource, runMigrations } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { DeliveryRepository, type NewDelivery } from './delivery.repository';
import { SubscriptionRepository } from './subscription.repository';

jest.setTimeout(30_000);

let pg: PostgresHandle;
let ds: DataSource;
let subscriptions: SubscriptionRepository;
let deliveries: DeliveryRepository;

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  ds = createDataSource({ url: pg.url, applicationName: 'webhooks-spec', poolSize: 5 });
  await ds.initialize();
  subscriptions = new SubscriptionRepository(ds);
  deliveries = new DeliveryRepository(ds);
});

afterAll(async () => {
  await ds?.destroy();
  await pg?.stop();
});

beforeEach(async () => {
  await ds.query('TRUNCATE webhook_audit_log, webhook_deliveries, webhook_subscriptions CASCADE');
});

let subscriptionNumber = 0;
async function subscription(): Promise<string> {
  const id = `sub_test_${++subscriptionNumber}`;
  await subscriptions.create(
    {
      id,
      url: 'https://hooks.partner.vn/in',
      eventTypes: [],
      departments: [],
      contentMode: 'structured',
      secret: 'whsec_test',
      createdBy: 'admin',
    },
    'admin',
  );
  return id;
}

function deliveriesOf(subscriptionId: string, number: number): NewDelivery[] {
  const { caseCode, events } = exampleCase({ number });
  return events.map((e) => ({
    subscriptionId,
    eventId: e.id,
    eventType: e.type,
    caseCode,
    sequence: e.sequence,
    department: 'STP',
    event: e,
  }));
}

describe('DeliveryRepository (real Postgres)', () => {
  it('creates one delivery per (subscription, event), however often the event arrives', async () => {
    const sub = await subscription();
    const batch = deliveriesOf(sub, 1);
    expect(await deliveries.insert(batch)).toBe(5);
    expect(await deliveries.insert(batch)).toBe(0);
    expect(await deliveries.insert([...batch.slice(0, 2), ...batch.slice(0, 2)])).toBe(0);
    expect(await deliveries.list(sub, { limit: 100, offset: 0 })).toHaveLength(5);
  });

  it('delivers a hub event after its anchor and before the department’s next event', async () => {
    const sub = await subscription();
    const [first, second, third] = deliveriesOf(sub, 4);
    const paid: NewDelivery = { ...second, eventId: 'hub-payment-T4', hubSequence: 1 };
    await deliveries.insert([first, second, paid, { ...third, sequence: 3 }]);
    const order: string[] = [];
    for (;;) {
      const due = await deliveries.claimDue(10, 'w1', 30_000);
      if (due.length === 0) break;
      expect(due).toHaveLength(1);
      order.push(due[0].eventId);
      await deliveries.recordAttempt(due[0].id, 'w1', { ok: true, status: 204 }, 60_000);
    }
    expect(order).toEqual([first.eventId, second.eventId, paid.eventId, third.eventId]);
  });

  it('hands out only the oldest pending event of each case, the next once it is delivered', async () => {
    const sub = await subscription();
    await deliveries.insert([...deliveriesOf(sub, 2), ...deliveriesOf(sub, 3)]);

    const first = await deliveries.claimDue(10, 'w1', 30_000);
    expect(first.map((d) => d.sequence)).toEqual([1, 1]);
    expect(await deliveries.claimDue(10, 'w2', 30_000)).toEqual([]);

    // A failure keeps the case waiting (sequence 2 is not handed out while 1 is pending).
    await deliveries.recordAttempt(
      first[0].id,
      'w1',
      { ok: false, status: 500, error: 'HTTP 500', nextAttemptAt: new Date() },
      60_000,
    );
    await deliveries.recordAttempt(first[1].id, 'w1', { ok: true, status: 204 }, 60_000);
    const next = await deliveries.claimDue(10, 'w1', 30_000);
    expect(next.map((d) => [d.caseCode, d.sequence]).sort()).toEqual(
      [
        [first[0].caseCode, 1],
        [first[1].caseCode, 2],
      ].sort(),
    );
    const retried = next.find((d) => d.id === first[0].id);
    expect(retried).toMatchObject({ attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
  });

  it('lets only the lease holder record, and gives released leases to others', async () => {
    const sub = await subscription();
    await deliveries.insert(deliveriesOf(sub, 4).slice(0, 1));
    const [claimed] = await deliveries.claimDue(1, 'w1', 30_000);
    expect(
      await deliveries.recordAttempt(claimed.id, 'intruder', { ok: true, status: 200 }, 60_000),
    ).toEqual({ recorded: false, paused: false });
    await deliveries.releaseLeases('w1');
    const [again] = await deliveries.claimDue(1, 'w2', 30_000);
    expect(again.id).toBe(claimed.id);
  });

  it('pauses a subscription failing longer than allowed, audits it, and resumes on request', async () => {
    const sub = await subscription();
    await deliveries.insert(deliveriesOf(sub, 5));
    const fail = async () => {
      const [d] = await deliveries.claimDue(1, 'w1', 30_000);
      return deliveries.recordAttempt(
        d.id,
        'w1',
        { ok: false, status: null, error: 'timed out', nextAttemptAt: new Date() },
        200,
      );
    };
    expect(await fail()).toEqual({ recorded: true, paused: false });
    expect((await subscriptions.find(sub))?.failingSince).toBeInstanceOf(Date);
    await sleep(300);
    expect(await fail()).toEqual({ recorded: true, paused: true });
    expect(await subscriptions.find(sub)).toMatchObject({ state: 'paused' });
    expect(await deliveries.claimDue(10, 'w1', 30_000)).toEqual([]);

    await ds.query(`UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour'`);
    expect(await subscriptions.resume(sub, 'alice')).toMatchObject({
      kind: 'changed',
      subscription: { state: 'active', failingSince: null },
    });
    const [due] = await deliveries.claimDue(10, 'w1', 30_000);
    expect(due).toMatchObject({ sequence: 1, attempts: 2 });
    expect((await subscriptions.auditLog(sub)).map((a) => [a.actor, a.action])).toEqual([
      ['admin', 'subscription.created'],
      ['system', 'subscription.auto-paused'],
      ['alice', 'subscription.resumed'],
    ]);
  });

  it('redelivers a delivered event on request, and cancels open deliveries on delete', async () => {
    const sub = await subscription();
    await deliveries.insert(deliveriesOf(sub, 6));
    const [d] = await deliveries.claimDue(1, 'w1', 30_000);
    await deliveries.recordAttempt(d.id, 'w1', { ok: true, status: 204 }, 60_000);

    expect(await deliveries.redeliver(sub, d.id, 'bob')).toMatchObject({
      state: 'pending',
      redeliveries: 1,
    });
    expect(await deliveries.redeliver(sub, '999999', 'bob')).toBeUndefined();
    expect(await deliveries.redeliver(sub, 'x; DROP', 'bob')).toBeUndefined();
    const [again] = await deliveries.claimDue(1, 'w1', 30_000);
    expect(again.id).toBe(d.id);

    expect(await subscriptions.delete(sub, 'bob')).toBe('deleted');
    expect(await subscriptions.delete(sub, 'bob')).toBe('already-deleted');
    expect(await subscriptions.delete('sub_unknown', 'bob')).toBe('not-found');
    const left = await deliveries.list(sub, { state: 'pending', limit: 10, offset: 0 });
    expect(left).toEqual([]);
    expect((await subscriptions.auditLog(sub)).map((a) => a.action)).toEqual([
      'subscription.created',
      'delivery.redelivered',
      'subscription.deleted',
    ]);
  });

  it('keeps a deleted subscription, its deliveries and its audit log readable', async () => {
    const kept = await subscription();
    const sub = await subscription();
    await deliveries.insert(deliveriesOf(sub, 7));
    const [d] = await deliveries.claimDue(1, 'w1', 30_000);
    await deliveries.recordAttempt(d.id, 'w1', { ok: true, status: 204 }, 60_000);

    expect(await subscriptions.delete(sub, 'carol')).toBe('deleted');
    expect(await subscriptions.find(sub)).toMatchObject({
      state: 'deleted',
      deletedAt: expect.any(Date) as Date,
    });
    expect(
      (await deliveries.list(sub, { limit: 10, offset: 0 })).map((x) => x.state).sort(),
    ).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'delivered']);
    const audit = await subscriptions.auditLog(sub);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['admin', 'subscription.created'],
      ['carol', 'subscription.deleted'],
    ]);
    expect(audit[1].detail).toEqual({ cancelledDeliveries: 4 });

    // Left out of the default list and of fan-out; listed when asked for.
    expect((await subscriptions.list()).map((s) => s.id)).toEqual([kept]);
    expect((await subscriptions.list({ state: 'deleted' })).map((s) => s.id)).toEqual([sub]);
    expect((await subscriptions.receiving()).map((s) => s.id)).toEqual([kept]);
    // Nothing new for it: no delivery, no redelivery, no pause or resume.
    expect(await deliveries.insert(deliveriesOf(sub, 8))).toBe(0);
    expect(await deliveries.redeliver(sub, d.id, 'carol')).toBeUndefined();
    expect(await subscriptions.pause(sub, 'carol')).toEqual({ kind: 'deleted' });
    expect(await subscriptions.resume(sub, 'carol')).toEqual({ kind: 'deleted' });
    expect(await subscriptions.pause('sub_unknown', 'carol')).toEqual({ kind: 'not-found' });
    expect(await deliveries.claimDue(10, 'w1', 30_000)).toEqual([]);
    expect(await subscriptions.auditLog(sub)).toHaveLength(2);
  });

  it('creates no delivery for a subscription whose delete commits while the insert runs', async () => {
    const sub = await subscription();
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // A delete in flight: the row is updated, not yet committed.
      await runner.query(
        `UPDATE webhook_subscriptions SET state = 'deleted', deleted_at = now() WHERE id = $1`,
        [sub],
      );
      const inserting = deliveries.insert(deliveriesOf(sub, 9));
      // Without the share lock the insert would read the committed row (active) and go ahead.
      const early = await Promise.race([inserting, sleep(300).then(() => 'waiting' as const)]);
      expect(early).toBe('waiting');
      await runner.commitTransaction();
      expect(await inserting).toBe(0);
    } finally {
      await runner.release();
    }
    expect(await deliveries.list(sub, { limit: 10, offset: 0 })).toEqual([]);
  });
});
