import {
  acceptedEventsSchema,
  caseViewSchema,
  exampleCase,
  httpApis,
  openApiFor,
  problemSchema,
  syncSummarySchema,
} from '@hub/contracts';
import { type AppName, startStack, type Stack } from '@hub/dev-stack';

/**
 * The running apps serve their published OpenAPI documents at /docs, and what they answer matches
 * the response schemas those documents publish.
 */
jest.setTimeout(300_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ ports: 'ephemeral' });
});

afterAll(async () => {
  await stack?.stop();
});

async function getJson(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; type: string; body: unknown }> {
  const res = await fetch(url, init);
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: await res.json(),
  };
}

describe('published HTTP contracts on the running hub', () => {
  it('every documented app serves its OpenAPI document and an HTML page at /docs', async () => {
    for (const app of Object.keys(httpApis) as AppName[]) {
      const json = await getJson(`${stack.urls[app]}/docs/openapi.json`);
      expect(json.status).toBe(200);
      expect(json.body).toEqual(openApiFor(app));
      const page = await fetch(`${stack.urls[app]}/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('/docs/openapi.json');
    }
  });

  it('real answers match the documented response and problem schemas', async () => {
    const gateway = stack.urls.gateway;
    const key = stack.keys.departments['STP'];
    const { caseCode, events } = exampleCase({ number: 777 });
    const auth = { authorization: `Bearer ${key}` };

    const accepted = await getJson(`${gateway}/v1/events`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify(events),
    });
    expect(accepted.status).toBe(202);
    expect(acceptedEventsSchema.strict().safeParse(accepted.body).error).toBeUndefined();

    const view = await getJson(`${gateway}/v1/cases/${caseCode}`, { headers: auth });
    expect(view.status).toBe(200);
    expect(caseViewSchema.safeParse(view.body).error).toBeUndefined();

    const invalid = await getJson(`${gateway}/v1/events`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ ...events[0], sequence: 0 }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.type).toMatch(/^application\/problem\+json/);
    expect(problemSchema.safeParse(invalid.body).error).toBeUndefined();
    expect(invalid.body).toMatchObject({
      errors: expect.arrayContaining([
        expect.objectContaining({ index: 0, path: 'sequence' }),
      ]) as unknown,
    });

    const summary = await getJson(`${stack.urls.ops}/v1/sync/summary`, {
      headers: { authorization: `Bearer ${stack.keys.ops}` },
    });
    expect(summary.status).toBe(200);
    expect(syncSummarySchema.safeParse(summary.body).error).toBeUndefined();
  });
});
