import { exampleCase, topics } from '@hub/contracts';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import {
  createDataSource,
  enqueueOutbox,
  outboxLane,
  queryRows,
  runMigrations,
  OutboxRelayRepository,
  type OutboxMessage,
  type StoredOutboxMessage,
} from '@hub/persistence';
import type { DataSource } from 'typeorm';

jest.setTimeout(30_000);

/** Case codes of example cases that fall into pairwise different outbox lanes. */
function caseCodesInDistinctLanes(count: number): string[] {
  const byLane = new Map<number, string>();
  for (let n = 1; byLane.size < count; n++) {
    const { caseCode } = exampleCase({ number: n });
    if (!byLane.has(outboxLane(caseCode))) byLane.set(outboxLane(caseCode), caseCode);
  }
  return [...byLane.values()];
}

/** The example case's events as case-events outbox messages, keyed by its case code. */
function messagesOf(caseCode: string, count: number): OutboxMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: topics.caseEvents,
    key: caseCode,
    headers: { ce_id: `${caseCode}#${i + 1}`, ce_sequence: String(i + 1) },
    value: JSON.stringify({ caseCode, sequence: i + 1 }),
  }));
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('OutboxRelayRepository (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let other: DataSource;
  let relay: OutboxRelayRepository;
  let replica: OutboxRelayRepository;
  const [caseA, caseB, caseC] = caseCodesInDistinctLanes(3);
  const [laneA, laneB, laneC] = [caseA, caseB, caseC].map(outboxLane);

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test' });
    other = createDataSource({ url: pg.url, applicationName: 'test-other-replica' });
    await Promise.all([ds.initialize(), other.initialize()]);
    relay = new OutboxRelayRepository(ds);
    replica = new OutboxRelayRepository(other);
  });

  afterAll(async () => {
    await Promise.all([ds?.destroy(), other?.destroy()]);
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE cases, case_events, outbox, portal_sync_jobs CASCADE');
  });

  async function remaining(lane?: number): Promise<StoredOutboxMessage[]> {
    const rows = await queryRows<{
      id: string;
      topic: string;
      message_key: string;
      headers: Record<string, string>;
      value: string;
    }>(
      ds,
      'SELECT id, topic, message_key, headers, value FROM outbox WHERE $1::int IS NULL OR lane = $1 ORDER BY id',
      [lane ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      key: r.message_key,
      headers: r.headers,
      value: r.value,
    }));
  }

  it('publishes a lane’s messages in one call, in id order, and deletes them', async () => {
    // Interleave two lanes so id order within a lane is not simply insertion order of one call.
    const a = messagesOf(caseA, 3);
    const b = messagesOf(caseB, 2);
    await enqueueOutbox(ds.manager, [a[0], b[0], a[1]]);
    await enqueueOutbox(ds.manager, [b[1], a[2]]);
    const before = await remaining(laneA);
    expect(before.map((m) => m.headers['ce_id'])).toEqual(a.map((m) => m.headers['ce_id']));

    const published: StoredOutboxMessage[][] = [];
    const count = await relay.drainLanes([laneA], 100, (messages) => {
      published.push(messages);
      return Promise.resolve();
    });

    expect(count).toBe(3);
    expect(published).toEqual([before]);
    const ids = before.map((m) => BigInt(m.id));
    expect([...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(ids);
    expect(before[0]).toMatchObject({ topic: topics.caseEvents, key: caseA, value: a[0].value });
    expect(await remaining(laneA)).toEqual([]);
    expect((await remaining()).map((m) => m.key)).toEqual([caseB, caseB]);
  });

  it('publishes at most `limit` messages, the oldest first', async () => {
    await enqueueOutbox(ds.manager, messagesOf(caseA, 5));
    const seen: string[] = [];
    const publish = (messages: StoredOutboxMessage[]): Promise<void> => {
      seen.push(...messages.map((m) => m.headers['ce_sequence']));
      return Promise.resolve();
    };
    expect(await relay.drainLanes([laneA], 2, publish)).toBe(2);
    expect(await relay.drainLanes([laneA], 2, publish)).toBe(2);
    expect(await relay.drainLanes([laneA], 2, publish)).toBe(1);
    expect(await relay.drainLanes([laneA], 2, publish)).toBe(0);
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
  });

  it('deletes nothing when publish throws', async () => {
    await enqueueOutbox(ds.manager, messagesOf(caseA, 3));
    const before = await remaining();
    await expect(
      relay.drainLanes([laneA], 100, () => Promise.reject(new Error('broker unavailable'))),
    ).rejects.toThrow('broker unavailable');
    expect(await remaining()).toEqual(before);

    // The lane's lock went with the rolled-back transaction: the next attempt sends them again.
    const again: StoredOutboxMessage[] = [];
    expect(
      await replica.drainLanes([laneA], 100, (messages) => {
        again.push(...messages);
        return Promise.resolve();
      }),
    ).toBe(3);
    expect(again).toEqual(before);
  });

  it('skips a lane another transaction is draining, while other lanes proceed', async () => {
    await enqueueOutbox(ds.manager, [...messagesOf(caseA, 2), ...messagesOf(caseB, 2)]);
    const entered = deferred();
    const release = deferred();

    const first = relay.drainLanes([laneA], 100, async () => {
      entered.resolve();
      await release.promise;
    });
    await entered.promise;

    const skipped = jest.fn(() => Promise.resolve());
    expect(await replica.drainLanes([laneA], 100, skipped)).toBe(-1);
    expect(await relay.drainLanes([laneA], 100, skipped)).toBe(-1);
    expect(skipped).not.toHaveBeenCalled();

    const otherLane: StoredOutboxMessage[] = [];
    expect(
      await replica.drainLanes([laneB], 100, (messages) => {
        otherLane.push(...messages);
        return Promise.resolve();
      }),
    ).toBe(2);
    expect(otherLane.map((m) => m.key)).toEqual([caseB, caseB]);
    expect(await remaining(laneA)).toHaveLength(2);

    release.resolve();
    expect(await first).toBe(2);
    expect(await remaining()).toEqual([]);
    // The lock ended with the transaction: the lane is free again.
    expect(await replica.drainLanes([laneA], 100, skipped)).toBe(0);
  });

  it('publishes several lanes in one call, each in order, leaving out a lane held elsewhere', async () => {
    await enqueueOutbox(ds.manager, [...messagesOf(caseA, 2), ...messagesOf(caseB, 3)]);
    await enqueueOutbox(ds.manager, messagesOf(caseC, 2));
    const entered = deferred();
    const release = deferred();
    const holdingC = replica.drainLanes([laneC], 100, async () => {
      entered.resolve();
      await release.promise;
    });
    await entered.promise;

    const published: StoredOutboxMessage[][] = [];
    const count = await relay.drainLanes([laneA, laneB, laneC], 100, (messages) => {
      published.push(messages);
      return Promise.resolve();
    });
    expect(count).toBe(5);
    expect(published).toHaveLength(1);
    const of = (key: string) =>
      (published[0] ?? []).filter((m) => m.key === key).map((m) => m.headers['ce_sequence']);
    expect(of(caseA)).toEqual(['1', '2']);
    expect(of(caseB)).toEqual(['1', '2', '3']);
    expect(of(caseC)).toEqual([]);
    release.resolve();
    expect(await holdingC).toBe(2);
    expect(await relay.drainLanes([laneA, laneB], 100, () => Promise.resolve())).toBe(0);
  });

  it('lists the lanes that have work, oldest first', async () => {
    expect(await relay.busyLanes()).toEqual([]);
    await enqueueOutbox(ds.manager, messagesOf(caseB, 1));
    await enqueueOutbox(ds.manager, messagesOf(caseC, 2));
    await enqueueOutbox(ds.manager, messagesOf(caseA, 1));
    await enqueueOutbox(ds.manager, messagesOf(caseB, 1));
    expect(await relay.busyLanes()).toEqual([laneB, laneC, laneA]);
    // Only the oldest `window` messages are looked at.
    expect(await relay.busyLanes(1)).toEqual([laneB]);
    expect(await relay.busyLanes(3)).toEqual([laneB, laneC]);

    await relay.drainLanes([laneB], 100, () => Promise.resolve());
    expect(await relay.busyLanes()).toEqual([laneC, laneA]);
  });

  it('counts the backlog and the age of its oldest message', async () => {
    expect(await relay.backlog()).toEqual({ count: 0, oldestSeconds: 0 });
    await enqueueOutbox(ds.manager, [...messagesOf(caseA, 2), ...messagesOf(caseB, 1)]);
    await ds.query(
      `UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE id = (SELECT min(id) FROM outbox)`,
    );
    const backlog = await relay.backlog();
    expect(backlog.count).toBe(3);
    expect(backlog.oldestSeconds).toBeGreaterThanOrEqual(90);
    expect(backlog.oldestSeconds).toBeLessThan(120);

    await relay.drainLanes([laneA], 100, () => Promise.resolve());
    expect((await relay.backlog()).count).toBe(1);
  });
});
