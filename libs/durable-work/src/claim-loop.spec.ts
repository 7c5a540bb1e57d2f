import { MetricsRegistry } from '@hub/observability';
import { ClaimLoop, type ClaimLoopSpec } from './claim-loop';

/** A controllable work source: items finish only when the test says so. */
function harness(options: {
  capacity: number;
  due: number;
  lingerMs?: number;
  beforePause?: () => Promise<boolean>;
  pollMs?: number;
  busyPollMs?: number;
  metrics?: MetricsRegistry;
}) {
  let capacity = options.capacity;
  let due = options.due;
  let next = 0;
  const limits: number[] = [];
  const finishers = new Map<number, (fail?: Error) => void>();
  const handled: number[] = [];
  const itemErrors: number[] = [];
  const roundErrors: unknown[] = [];
  let failNextClaim = false;
  const claimedAt: number[] = [];
  const spec: ClaimLoopSpec<number> = {
    pollMs: options.pollMs ?? 20,
    busyPollMs: options.busyPollMs,
    lingerMs: options.lingerMs,
    beforePause: options.beforePause,
    capacity: () => capacity,
    claim: (limit) => {
      limits.push(limit);
      claimedAt.push(Date.now());
      if (failNextClaim) {
        failNextClaim = false;
        return Promise.reject(new Error('database went away'));
      }
      const n = Math.min(limit, due);
      due -= n;
      return Promise.resolve(Array.from({ length: n }, () => next++));
    },
    handle: (item) =>
      new Promise<void>((resolve, reject) => {
        handled.push(item);
        finishers.set(item, (fail) => (fail ? reject(fail) : resolve()));
      }),
    logger: {
      event: (level, message, fields) => {
        if (message === 'item failed unexpectedly') itemErrors.push(fields?.['item'] as number);
        else if (message === 'claim round failed; will retry') roundErrors.push(fields?.['error']);
        else throw new Error(`unexpected log line: ${level} ${message}`);
      },
    },
    names: { item: 'item', round: 'claim' },
    describe: (item) => ({ item }),
    metrics: options.metrics && { registry: options.metrics, queue: 'test_items' },
  };
  const loop = new ClaimLoop(spec);
  return {
    loop,
    limits,
    claimedAt,
    handled,
    itemErrors,
    roundErrors,
    finish(item: number, fail?: Error) {
      finishers.get(item)?.(fail);
      finishers.delete(item);
    },
    finishAll() {
      for (const item of [...finishers.keys()]) this.finish(item);
    },
    addDue(n: number) {
      due += n;
    },
    setCapacity(n: number) {
      capacity = n;
    },
    failNextClaim() {
      failNextClaim = true;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 60));

it('claims at once when idle and keeps no more than the capacity in flight', async () => {
  const h = harness({ capacity: 8, due: 20 });
  h.loop.start();
  await settle();
  expect(h.limits[0]).toBe(8);
  expect(h.handled).toHaveLength(8);
  expect(h.loop.inFlightCount).toBe(8);
  h.finishAll();
  await settle();
  expect(h.handled).toHaveLength(16);
  h.finishAll();
  await settle();
  h.finishAll();
  await h.loop.stop();
  expect(h.handled).toEqual(Array.from({ length: 20 }, (_, i) => i));
});

it('while work is in flight, claims again only once a quarter of the capacity is free', async () => {
  const h = harness({ capacity: 8, due: 100 });
  h.loop.start();
  await settle();
  expect(h.limits).toEqual([8]);
  h.finish(0);
  await settle();
  // One free slot of eight is less than a quarter: no claim of a single job.
  expect(h.limits).toEqual([8]);
  h.finish(1);
  await settle();
  expect(h.limits).toEqual([8, 2]);
  expect(h.loop.inFlightCount).toBe(8);
  h.finishAll();
  await settle();
  h.finishAll();
  await h.loop.stop();
});

it('claims nothing at capacity 0 and starts when woken after capacity returns', async () => {
  const h = harness({ capacity: 0, due: 3 });
  h.loop.start();
  await settle();
  expect(h.limits).toEqual([]);
  h.setCapacity(1);
  h.loop.wake();
  await settle();
  expect(h.limits[0]).toBe(1);
  expect(h.handled).toEqual([0]);
  h.finishAll();
  await settle();
  h.finishAll();
  await settle();
  h.finishAll();
  await h.loop.stop();
  expect(h.handled).toEqual([0, 1, 2]);
});

it('reports a failed round and an item that throws, and goes on working', async () => {
  const h = harness({ capacity: 4, due: 0 });
  h.failNextClaim();
  h.loop.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(h.roundErrors).toEqual(['database went away']);
  h.addDue(2);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(h.handled).toEqual([0, 1]);
  h.finish(0, new Error('unexpected'));
  h.finish(1);
  await settle();
  // Reported with what identifies the item: `describe` gives { item }.
  expect(h.itemErrors).toEqual([0]);
  expect(h.loop.inFlightCount).toBe(0);
  await h.loop.stop();
});

it('counts claims, work in flight and failures under the queue label, the same set for every queue', async () => {
  const metrics = new MetricsRegistry('test');
  const h = harness({ capacity: 4, due: 3, metrics });
  const value = async (name: string): Promise<number | undefined> => {
    const metric = await metrics.registry.getSingleMetric(name)?.get();
    return metric?.values.find((v) => v.labels['queue'] === 'test_items')?.value;
  };
  h.failNextClaim();
  h.loop.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await value('hub_work_claim_failures_total')).toBe(1);
  expect(await value('hub_work_claimed_total')).toBe(3);
  expect(await value('hub_work_in_flight')).toBe(3);
  h.finish(0, new Error('unexpected'));
  h.finish(1);
  await settle();
  expect(await value('hub_work_item_failures_total')).toBe(1);
  expect(await value('hub_work_in_flight')).toBe(1);
  h.finishAll();
  await h.loop.stop();
  expect(await value('hub_work_in_flight')).toBe(0);
});

