import { APP_NAMES, startStack, type Stack } from '@hub/dev-stack';
import { waitFor } from '@hub/testing';
import {
  exportedMetricNames,
  isExported,
  loadAlertRules,
  loadDashboardQueries,
  metricNamesIn,
} from '../src/monitoring-config';
import { cases, HubClient, MockPortalClient } from './hub-client';

/**
 * Operations end to end, every app a process: reconciliation repairs what the portal lost or
 * altered, the scorecard over HTTP, and every metric the alert rules and dashboards read is really
 * exported by the running apps.
 */
jest.setTimeout(300_000);

let stack: Stack;
let hub: HubClient;
let portal: MockPortalClient;

interface Run {
  id: string;
  state: string;
  trigger: string;
  checked: number;
  matching: number;
  repaired: number;
  stillFailing: number;
  skipped: number;
  details?: { caseCode: string; result: string; differences: { field: string }[] }[];
}

async function ops<T>(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T; type: string }> {
  const res = await fetch(`${stack.urls.ops}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${stack.keys.ops}`,
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and other text stays text
  }
  return { status: res.status, body: body as T, type: res.headers.get('content-type') ?? '' };
}

async function mock(path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${stack.urls['mock-portal']}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status;
}

beforeAll(async () => {
  stack = await startStack({
    ports: 'ephemeral',
    env: {
      'portal-sync': {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
        RETRY_BASE_MS: '200',
        RETRY_MAX_MS: '3000',
        RECONCILE_POLL_MS: '500',
        RECONCILE_INTERVAL_MS: '3600000',
        RECONCILE_REPAIR_TIMEOUT_MS: '60000',
      },
      ops: { OPS_METRICS_REFRESH_MS: '1000', OPS_REPORT_POLL_MS: '500' },
    },
  });
  hub = new HubClient(stack);
  portal = new MockPortalClient(stack.urls['mock-portal']);
});

afterAll(async () => {
  await stack?.stop();
});

