import type { CaseEventInput } from '@hub/contracts';
import {
  DEFAULT_RESTART_POLICY,
  startStack,
  type AppName,
  type Stack,
  type SupervisorNotice,
} from '@hub/dev-stack';
import { sleep, waitFor } from '@hub/testing';
import {
  type AcceptResult,
  cases,
  chunk,
  FAST_FAILOVER_PORTAL_SYNC,
  FAST_KAFKA,
  HubClient,
  MockPortalClient,
  type MockStats,
} from './hub-client';
import { freshLogDir, personalIdsInLogs } from './run-logs';

/**
 * Chaos: the whole hub under `npm start`'s supervisor, on a Postgres of this test's own (an
 * embedded throwaway cluster, never the machine's shared server). Under a steady load of events,
 * each hub app is killed with SIGKILL in turn and comes back through the supervisor, then the
 * database is stopped and started again. Every event the gateway took must reach the portal once
 * in effect, each case in sequence order, and the sync rate must be back to 1.
 */
jest.setTimeout(420_000);

/** The hub's own apps, killed in this order; the mocks stand for systems outside the hub. */
const VICTIMS: AppName[] = ['gateway', 'relay', 'portal-sync', 'once-only', 'webhooks', 'ops'];
const CASES = 300;
const EVENTS = CASES * 5;
/** Events per POST, and the pause between POSTs: ~25 events/s, a steady, modest load. */
const BATCH = 10;
const PAUSE_MS = 400;
/** How long the database stays down: long enough for every app to notice. */
const DATABASE_DOWN_MS = 3000;

let stack: Stack;
let hub: HubClient;
let portal: MockPortalClient;
const notices: SupervisorNotice[] = [];
const personalIds: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    ports: 'ephemeral',
    // A throwaway cluster of our own: it is the one thing this test may stop and start again.
    preferEmbedded: true,
    logDir: freshLogDir('chaos'),
    restart: DEFAULT_RESTART_POLICY,
    onSupervisorNotice: (notice) => notices.push(notice),
    env: {
      'portal-sync': { ...FAST_FAILOVER_PORTAL_SYNC, BREAKER_RESET_MS: '2000' },
      'once-only': { ...FAST_KAFKA, LOOKUP_LEASE_MS: '5000', LOOKUP_RETRY_BASE_MS: '200' },
      webhooks: { ...FAST_KAFKA, WEBHOOK_LEASE_MS: '5000' },
    },
  });
  hub = new HubClient(stack);
  portal = new MockPortalClient(stack.urls['mock-portal']);
  await portal.reset();
});

afterAll(async () => {
  await stack?.stop();
});

/** What the department's client saw: every answer counted, nothing dropped. */
interface SenderTally {
  accepted: number;
  duplicates: number;
  /** Answers 5xx (503 while the database is down) and requests that got no answer. */
  serverErrors: number;
  connectionErrors: number;
  /** Ids of the events the gateway answered 202 for (accepted or duplicate). */
  taken: Set<string>;
}

/**
 * Posts one batch until the gateway answers 202, as a department system must: after a 5xx or a
 * connection error it resends the same events (same ids), which is idempotent. A 4xx fails.
 */
async function postUntilTaken(events: CaseEventInput[], tally: SenderTally): Promise<void> {
  const until = Date.now() + 180_000;
  for (;;) {
    try {
      const res = await hub.postEvents('STP', events);
      if (res.status === 202) {
        const body = res.body as AcceptResult;
        tally.accepted += body.accepted;
        tally.duplicates += body.duplicates;
        for (const r of body.results) tally.taken.add(r.id);
        return;
      }
      if (res.status < 500) {
        throw new Error(`gateway refused a batch: ${res.status} ${JSON.stringify(res.body)}`);
      }
      tally.serverErrors++;
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('gateway refused')) throw e;
      tally.connectionErrors++;
    }
    if (Date.now() > until) throw new Error('the gateway did not take a batch within 180 s');
    await sleep(250);
  }
}

