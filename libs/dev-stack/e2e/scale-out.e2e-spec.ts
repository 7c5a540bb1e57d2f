import { APP_NAMES, isAppName, startStack, type Stack } from '@hub/dev-stack';
import { sleep, waitFor } from '@hub/testing';
import {
  chunk,
  cases,
  FAST_FAILOVER_PORTAL_SYNC,
  FAST_KAFKA,
  HubClient,
  MockPortalClient,
  type MockStats,
} from './hub-client';

/**
 * Scale-out: two replicas of every worker that shares its work (relay lanes, portal-sync
 * consumer group and job leases, once-only's consumer group once that app exists), traffic of
 * 300 cases, and one replica of each killed with SIGKILL while batches are in flight. Every
 * event must reach the portal once in effect, each case in sequence order.
 */
jest.setTimeout(240_000);

/** Apps that run as two replicas; once-only joins automatically when APP_NAMES has it. */
const SCALED = ['relay', 'portal-sync', 'once-only'].filter(isAppName);
/** Apps whose replicas consume Kafka in a group: their lag must reach 0 after the kill. */
const CONSUMERS = SCALED.filter((name) => name !== 'relay');

let stack: Stack;
let hub: HubClient;
let portal: MockPortalClient;

beforeAll(async () => {
  stack = await startStack({
    ports: 'ephemeral',
    apps: APP_NAMES,
    replicas: Object.fromEntries(SCALED.map((name) => [name, 2])),
    env: {
      'portal-sync': FAST_FAILOVER_PORTAL_SYNC,
      ...Object.fromEntries(
        CONSUMERS.filter((name) => name !== 'portal-sync').map((name) => [name, FAST_KAFKA]),
      ),
    },
  });
  hub = new HubClient(stack);
  portal = new MockPortalClient(stack.urls['mock-portal']);
  await portal.reset();
});

afterAll(async () => {
  await stack?.stop();
});

async function consumerLag(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('hub_consumer_lag{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

it('two replicas of each worker share the work; SIGKILL of one mid-batch loses nothing, duplicates nothing, reorders nothing', async () => {
  for (const name of SCALED) expect(stack.apps[name]).toHaveLength(2);
  const list = cases({ day: '261201', count: 300 });
  // Every case advances one step per round, as real traffic does; the portal answers in 30 ms so
  // that calls are in flight when a replica dies.
  await portal.faults({ mode: 'slow', latencyMs: 30 });
  const before: MockStats = await portal.stats();
  const rounds = [0, 1, 2, 3, 4].map((i) => list.map((c) => c.events[i]));
  const batches = rounds.flatMap((round) => chunk(round, 50));
  let sent = 0;
  const sender = (async () => {
    for (const batch of batches) {
      await hub.postEventsReliably('STP', batch, 120_000);
      sent += batch.length;
      await sleep(100);
    }
  })();

  await waitFor('a third of the traffic accepted', () => sent >= 500, 120_000, 50);
  await waitFor(
    'the portal to be receiving',
    async () => ((await portal.stats()).applied > before.applied ? true : undefined),
    60_000,
    50,
  );
  const killed = SCALED.map((name) => stack.apps[name][0]);
  await Promise.all(killed.map((app) => app.kill9()));
  await sender;

  let last: unknown;
  await waitFor(
    'every event synced after the kills',
    async () => {
      const s = await hub.summary();
      last = s;
      return s.total === 1500 && s.synced === 1500 ? s : undefined;
    },
    150_000,
    1000,
  ).catch((e: unknown) => {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}; last summary ${JSON.stringify(last)}`,
    );
  });
  const summary = await hub.summary();
  expect(summary).toMatchObject({ total: 1500, synced: 1500, pending: 0, retrying: 0, dead: 0 });

  for (const c of list) {
    const dossier = await portal.dossier(c.caseCode);
    // Per-case order: the portal saw the case's events in sequence order, each exactly once.
    expect(dossier?.history.map((h) => h.TrangThaiHoSo)).toEqual(['2', '4', '4', '9', '10']);
    expect(dossier?.history.map((h) => h.idempotencyKey?.split(':')[0])).toEqual(
      c.events.map((e) => e.id),
    );
    expect(dossier?.progress).toHaveLength(5);
  }
  const after = await portal.stats();
  // No duplicate effect: one dossier write and one progress call applied per event. A call that
  // landed just before its replica died is re-sent under the same Idempotency-Key by the
  // survivor; the portal answers it from the key without applying it (counted as a duplicate
  // answer, not as an effect).
  expect(after.applied - before.applied).toBe(1500 * 2);
  expect(after.dossiers - before.dossiers).toBe(300);
  expect(after.rejected - before.rejected).toBe(0);

  // The survivors took over every partition and consumed everything.
  for (const name of CONSUMERS) {
    const survivor = stack.apps[name][1];
    expect(survivor.running).toBe(true);
    await waitFor(
      `${name} lag 0 on the survivor`,
      async () => ((await consumerLag(survivor.url)) === 0 ? true : undefined),
      60_000,
      500,
    );
  }
  for (const app of killed) expect(app.running).toBe(false);
});
