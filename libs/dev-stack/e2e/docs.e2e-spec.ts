import { z } from 'zod';
import {
  acceptedEventsSchema,
  adminAuditEntrySchema,
  caseTimelineSchema,
  caseViewSchema,
  consoleSettingsSchema,
  departmentKeyViewSchema,
  exampleCase,
  issuedDepartmentKeySchema,
  nationalAdapterStatusSchema,
  procedureSyncRowSchema,
  reconciliationSchema,
  reuseKpisSchema,
  scorecardSchema,
  subscriptionSchema,
  syncHistorySchema,
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

  it('the key admin, console, indicator and webhook routes answer what their documents say', async () => {
    const { gateway, ops, webhooks } = stack.urls;
    const admin = { authorization: `Bearer ${stack.keys.admin}` };
    const operator = { authorization: `Bearer ${stack.keys.ops}` };
    const department = { authorization: `Bearer ${stack.keys.departments['STP']}` };
    const { caseCode, events } = exampleCase({ number: 778 });
    const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

    const sent = await fetch(`${gateway}/v1/events`, {
      method: 'POST',
      headers: { ...department, 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify(events),
    });
    expect(sent.status).toBe(202);
    // Documented on every answer of a rate-limited route.
    expect(sent.headers.get('ratelimit-limit')).toMatch(/^\d+$/);
    expect(sent.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);

    const created = await getJson(`${gateway}/v1/admin/keys`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ department: 'STP', label: 'docs e2e' }),
    });
    expect(created.status).toBe(201);
    expect(issuedDepartmentKeySchema.strict().safeParse(created.body).error).toBeUndefined();

    const month = new Date().toISOString().slice(0, 7);
    const checks: [string, Record<string, string>, z.ZodType][] = [
      [`${gateway}/v1/admin/keys`, admin, page(departmentKeyViewSchema.strict())],
      [`${gateway}/v1/admin/audit`, admin, page(adminAuditEntrySchema.strict())],
      [`${ops}/v1/console/settings`, operator, consoleSettingsSchema.strict()],
      [`${ops}/v1/sync/history?minutes=5`, operator, syncHistorySchema.strict()],
      [`${ops}/v1/sync/procedures`, operator, page(procedureSyncRowSchema.strict())],
      [`${ops}/v1/national-adapters`, operator, page(nationalAdapterStatusSchema.strict())],
      [`${ops}/v1/cases/${caseCode}/timeline`, operator, caseTimelineSchema.strict()],
      [`${ops}/v1/indicators?month=${month}`, operator, scorecardSchema.strict()],
      [`${ops}/v1/kpis/reuse?month=${month}`, operator, reuseKpisSchema.strict()],
      [`${ops}/v1/reconciliations`, operator, page(reconciliationSchema.strict())],
      [`${webhooks}/v1/subscriptions`, admin, page(subscriptionSchema.strict())],
    ];
    for (const [url, headers, schema] of checks) {
      const answer = await getJson(url, { headers });
      expect({ url, status: answer.status }).toEqual({ url, status: 200 });
      expect({ url, error: schema.safeParse(answer.body).error }).toEqual({
        url,
        error: undefined,
      });
    }

    const csv = await fetch(`${ops}/v1/indicators.csv?month=${month}`, { headers: operator });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);

    const badMonth = await getJson(`${ops}/v1/indicators?month=2026-13`, { headers: operator });
    expect(badMonth.status).toBe(400);
    expect(problemSchema.safeParse(badMonth.body).error).toBeUndefined();
    expect(badMonth.body).toMatchObject({ code: 'INVALID_QUERY' });
  });
});