/** Every app of the stack answers GET /health/ready with 200. */
async function everyAppReady(): Promise<true | undefined> {
  for (const app of Object.values(stack.apps).flat()) {
    try {
      const res = await fetch(`${app.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.status !== 200) return undefined;
    } catch {
      return undefined;
    }
  }
  return true;
}

it('kill -9 of every hub app in turn and a database restart under load: 0 lost, 0 duplicate effects, per-case order kept, sync rate back to 1', async () => {
  expect(stack.postgres.kind).toBe('embedded');
  expect(stack.postgres.restart).toBeDefined();
  const list = cases({ day: '261125', count: CASES });
  for (const c of list) {
    const received = c.events[0] as { data: { applicant: { personalId?: string } } };
    if (received.data.applicant.personalId) personalIds.push(received.data.applicant.personalId);
  }
  const before: MockStats = await portal.stats();

  // Every case advances one step per round, as real traffic does.
  const rounds = [0, 1, 2, 3, 4].map((i) => list.map((c) => c.events[i]));
  const batches = rounds.flatMap((round) => chunk(round, BATCH));
  // The load is spread over the disruptions: before each one (and after the last) the sender
  // may send its share, so events are always in flight while an app or the database is down.
  const disruptions = VICTIMS.length + 1;
  const share = Math.ceil(batches.length / (disruptions + 1));
  let allowed = share;
  let sent = 0;
  const tally: SenderTally = {
    accepted: 0,
    duplicates: 0,
    serverErrors: 0,
    connectionErrors: 0,
    taken: new Set(),
  };
  const sender = (async () => {
    for (const batch of batches) {
      while (sent >= allowed) await sleep(50);
      await postUntilTaken(batch, tally);
      sent++;
      await sleep(PAUSE_MS);
    }
  })();
  // A failed sender must fail the test now, not leave the disruptions waiting for it.
  let senderFailure: Error | undefined;
  sender.catch((e: unknown) => {
    senderFailure = e instanceof Error ? e : new Error(String(e));
  });
  const senderAlive = (): void => {
    if (senderFailure !== undefined) throw senderFailure;
  };
  const sentOwnShare = (): Promise<true> =>
    waitFor(
      'the sender to send its share',
      () => {
        senderAlive();
        return sent >= Math.min(allowed, batches.length) - Math.floor(share / 2);
      },
      120_000,
      50,
    );

  await waitFor(
    'the portal to be receiving',
    async () => {
      senderAlive();
      return (await portal.stats()).applied > before.applied ? true : undefined;
    },
    60_000,
    100,
  );

  for (const name of VICTIMS) {
    await sentOwnShare();
    allowed += share;
    const app = stack.apps[name][0];
    const pid = app.pid;
    await app.kill9();
    await waitFor(
      `the supervisor to bring ${name} back`,
      () => notices.find((n) => n.kind === 'restarted' && n.app === name && n.pid !== pid),
      90_000,
      100,
    );
    await waitFor(`every app ready after ${name} came back`, everyAppReady, 90_000, 250);
  }

  await sentOwnShare();
  allowed = batches.length;
  const databasePid = stack.postgres.pid;
  await stack.postgres.restart!({ downForMs: DATABASE_DOWN_MS });
  expect(stack.postgres.pid).not.toBe(databasePid);
  await waitFor('every app ready after the database came back', everyAppReady, 120_000, 250);

  await sender;
  expect(tally.taken.size).toBe(EVENTS);

  let last: unknown;
  await waitFor(
    'every event synced',
    async () => {
      const s = await hub.summary();
      last = s;
      return s.total === EVENTS && s.synced === EVENTS ? s : undefined;
    },
    180_000,
    1000,
  ).catch((e: unknown) => {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}; last summary ${JSON.stringify(last)}`,
    );
  });
  expect(await hub.summary()).toMatchObject({
    total: EVENTS,
    synced: EVENTS,
    pending: 0,
    retrying: 0,
    dead: 0,
    syncRate: 1,
  });

  // 0 lost, per-case order: each dossier's history is the case's events, in sequence order.
  // 0 duplicate effects: each event's idempotency key applied once (no key twice in a history).
  const wrong: string[] = [];
  for (const c of list) {
    const dossier = await portal.dossier(c.caseCode);
    const keys = dossier?.history.map((h) => h.idempotencyKey?.split(':')[0]) ?? [];
    const statuses = dossier?.history.map((h) => h.TrangThaiHoSo) ?? [];
    const expected = c.events.map((e) => e.id);
    if (
      JSON.stringify(keys) !== JSON.stringify(expected) ||
      JSON.stringify(statuses) !== JSON.stringify(['2', '4', '4', '9', '10']) ||
      dossier?.progress.length !== 5
    ) {
      wrong.push(`${c.caseCode}: ${JSON.stringify({ keys, statuses })}`);
    }
  }
  expect(wrong).toEqual([]);
  const after = await portal.stats();
  // One dossier write and one progress call applied per event; a call re-sent after a crash is
  // answered from its Idempotency-Key without a second effect (counted in duplicates).
  expect(after.applied - before.applied).toBe(EVENTS * 2);
  expect(after.dossiers - before.dossiers).toBe(CASES);
  expect(after.rejected - before.rejected).toBe(0);

  // Every electronic result went to the national results store once, through once-only's kill -9
  // and the database restart: its registrations are durable work, keyed for idempotency.
  const documentNos = list.map((c) => {
    const issued = c.events.find((e) => e.type === 'case.result-issued') as {
      data: { documents: { documentNo: string }[] };
    };
    return issued.data.documents[0].documentNo;
  });
  const held = await waitFor(
    'every result in the national store',
    async () => {
      const res = await fetch(`${stack.urls['mock-results-store']}/__mock/results`);
      const all = (await res.json()) as { SoKyHieu: string }[];
      return all.length >= CASES ? all : undefined;
    },
    120_000,
    1000,
  );
  expect(held.map((r) => r.SoKyHieu).sort()).toEqual([...documentNos].sort());

  // The supervisor did the restarting: one restart per victim, nobody given up on.
  for (const name of VICTIMS) {
    expect(notices.filter((n) => n.kind === 'died' && n.app === name).length).toBeGreaterThan(0);
  }
  expect(notices.filter((n) => n.kind === 'gave-up')).toEqual([]);
  process.stdout.write(
    `chaos: ${JSON.stringify({ ...tally, taken: tally.taken.size, notices: notices.length, duplicateAnswers: after.duplicates - before.duplicates })}\n`,
  );
});

it('keeps every personal ID of the run out of every log: apps, Kafka and Postgres', () => {
  expect(personalIds).toHaveLength(CASES);
  const { files, leaks } = personalIdsInLogs(stack.logDir, personalIds);
  expect(files).toEqual(
    expect.arrayContaining(['postgres.log', ...VICTIMS.map((n) => `${n}.log`)]),
  );
  expect(leaks).toEqual([]);
});
