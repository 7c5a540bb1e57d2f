import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseEventInput } from '@hub/contracts';
import { startStack, type Stack } from '@hub/dev-stack';
import { sleep, waitFor } from '@hub/testing';
import { type ConsumedRecord, KafkaConnection } from '@hub/messaging';
import { HubLogger } from '@hub/observability';
import {
  type AcceptResult,
  type CaseView,
  chunk,
  cases,
  HubClient,
  MockPortalClient,
  type ProblemBody,
} from './hub-client';

/**
 * The core path end to end: every app runs as its own process against a real Postgres and a
 * real Kafka-protocol broker, the national portal is the mock process. Scenarios share one stack
 * and run in order; each uses its own case numbers.
 */
jest.setTimeout(300_000);

let stack: Stack;
let hub: HubClient;
let portal: MockPortalClient;
const personalIds: string[] = [];

const track = <T extends { events: CaseEventInput[] }>(list: T[]): T[] => {
  for (const c of list) {
    const received = c.events[0] as { data: { applicant: { personalId?: string } } };
    if (received.data.applicant.personalId) personalIds.push(received.data.applicant.personalId);
  }
  return list;
};

async function historyOf(caseCode: string): Promise<string[]> {
  const dossier = await portal.dossier(caseCode);
  return dossier?.history.map((h) => h.TrangThaiHoSo) ?? [];
}

beforeAll(async () => {
  stack = await startStack({
    ports: 'ephemeral',
    env: {
      'portal-sync': {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
        BREAKER_RESET_MS: '2000',
        RETRY_BASE_MS: '200',
        RETRY_MAX_MS: '3000',
        PORTAL_TIMEOUT_MS: '3000',
        SYNC_LEASE_MS: '8000',
      },
    },
  });
  hub = new HubClient(stack);
  portal = new MockPortalClient(stack.urls['mock-portal']);
  await portal.reset();
});

afterAll(async () => {
  await stack?.stop();
});

