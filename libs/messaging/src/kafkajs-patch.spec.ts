/*
 * kafkajs 2.2.4's request queue re-arms a 1 ms timer for ever once it has nothing to send
 * (tulios/kafkajs#1556): ~1,500 wake-ups a second per idle app, about half of an idle hub's CPU.
 * libs/messaging/patches fixes it at install (patch-package, run by npm's postinstall and by
 * deploy/Dockerfile). This spec fails if the patch is not applied, e.g. after a kafkajs upgrade.
 */

interface RequestQueueLike {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: unknown;
  scheduleCheckPendingRequests(): void;
  checkPendingRequests(): void;
}
type RequestQueueClass = new (options: Record<string, unknown>) => RequestQueueLike;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internals are what the patch changes
const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;

function idleQueue(): RequestQueueLike {
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 1000,
    enforceRequestTimeout: true,
    clientId: 'patch-spec',
    broker: 'localhost:0',
    logger: { debug: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

describe('kafkajs request queue (patched)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('schedules nothing when nothing is pending and nothing throttles it', () => {
    const queue = idleQueue();
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('still checks again when the broker throttled the client', () => {
    const queue = idleQueue();
    queue.throttledUntil = Date.now() + 500;
    queue.scheduleCheckPendingRequests();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(500);
    expect(jest.getTimerCount()).toBe(0);
  });
});