it('stop() waits for work in flight and claims nothing more', async () => {
  const h = harness({ capacity: 2, due: 10 });
  h.loop.start();
  await settle();
  let stopped = false;
  const stopping = h.loop.stop().then(() => (stopped = true));
  await settle();
  expect(stopped).toBe(false);
  h.finishAll();
  await stopping;
  expect(h.handled).toEqual([0, 1]);
  expect(h.limits).toEqual([2]);
  expect(h.loop.isRunning).toBe(false);
});

it('after a claim that found fewer items than it could take, waits the linger before the next', async () => {
  const h = harness({ capacity: 8, due: 1, lingerMs: 150 });
  h.loop.start();
  await settle();
  expect(h.limits).toEqual([8]);
  // An item arrives straight after: without the linger it would be claimed alone at once.
  h.addDue(1);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(h.limits).toEqual([8]);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(h.limits.length).toBeGreaterThanOrEqual(2);
  expect(h.claimedAt[1] - h.claimedAt[0]).toBeGreaterThanOrEqual(140);
  expect(h.handled).toEqual([0, 1]);
  h.finishAll();
  await h.loop.stop();
});

it('looks for work once more after saying it waits, then pauses until woken', async () => {
  let said = 0;
  const h = harness({
    capacity: 4,
    due: 0,
    beforePause: () => Promise.resolve(++said === 1),
  });
  h.loop.start();
  await settle();
  // The first claim, the one after saying it waits; then a pause (the second answer was false).
  expect(said).toBeGreaterThanOrEqual(1);
  const claimsWhenIdle = h.limits.length;
  expect(claimsWhenIdle).toBeGreaterThanOrEqual(2);
  h.addDue(1);
  h.loop.wake();
  await settle();
  expect(h.handled).toEqual([0]);
  h.finishAll();
  await h.loop.stop();
});

it('while work flows it polls briefly and asks for no wake-ups; idle a second, it asks again', async () => {
  jest.useFakeTimers();
  try {
    let asked = 0;
    const h = harness({
      capacity: 4,
      due: 1,
      pollMs: 2000,
      busyPollMs: 100,
      beforePause: () => Promise.resolve(++asked > 0 && false),
    });
    h.loop.start();
    await jest.advanceTimersByTimeAsync(10);
    h.finishAll();
    // Work was found: the next rounds poll every 100 ms without asking to be woken.
    await jest.advanceTimersByTimeAsync(550);
    expect(asked).toBe(0);
    expect(h.limits.length).toBeGreaterThanOrEqual(5);
    // A second after the last work the loop is idle: it asks, then sleeps the long poll.
    await jest.advanceTimersByTimeAsync(600);
    expect(asked).toBe(1);
    const claims = h.limits.length;
    await jest.advanceTimersByTimeAsync(1500);
    expect(h.limits.length).toBe(claims);
    const stopped = h.loop.stop();
    await jest.advanceTimersByTimeAsync(10);
    await stopped;
  } finally {
    jest.useRealTimers();
  }
});
