import { exampleCase } from '@hub/contracts';
import { startStack, type Stack } from '@hub/dev-stack';
import { isAlive } from '@hub/testing';

jest.setTimeout(60_000);

/** Needs `npm run build` (the apps run from dist/), as every e2e suite does. */
describe('startStack', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      ports: 'ephemeral',
      apps: ['gateway', 'relay', 'portal-sync', 'mock-portal'],
      replicas: { gateway: 2 },
      logLevel: 'warn',
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('starts the selected apps, replicas on their own ports, all live', async () => {
    expect(stack.apps.ops).toEqual([]);
    expect(stack.apps.gateway.map((a) => a.logFile)).toEqual([
      expect.stringMatching(/gateway-1\.log$/),
      expect.stringMatching(/gateway-2\.log$/),
    ]);
    const all = Object.values(stack.apps).flat();
    expect(new Set(all.map((a) => a.port)).size).toBe(all.length);
    for (const app of all) {
      expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    }
    expect(stack.keys.departments.STP).toBe('demo-key-stp');
    expect(stack.keys.ops).toBe('demo-ops-key');
  });

  it('accepts an event through the gateway with a demo key (migrations ran)', async () => {
    const [event] = exampleCase({ number: 7 }).events;
    const response = await fetch(`${stack.urls.gateway}/v1/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.keys.departments.STP}`,
        'content-type': 'application/cloudevents+json',
      },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(202);
  });

  it('stops apps, broker and database, leaving no process behind', async () => {
    const pids = [
      ...Object.values(stack.apps)
        .flat()
        .map((a) => a.pid),
      stack.kafka.pid,
      stack.postgres.pid,
    ].filter((pid): pid is number => pid !== undefined);
    await stack.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