describe('core path', () => {
  it('1. syncs 300 cases × 5 events through a 15 s portal outage, each dossier exactly [2,4,4,9,10]', async () => {
    const list = track(cases({ day: '261101', count: 300 }));
    const seqs = (from: number, to: number) => list.flatMap((c) => c.events.slice(from - 1, to));
    const before = await portal.stats();

    for (const batch of chunk(seqs(1, 2), 200)) await hub.postEventsReliably('STP', batch);
    await portal.faults({ mode: 'down' });
    const downAt = Date.now();
    for (const batch of chunk(seqs(3, 4), 200)) await hub.postEventsReliably('STP', batch);
    await sleep(Math.max(0, 15_000 - (Date.now() - downAt)));
    const mid = await hub.summary();
    expect(mid.syncRate).toBeLessThan(1);
    await portal.faults({ mode: 'up' });
    const upAt = Date.now();
    for (const batch of chunk(seqs(5, 5), 200)) await hub.postEventsReliably('STP', batch);

    const summary = await waitFor(
      'sync rate 1 after recovery',
      async () => {
        const s = await hub.summary();
        return s.total >= 1500 && s.syncRate === 1 ? s : undefined;
      },
      60_000 - (Date.now() - upAt),
    );
    expect(summary).toMatchObject({ synced: summary.total, pending: 0, retrying: 0, dead: 0 });

    for (const c of list) {
      const dossier = await portal.dossier(c.caseCode);
      expect(dossier?.history.map((h) => h.TrangThaiHoSo)).toEqual(['2', '4', '4', '9', '10']);
      expect(dossier?.DuocThanhToanTrucTuyen).toBe('1');
      expect(dossier?.DanhSachGiayToKetQua?.length).toBeGreaterThan(0);
      expect(dossier?.DanhSachLePhi?.length).toBeGreaterThan(0);
    }
    const after = await portal.stats();
    expect(after.duplicates - before.duplicates).toBe(0);
    expect(after.rejected - before.rejected).toBe(0);
    expect(after.dossiers - before.dossiers).toBe(300);
  });

  it('2. re-sent events are reported duplicate and have no second effect', async () => {
    const [c] = track(cases({ day: '261102', count: 1 }));
    const first = await hub.postEvents('STP', c.events);
    expect(first.status).toBe(202);
    await waitFor('case synced', () => hub.allSynced('STP', [c.caseCode]), 30_000);
    const statsBefore = await portal.stats();
    const viewBefore = (await hub.getCase('STP', c.caseCode)).body as CaseView;

    const again = await hub.postEvents('STP', c.events);
    expect(again.status).toBe(202);
    const body = again.body as AcceptResult;
    expect(body).toMatchObject({ accepted: 0, duplicates: 5 });
    expect(body.results.every((r) => r.status === 'duplicate')).toBe(true);
    for (const event of c.events) {
      const single = await hub.postEvents('STP', event);
      expect(single.body).toMatchObject({ accepted: 0, duplicates: 1 });
    }

    await sleep(2000);
    expect(await portal.stats()).toEqual(statsBefore);
    expect((await hub.getCase('STP', c.caseCode)).body).toEqual(viewBefore);
    expect(await historyOf(c.caseCode)).toEqual(['2', '4', '4', '9', '10']);
  });

  it('3. events posted out of order (3, 1, 2) reach the portal as 1, 2, 3; the gap holds only that case', async () => {
    const [c] = track(cases({ day: '261103', count: 1 }));
    const [e1, e2, e3] = c.events;
    expect((await hub.postEvents('STP', e3)).status).toBe(202);

    const held = await waitFor(
      'the gap to be shown to operations',
      async () => {
        const res = await hub.heldCases();
        return res.body.items.find((h) => h.caseCode === c.caseCode);
      },
      20_000,
    );
    expect(held).toMatchObject({ missingSequence: 1, waiting: 1 });
    expect(await portal.dossier(c.caseCode)).toBeUndefined();

    expect((await hub.postEvents('STP', e1)).status).toBe(202);
    await waitFor(
      'sequence 1 synced',
      async () => ((await historyOf(c.caseCode)).length === 1 ? true : undefined),
      20_000,
    );
    await sleep(500);
    expect(await historyOf(c.caseCode)).toEqual(['2']);

    expect((await hub.postEvents('STP', e2)).status).toBe(202);
    await waitFor('case synced', () => hub.allSynced('STP', [c.caseCode]), 20_000);
    const dossier = await portal.dossier(c.caseCode);
    expect(dossier?.history.map((h) => h.TrangThaiHoSo)).toEqual(['2', '4', '4']);
    expect(dossier?.history.map((h) => h.idempotencyKey?.split(':')[0])).toEqual([
      e1.id,
      e2.id,
      e3.id,
    ]);
  });

  it('4. kill -9 of portal-sync and of the gateway while events flow: nothing lost, nothing applied twice', async () => {
    const list = track(cases({ day: '261104', count: 60 }));
    // Interleave: every case advances one step per round, as real traffic does.
    const rounds = [0, 1, 2, 3, 4].map((i) => list.map((c) => c.events[i]));
    const batches = rounds.flatMap((r) => chunk(r, 15));
    const sender = (async () => {
      for (const batch of batches) {
        await hub.postEventsReliably('STP', batch, 120_000);
        await sleep(50);
      }
    })();

    await sleep(1500);
    await stack.apps['portal-sync'][0].kill9();
    await sleep(700);
    await stack.apps.gateway[0].kill9();
    await sleep(1000);
    await stack.apps.gateway[0].restart();
    await stack.apps['portal-sync'][0].restart();
    await sender;

    await waitFor(
      'all cases synced after the crashes',
      () =>
        hub.allSynced(
          'STP',
          list.map((c) => c.caseCode),
        ),
      90_000,
      1000,
    );
    for (const c of list) expect(await historyOf(c.caseCode)).toEqual(['2', '4', '4', '9', '10']);
    const summary = await hub.summary();
    expect(summary.syncRate).toBe(1);
  });

  it('5. a rejected case goes dead with the portal’s reason, waits, and completes after replay', async () => {
    const [bad, ...good] = track(cases({ day: '261105', count: 4 }));
    await portal.faults({ mode: 'up', rejectCaseCodes: [bad.caseCode] });
    await hub.postEventsReliably(
      'STP',
      [bad, ...good].flatMap((c) => c.events),
    );

    await waitFor(
      'the other cases synced',
      () =>
        hub.allSynced(
          'STP',
          good.map((c) => c.caseCode),
        ),
      30_000,
    );
    const dead = await waitFor(
      'a dead letter with the portal reason',
      async () => (await hub.deadLetters()).body.items.find((d) => d.caseCode === bad.caseCode),
      30_000,
    );
    expect(dead).toMatchObject({
      eventId: bad.events[0].id,
      errorCode: 'PORTAL_REJECTED:5',
      waitingBehind: 4,
    });
    expect(dead.errorMessage).toContain('bị từ chối');
    const view = (await hub.getCase('STP', bad.caseCode)).body as CaseView;
    expect(view.events.map((e) => e.sync.state)).toEqual([
      'dead',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(view.events[0].sync.lastError).toMatchObject({ code: 'PORTAL_REJECTED:5' });
    expect(view.events.slice(1).every((e) => e.sync.attempts === 0)).toBe(true);
    const summary = await hub.summary();
    expect(summary.dead).toBe(1);
    expect(summary.syncRate).toBeLessThan(1);

    await portal.faults({ mode: 'up' });
    expect((await hub.replay(bad.events[0].id)).status).toBe(202);
    await waitFor('the replayed case synced', () => hub.allSynced('STP', [bad.caseCode]), 30_000);
    expect(await historyOf(bad.caseCode)).toEqual(['2', '4', '4', '9', '10']);
    expect((await hub.summary()).syncRate).toBe(1);
    expect((await hub.replay(bad.events[0].id)).status).toBe(409);
  });

  it('6. sessions expiring mid-run make the adapter log in again; nothing fails', async () => {
    const list = track(cases({ day: '261106', count: 40 }));
    const before = await portal.stats();
    const rounds = [0, 1, 2, 3, 4].map((i) => list.map((c) => c.events[i]));
    await hub.postEventsReliably('STP', rounds[0]);
    await hub.postEventsReliably('STP', rounds[1]);
    await portal.faults({ mode: 'up', expireSessions: true });
    await hub.postEventsReliably('STP', rounds[2]);
    await portal.faults({ mode: 'up', expireSessions: true });
    await hub.postEventsReliably('STP', [...rounds[3], ...rounds[4]]);
    await waitFor(
      'all synced',
      () =>
        hub.allSynced(
          'STP',
          list.map((c) => c.caseCode),
        ),
      60_000,
    );
    const after = await portal.stats();
    expect(after.rejected - before.rejected).toBe(0);
    const summary = await hub.summary();
    expect(summary).toMatchObject({ dead: 0, syncRate: 1 });
  });

  it('7. every bad input gets its status and a problem naming the field, and stores nothing', async () => {
    const [c] = track(cases({ day: '261107', count: 1 }));
    const [e1, e2] = c.events;
    const totalBefore = (await hub.summary()).total;
    const key = `Bearer ${hub.keyOf('STP')}`;
    const json = { authorization: key, 'content-type': 'application/cloudevents+json' };
    const expectProblem = (
      res: { status: number; body: unknown; headers: Headers },
      status: number,
      path: string,
    ) => {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = res.body as ProblemBody;
      expect(problem.status).toBe(status);
      expect(problem.errors?.map((e) => e.path)).toContain(path);
      expect(JSON.stringify(problem)).not.toMatch(/at .*\.js:\d+/);
    };

    expectProblem(await hub.postRaw('{"specversion": "1.0",', json), 400, '(body)');
    const missing = { ...e1, data: { ...(e1.data as object), procedureCode: undefined } };
    expectProblem(await hub.postRaw(JSON.stringify(missing), json), 400, 'data.procedureCode');
    const badId = {
      ...e1,
      data: {
        ...(e1.data as { applicant: object }),
        applicant: { kind: 'citizen', fullName: 'X', personalId: '123' },
      },
    };
    expectProblem(await hub.postRaw(JSON.stringify(badId), json), 400, 'data.applicant.personalId');
    expectProblem(
      await hub.postRaw(JSON.stringify(e1), { 'content-type': 'application/cloudevents+json' }),
      401,
      'headers.authorization',
    );
    expectProblem(
      await hub.postRaw(JSON.stringify(e1), { ...json, authorization: 'Bearer not-a-key-at-all' }),
      401,
      'headers.authorization',
    );
    expectProblem(await hub.postEvents('SXD', e1), 403, 'source');
    expectProblem(
      await hub.postRaw(JSON.stringify(e1), { ...json, 'content-type': 'text/plain' }),
      415,
      'headers.content-type',
    );
    expectProblem(
      await hub.postRaw(`[${'1,'.repeat(600_000)}1]`, {
        ...json,
        'content-type': 'application/json',
      }),
      413,
      '(body)',
    );
    expectProblem(
      await hub.postEvents(
        'STP',
        Array.from({ length: 501 }, () => e1),
      ),
      413,
      '(root)',
    );

    // A batch with one bad event stores none of them.
    const mixed = await hub.postEvents('STP', [e1, { ...e2, sequence: 1 }]);
    expectProblem(mixed, 400, 'sequence');
    expect((mixed.body as ProblemBody).errors?.[0]).toMatchObject({ index: 1 });
    expect((await hub.getCase('STP', c.caseCode)).status).toBe(404);

    // 409: the same id with other content, after the first was accepted.
    expect((await hub.postEvents('STP', e1)).status).toBe(202);
    const changed = { ...e1, time: '2026-11-07T10:00:00+07:00' };
    expectProblem(await hub.postEvents('STP', changed), 409, 'id');
    const sameSequence = {
      ...e2,
      id: `${e2.id}-other`,
      sequence: 1,
      type: 'case.received',
      data: e1.data,
    } as CaseEventInput;
    expectProblem(await hub.postEvents('STP', sameSequence), 409, 'sequence');
    expect((await hub.getCase('SXD', c.caseCode)).status).toBe(404);
    const view = (await hub.getCase('STP', c.caseCode)).body as CaseView;
    expect(view.events.map((e) => e.id)).toEqual([e1.id]);
    expect((await hub.summary()).total).toBe(totalBefore + 1);
    await waitFor('the accepted event synced', () => hub.allSynced('STP', [c.caseCode]), 30_000);
  });

  it('8. subscribers see every accepted event and every sync outcome on Kafka, keyed by case', async () => {
    const [c] = track(cases({ day: '261108', count: 1 }));
    await hub.postEventsReliably('STP', c.events);
    await waitFor('case synced', () => hub.allSynced('STP', [c.caseCode]), 30_000);

    const kafka = new KafkaConnection({
      brokers: stack.kafka.brokers,
      clientId: 'e2e-subscriber',
      logger: HubLogger.for('e2e', 'error'),
    });
    const seen: ConsumedRecord[] = [];
    const consumer = kafka.consumer({
      groupId: `e2e-subscriber-${Date.now()}`,
      topics: ['hub.case-events.v1', 'hub.sync-results.v1'],
      fromBeginning: true,
      sessionTimeoutMs: 3000,
      heartbeatIntervalMs: 300,
      maxWaitTimeMs: 100,
      handleBatch: (records) => {
        seen.push(...records.filter((r) => r.key === c.caseCode));
        return Promise.resolve();
      },
    });
    try {
      await consumer.start();
      await waitFor(
        'the case on both topics',
        () =>
          Promise.resolve(
            seen.filter((r) => r.topic === 'hub.sync-results.v1').length >= 5 ? true : undefined,
          ),
        30_000,
      );
    } finally {
      await kafka.disconnect();
    }

    const events = seen.filter((r) => r.topic === 'hub.case-events.v1');
    expect(events.map((r) => r.headers['ce_id'])).toEqual(c.events.map((e) => e.id));
    expect(events[0].headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'case.received',
      ce_source: '/departments/STP',
      ce_subject: c.caseCode,
      ce_sequence: '1',
      'content-type': 'application/json',
    });
    expect(JSON.parse(events[0].value!)).toMatchObject({
      caseCode: c.caseCode,
      procedureCode: '1.001193',
    });
    const outcomes = seen
      .filter((r) => r.topic === 'hub.sync-results.v1')
      .map((r) => JSON.parse(r.value!) as { eventId: string; outcome: string; sequence: number });
    expect(outcomes.map((o) => [o.sequence, o.outcome])).toEqual(
      [1, 2, 3, 4, 5].map((s) => [s, 'synced']),
    );
    expect(outcomes.map((o) => o.eventId)).toEqual(c.events.map((e) => e.id));
  });

  it('keeps personal IDs out of every log line of the run', () => {
    const files = readdirSync(stack.logDir).filter((f) => f.endsWith('.log'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const ids = new Set(personalIds);
    for (const file of files) {
      const text = readFileSync(join(stack.logDir, file), 'utf8');
      for (const match of text.matchAll(/(?<!\d)\d{12}(?!\d)/g))
        expect(ids.has(match[0])).toBe(false);
    }
  });
});