describe('operations', () => {
  it('reconciliation repairs a dossier the portal lost and one it altered, in one run, and reports both', async () => {
    const windowFrom = new Date(Date.now() - 60_000);
    const list = cases({ day: '261201', count: 4 });
    await hub.postEventsReliably(
      'STP',
      list.flatMap((c) => c.events),
    );
    const codes = list.map((c) => c.caseCode);
    await waitFor('every case synced', () => hub.allSynced('STP', codes), 90_000);

    const [lost, altered, ...untouched] = codes;
    expect(await mock(`/__mock/dossiers/${lost}/lose`)).toBe(204);
    expect(await mock(`/__mock/dossiers/${altered}/alter`, { set: { TrangThaiHoSo: '9' } })).toBe(
      200,
    );
    expect(await portal.dossier(lost)).toBeUndefined();
    expect((await portal.dossier(altered))?.TrangThaiHoSo).toBe('9');

    const bad = await ops<{ errors: { path: string }[] }>('/v1/reconciliations', {
      method: 'POST',
      body: JSON.stringify({ from: 'yesterday' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path)).toEqual(['body.from', 'body.to']);

    const requested = await ops<Run>('/v1/reconciliations', {
      method: 'POST',
      body: JSON.stringify({
        from: windowFrom.toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      }),
    });
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ state: 'requested', trigger: 'on-demand' });

    const run = await waitFor(
      'reconciliation done',
      async () => {
        const r = await ops<Run>(`/v1/reconciliations/${requested.body.id}`);
        return r.body.state === 'done' || r.body.state === 'failed' ? r.body : undefined;
      },
      120_000,
    );
    expect(run).toMatchObject({
      state: 'done',
      checked: 4,
      matching: 2,
      repaired: 2,
      stillFailing: 0,
    });
    const byCase = new Map((run.details ?? []).map((d) => [d.caseCode, d]));
    expect(byCase.get(lost)).toMatchObject({
      result: 'repaired',
      differences: [{ field: 'MaHoSo' }],
    });
    expect(byCase.get(altered)).toMatchObject({
      result: 'repaired',
      differences: [{ field: 'TrangThaiHoSo' }],
    });
    for (const code of untouched) expect(byCase.get(code)?.result).toBe('matching');

    // The portal holds the right state again: the lost one rebuilt step by step, in order.
    expect((await portal.dossier(lost))?.history.map((h) => h.TrangThaiHoSo)).toEqual([
      '2',
      '4',
      '4',
      '9',
      '10',
    ]);
    const repaired = await portal.dossier(altered);
    expect(repaired?.TrangThaiHoSo).toBe('10');
    expect(repaired?.DuocThanhToanTrucTuyen).toBe('1');
    expect(await hub.allSynced('STP', codes)).toBe(true);

    const listed = await ops<{ items: Run[] }>('/v1/reconciliations');
    expect(listed.body.items.map((r) => r.id)).toContain(run.id);
    expect((await ops('/v1/reconciliations/999999')).status).toBe(404);
  });

  it('serves the scorecard and its CSV, and names a bad month', async () => {
    const bad = await ops<{ errors: { path: string }[] }>('/v1/indicators?month=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.month');
    expect((await ops('/v1/indicators')).status).toBe(400);

    // The example cases are received on 12 March 2026 (Hanoi); the four above are all synced.
    const card = await ops<{
      month: string;
      departments: {
        department: string;
        indicators: { key: string; numerator: number; denominator: number; met: boolean | null }[];
      }[];
    }>('/v1/indicators?month=2026-03&department=STP');
    expect(card.status).toBe(200);
    const synced = card.body.departments[0].indicators.find((i) => i.key === 'synced');
    expect(synced).toMatchObject({ numerator: 4, denominator: 4, met: true });

    const csv = await ops<string>('/v1/indicators.csv?month=2026-03');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.body).toContain('2026-03,STP,synced,');
  });

  it("keeps last month's report without anyone asking, with the same numbers as the API", async () => {
    // The month before today in Hanoi time: due from OPS_REPORT_DAY (1 by default), so always.
    const hanoi = new Date(Date.now() + 7 * 3600_000);
    const previous = new Date(Date.UTC(hanoi.getUTCFullYear(), hanoi.getUTCMonth() - 1, 1));
    const month = previous.toISOString().slice(0, 7);

    const listed = await waitFor('the monthly report', async () => {
      const res = await ops<{
        items: { month: string; links: { json: string; csv: string; html: string } }[];
      }>('/v1/indicator-reports');
      return res.body.items.find((r) => r.month === month);
    });
    expect(listed.links).toEqual({
      json: `/v1/indicator-reports/${month}`,
      csv: `/v1/indicator-reports/${month}.csv`,
      html: `/v1/indicator-reports/${month}.html`,
    });

    const report = await ops<{ scorecard: { asOf: string; total: unknown } }>(listed.links.json);
    expect(report.status).toBe(200);
    const api = await ops<{ total: unknown }>(`/v1/indicators?month=${month}`);
    expect(report.body.scorecard.total).toEqual(api.body.total);
    const csv = await ops<string>(listed.links.csv);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.body).toBe((await ops<string>(`/v1/indicators.csv?month=${month}`)).body);
    const html = await ops<string>(listed.links.html);
    expect(html.type).toMatch(/^text\/html/);
    expect(html.body).toContain(
      `<title>Báo cáo chỉ số tháng ${month.slice(5)}/${month.slice(0, 4)}`,
    );

    const bad = await ops<{ errors: { path: string }[] }>('/v1/indicator-reports/2026-13.pdf');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('month');
    expect((await ops('/v1/indicator-reports/1999-01')).status).toBe(404);
  });

  it('every metric the alert rules and dashboards read is exported by the running apps', async () => {
    const exported = new Map<string, string>();
    for (const name of APP_NAMES) {
      for (const app of stack.apps[name]) {
        const res = await fetch(`http://127.0.0.1:${app.port}/metrics`);
        expect(res.status).toBe(200);
        for (const [metric, type] of exportedMetricNames(await res.text()))
          exported.set(metric, type);
      }
    }
    const wanted = [
      ...loadAlertRules().map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
      ...loadDashboardQueries().map((q) => ({
        where: `${q.dashboard} / ${q.panel}`,
        expr: q.expr,
      })),
    ];
    const missing = wanted.flatMap(({ where, expr }) =>
      metricNamesIn(expr)
        .filter((m) => m !== 'up' && !isExported(m, exported))
        .map((m) => `${where}: ${m}`),
    );
    expect(missing).toEqual([]);
    // Sanity: the scrape really saw the apps' own metrics.
    expect(exported.has('hub_reconciliation_runs_total')).toBe(true);
    expect(exported.has('hub_sync_events')).toBe(true);
  });
});
