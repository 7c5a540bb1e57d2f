import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { keyIdOf } from '@hub/auth';
import { topics } from '@hub/contracts';
import { startStack, type Stack } from '@hub/dev-stack';
import {
  CONSOLE_LANGUAGES,
  CONSOLE_VIEWS,
  CONSOLE_WIDTHS,
  type ConsoleView,
  consoleDocsDir,
  consoleScreenshot,
} from '../src/docs/console-screenshots';
import { KafkaConnection, toBinaryRecord } from '@hub/messaging';
import { HubLogger } from '@hub/observability';
import { repoRoot, sleep, waitFor } from '@hub/testing';
import { cases, chunk, HubClient, MockPortalClient, type SyncSummary } from './hub-client';

/**
 * The operations console driven in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core; no browser is downloaded). A run with a portal outage and one case the portal
 * rejects; the console must show what the API says, the rejection with the portal's reason, and
 * bring the rate to 100% when the operator replays it. Then the views over time and the lists:
 * the outage as a dip on the 1 h chart, the range in the URL, the portal breaker's history, the
 * departments' trend, a reconciliation run, a webhook subscription whose target is down, once-only
 * reuse. Screenshots land in test-artifacts/screenshots/.
 */
jest.setTimeout(420_000);

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(repoRoot(), 'test-artifacts', 'screenshots');

let stack: Stack;
let hub: HubClient;
let portal: MockPortalClient;
let browser: BrowserContext;
let page: Page;
let userDataDir: string;
/** What the page reported as broken (a script error, a CSP refusal): none is expected. */
const pageErrors: string[] = [];
/** The description of the webhook subscription whose target refuses every delivery. */
const SUBSCRIPTION = 'Hệ thống một cửa Sở Y tế (thử nghiệm)';

const shot = async (name: string): Promise<void> => {
  await page.screenshot({ path: join(SHOTS, `ops-console-${name}.png`), fullPage: true });
};

/** A port nothing listens on: every delivery to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Waits for the page's address to reach a hash, polled from here: a predicate evaluated in the
 * page (waitForFunction) is an eval, which the console's CSP rightly refuses.
 */
const hashBecomes = (test: (hash: string) => boolean): Promise<true> =>
  waitFor(
    'the address',
    () => {
      const hash = new URL(page.url()).hash;
      if (test(hash)) return true;
      throw new Error(`the address is ${page.url()}`);
    },
    10_000,
    50,
  );

/** Reads a number the console shows (its raw value is kept in data-value). */
const shown = async (metric: string): Promise<number> =>
  Number(await page.locator(`[data-metric="${metric}"]`).first().getAttribute('data-value'));

/** The catalog's name of a procedure as ops serves it (portal-sync read it from the mock portal). */
async function catalogName(code: string): Promise<string | undefined> {
  const res = await fetch(`${stack.urls.ops}/v1/procedures/${code}`, {
    headers: { authorization: `Bearer ${stack.keys.ops}` },
  });
  return res.status === 200 ? ((await res.json()) as { name: string }).name : undefined;
}

/** A read of the ops API with the operator's key. */
async function opsGet<T>(path: string): Promise<T> {
  const res = await fetch(`${stack.urls.ops}${path}`, {
    headers: { authorization: `Bearer ${stack.keys.ops}` },
  });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

const sameAsApi = async (s: SyncSummary): Promise<boolean> =>
  (await shown('total')) === s.total &&
  (await shown('synced')) === s.synced &&
  (await shown('pending')) === s.pending &&
  (await shown('retrying')) === s.retrying &&
  (await shown('dead')) === s.dead &&
  (await shown('heldCases')) === s.heldCases &&
  (await shown('syncRate')) === s.syncRate &&
  (await shown('backlog')) === s.total - s.synced;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({
    ports: 'ephemeral',
    env: {
      'portal-sync': {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
        BREAKER_RESET_MS: '2000',
        BREAKER_HEARTBEAT_MS: '1000',
        RETRY_BASE_MS: '200',
        RETRY_MAX_MS: '2000',
        PORTAL_TIMEOUT_MS: '3000',
        SYNC_LEASE_MS: '8000',
      },
      ops: {
        OPS_SAMPLE_MS: '2000',
        OPS_DEPARTMENT_SAMPLE_MS: '2000',
        OPS_CONSOLE_REFRESH_MS: '2000',
        OPS_ADAPTER_STALE_MS: '15000',
      },
    },
  });
  hub = new HubClient(stack);
  portal = new MockPortalClient(stack.urls['mock-portal']);
  await portal.reset();
  userDataDir = mkdtempSync(join(tmpdir(), 'hub-console-chromium-'));
  // A persistent context on a fresh, empty profile directory: nothing leaks in from elsewhere.
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    viewport: { width: 1440, height: 1000 },
    locale: 'vi-VN',
    // Far from Hanoi: every time the console shows must still be Hanoi's.
    timezoneId: 'America/New_York',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  // A downstream system whose endpoint is down: its deliveries of the health department's events
  // stay pending, and the webhooks view must say how many.
  const created = await fetch(`${stack.urls.webhooks}/v1/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.keys.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      url: `http://127.0.0.1:${await closedPort()}/hooks/case-events?token=not-for-the-console`,
      departments: ['SYT'],
      description: SUBSCRIPTION,
    }),
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe('ops console in Chromium', () => {
  const stp = cases({ department: 'STP', day: '261201', count: 30 });
  const syt = cases({ department: 'SYT', day: '261202', count: 20 });
  for (const c of syt) {
    // A second procedure, so the per-procedure table has more than one line: the health
    // department's practising licence, done by its own agency (the shipped catalog's pairing).
    const { data } = c.events[0] as {
      data: { procedureCode: string; agencyCode: string; agencyName: string };
    };
    data.procedureCode = '1.012274';
    data.agencyCode = '000.00.03.H26';
    data.agencyName = 'Sở Y tế thành phố Hà Nội';
  }
  const [rejected] = cases({ department: 'STP', day: '261203', count: 1 });
  if (!rejected) throw new Error('no case');
  const procedureOf = (c: typeof rejected): string =>
    (c.events[0] as { data: { procedureCode: string } }).data.procedureCode;
  /** Names as the national catalog gives them, read once the hub has loaded it. */
  const names: Record<string, string> = {};

  it('asks for the ops key, then shows the live console', async () => {
    await page.goto(stack.urls.ops);
    await page.getByLabel('Khóa vận hành').fill('wrong-key');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Khóa không hợp lệ').waitFor();
    await page.getByLabel('Khóa vận hành').fill(stack.keys.ops);
    await shot('01-login');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Tỷ lệ đồng bộ', exact: true }).first().waitFor();
    await page.getByText('Hoạt động').first().waitFor({ timeout: 30_000 }); // portal breaker closed
    // portal-sync reads the catalog at start; the outage below must not be its first try.
    for (const code of new Set([procedureOf(rejected), ...syt.map(procedureOf)])) {
      names[code] = await waitFor(`catalog name of ${code}`, () => catalogName(code), 60_000);
    }
  });

  it('shows the breaker open and the backlog growing during a portal outage', async () => {
    await portal.faults({ mode: 'down', rejectCaseCodes: [rejected.caseCode] });
    for (const batch of chunk(
      stp.flatMap((c) => c.events),
      100,
    ))
      await hub.postEventsReliably('STP', batch);
    for (const batch of chunk(
      syt.flatMap((c) => c.events),
      100,
    ))
      await hub.postEventsReliably('SYT', batch);
    await hub.postEventsReliably('STP', rejected.events);
    await page.locator('.adapter.open').getByText('Ngắt mạch').waitFor({ timeout: 60_000 });
    // The banner says so at once, by the alert's name, and the header is no longer a green "Live".
    const banner = page.getByRole('alert').filter({ hasText: 'HubNationalBreakerOpen' });
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain('Cổng DVC quốc gia: mất kết nối');
    expect(await page.locator('#live').getAttribute('class')).toContain('down');
    await waitFor(
      'backlog shown',
      async () => ((await shown('backlog')) > 0 ? true : undefined),
      30_000,
    );
    await sleep(4000); // a few samples of the outage for the charts
    await shot('02-outage');
  });

  it('after recovery shows the same numbers as GET /v1/sync/summary and the rejection with its reason', async () => {
    // The portal is back, but it still refuses the one case.
    await portal.faults({ mode: 'up', rejectCaseCodes: [rejected.caseCode] });
    const total = (stp.length + syt.length + 1) * 5;
    const settled = await waitFor(
      'everything synced except the rejected case',
      async () => {
        const s = await hub.summary();
        // The rejected event is dead; its case's four later events wait behind it.
        return s.total === total && s.dead === 1 && s.synced === total - 5 && s.retrying === 0
          ? s
          : undefined;
      },
      180_000,
    );
    expect(settled.syncRate).toBeLessThan(1);
    await waitFor(
      'console shows the API numbers',
      async () => ((await sameAsApi(await hub.summary())) ? true : undefined),
      30_000,
    );
    expect(await sameAsApi(await hub.summary())).toBe(true);
    await page.getByText('Chưa đạt').waitFor();

    const row = page.getByRole('row').filter({ hasText: rejected.caseCode });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('PORTAL_REJECTED:5');
    await expect(row.textContent()).resolves.toContain('bị từ chối');
    const api = await hub.deadLetters();
    expect(api.body.items).toHaveLength(1);
    await expect(row.textContent()).resolves.toContain(api.body.items[0]?.errorMessage ?? '?');
    // The procedure: its code, and the catalog's name next to it (the whole name in the tooltip).
    const code = procedureOf(rejected);
    const label = row.locator('.proc');
    await expect(label.locator('code').textContent()).resolves.toBe(code);
    await expect(label.locator('.proc-name').textContent()).resolves.toBe(names[code]);
    await expect(label.getAttribute('title')).resolves.toContain(names[code] ?? '?');
    const sytRow = page
      .locator('#proc-table tbody tr')
      .filter({ hasText: procedureOf(syt[0] ?? rejected) });
    await expect(sytRow.locator('.proc-name').textContent()).resolves.toBe(
      names[procedureOf(syt[0] ?? rejected)],
    );
    // Sorting by procedure still sorts by code.
    const procedureHeader = page.locator('#proc-table thead th').first().getByRole('button');
    await procedureHeader.click();
    await procedureHeader.click();
    const shownCodes = await page.locator('#proc-table tbody .proc code').allTextContents();
    expect(shownCodes).toEqual([...shownCodes].sort());
    await page.getByText('Hoạt động').first().waitFor({ timeout: 30_000 });
    await shot('03-settled-with-dead-letter');
  });

  it('filters dead letters and shows a case timeline end to end', async () => {
    await page.getByLabel('Mã lý do').fill('PORTAL_REJECTED');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByRole('row').filter({ hasText: rejected.caseCode }).waitFor();
    await page.getByLabel('Tìm theo nội dung').fill('no-such-text');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Không có sự kiện nào bị từ chối.').waitFor();
    await page.getByRole('button', { name: 'Xóa lọc' }).click();
    await page.getByRole('row').filter({ hasText: rejected.caseCode }).waitFor();

    await page.getByLabel('Mã hồ sơ').fill(rejected.caseCode);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    const timeline = page.getByRole('list', { name: 'Dòng thời gian' });
    await timeline.waitFor();
    const text = (await timeline.textContent()) ?? '';
    for (const step of ['Hub tiếp nhận', 'Phát lên Kafka', 'Tạo lệnh đồng bộ', 'Cổng từ chối'])
      expect(text).toContain(step);
    expect(text).toContain('PORTAL_REJECTED:5');
    const caseHead = (await page.locator('.case-head').textContent()) ?? '';
    expect(caseHead).toContain(procedureOf(rejected));
    expect(caseHead).toContain(names[procedureOf(rejected)] ?? '?');
    // Times with their date and year, in Hanoi time although the browser is in New York.
    const api = (await (
      await fetch(`${stack.urls.ops}/v1/cases/${rejected.caseCode}/timeline`, {
        headers: { authorization: `Bearer ${stack.keys.ops}` },
      })
    ).json()) as { events: { steps: { at: string }[] }[] };
    const acceptedAt = new Date(api.events[0].steps[0].at);
    const hanoi = new Date(acceptedAt.getTime() + 7 * 3600_000).toISOString();
    const firstStep = (await timeline.locator('time').first().textContent()) ?? '';
    expect(firstStep).toContain(hanoi.slice(11, 19));
    expect(firstStep).toContain(hanoi.slice(0, 4));
    await shot('04-case-timeline');
  });

  it('keeps a desktop layout at 1024 px: two columns, no table wider than its panel', async () => {
    await page.setViewportSize({ width: 1024, height: 900 });
    try {
      // Evaluated in the page (this file is compiled without the DOM's types).
      const columns = await page.evaluate(
        `['.kpis', '.charts'].map((s) => getComputedStyle(document.querySelector(s)).gridTemplateColumns.split(' ').length)`,
      );
      expect(columns).toEqual([2, 2]);
      const overflowing = await page.evaluate(
        `[...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => (w.closest('section')?.querySelector('h2')?.textContent ?? '?') + ' ' + w.scrollWidth + '>' + w.clientWidth)`,
      );
      await shot('08-1024px');
      expect(overflowing).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1440, height: 1000 });
    }
  });

  it('switches language (remembered) and back', async () => {
    await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
    await page.getByRole('heading', { name: 'Sync rate', exact: true }).first().waitFor();
    await page.getByRole('heading', { name: 'Rejected by the portal' }).waitFor();
    // Names are the catalog's (Vietnamese) in both languages; the column says what it holds.
    await page.locator('#proc-table thead').getByRole('button', { name: 'Procedure' }).waitFor();
    await page
      .locator('#dl-table .proc-name')
      .getByText(names[procedureOf(rejected)] ?? '?', { exact: true })
      .waitFor();
    await shot('05-english');
    await page.reload();
    await page.getByRole('heading', { name: 'Sync rate', exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Switch to Vietnamese' }).click();
    await page.getByRole('heading', { name: 'Tỷ lệ đồng bộ', exact: true }).first().waitFor();
  });

  it('replaying the rejection from the console brings the rate to 100%', async () => {
    await portal.faults({ mode: 'up' });
    await page.getByRole('button', { name: `Gửi lại ${rejected.caseCode} #1` }).click();
    await page.getByText('Đã yêu cầu gửi lại 1 sự kiện.').waitFor();
    await waitFor(
      'console shows 100%',
      async () => ((await shown('syncRate')) === 1 ? true : undefined),
      120_000,
    );
    await page.getByText('Đạt mục tiêu').waitFor();
    await page.getByText('Không có sự kiện nào bị từ chối.').waitFor();
    await page.locator('#alerts').waitFor({ state: 'hidden' });
    expect(await page.locator('#live').getAttribute('class')).toContain('ok');
    const s = await hub.summary();
    expect(s).toMatchObject({ syncRate: 1, dead: 0, pending: 0, retrying: 0 });
    await waitFor(
      'console = API',
      async () => ((await sameAsApi(await hub.summary())) ? true : undefined),
      20_000,
    );
    await page.getByLabel('Mã hồ sơ').fill(rejected.caseCode);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page
      .getByRole('list', { name: 'Dòng thời gian' })
      .getByText('Vận hành gửi lại')
      .waitFor();
    await page
      .getByRole('list', { name: 'Dòng thời gian' })
      .getByText('Cổng xác nhận')
      .first()
      .waitFor();
    await shot('06-replayed-100-percent');
  });

  it('shows the month against the plans: a missed target red, a met one green', async () => {
    // The example cases are received in March 2026 (Hanoi).
    await page.locator('#score-form input[name="month"]').fill('2026-03');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    const reuse = page
      .locator('#score-table tbody tr')
      .filter({ hasText: 'Hồ sơ tái sử dụng dữ liệu số hóa' });
    await reuse.waitFor();
    // March's table, not the month shown before it (both have the reuse row).
    await page.locator('#score-table thead th').filter({ hasText: 'STP' }).waitFor();
    // No example case reuses a document: 0% against the plans' 80%, for the city and STP.
    const headers = await page.locator('#score-table thead th').allTextContents();
    expect(headers.slice(0, 4)).toEqual(['Chỉ số', 'Mục tiêu', 'Toàn thành phố', 'STP']);
    expect(await reuse.locator('td').nth(0).textContent()).toBe('≥ 80,0%');
    expect(await reuse.locator('td').nth(1).getAttribute('class')).toContain('missed');
    const synced = page
      .locator('#score-table tbody tr')
      .filter({ hasText: 'Hồ sơ đồng bộ lên Cổng DVCQG' });
    // Every event of the month is synced by now: met.
    expect(await synced.locator('td').nth(1).getAttribute('class')).toContain('met');
    // Under the table, the months before for the city: the first indicator the month missed,
    // until another is picked; drawn by uPlot and said in words.
    const trendTitle = page.locator('#score-trend-title');
    const trendNote = page.locator('#score-trend-note');
    await trendTitle.filter({ hasText: '6 tháng gần nhất' }).waitFor();
    expect(await page.locator('#score-trend canvas').count()).toBeGreaterThan(0);
    const months = ((await trendNote.textContent()) ?? '').split(' · ');
    expect(months).toHaveLength(6);
    expect(months[0]).toMatch(/^tháng 10\/2025: /);
    expect(months[5]).toMatch(/^tháng 03\/2026: .* \(mục tiêu [≥≤] .*\)$/);
    await synced.getByRole('button').click();
    await trendTitle.filter({ hasText: 'Hồ sơ đồng bộ lên Cổng DVCQG' }).waitFor();
    expect(await synced.getByRole('button').getAttribute('aria-pressed')).toBe('true');
    const syncedMonths = ((await trendNote.textContent()) ?? '').split(' · ');
    expect(syncedMonths[5]).toBe('tháng 03/2026: 100,0% (mục tiêu ≥ 100,0%)');
    // No case was received in February: nothing to measure, no verdict.
    expect(syncedMonths[4]).toBe('tháng 02/2026: — (mục tiêu ≥ 100,0%)');
    await shot('09-scorecard');
  });

  it('lists a held case with the event its department never sent, and lets it go when it comes', async () => {
    const [held] = cases({ department: 'STP', day: '261204', count: 1 });
    if (!held) throw new Error('no case');
    const [e1, e2, e3, e4, e5] = held.events;
    await hub.postEventsReliably('STP', [e1, e2, e3, e5]);
    const row = page.locator('#held-table').getByRole('row').filter({ hasText: held.caseCode });
    await row.waitFor({ timeout: 60_000 });
    const cells = (await row.textContent()) ?? '';
    expect(cells).toContain('#4');
    expect(cells).toContain('STP');
    await row.getByRole('button', { name: held.caseCode }).click();
    const timeline = page.getByRole('list', { name: 'Dòng thời gian' });
    await timeline.getByText('Hub chưa nhận được sự kiện này; hệ thống của STP cần gửi.').waitFor();
    const fifth = timeline.locator('li.event').filter({ hasText: '#5 case.status-changed' });
    expect(await fifth.textContent()).toContain('Chờ sau sự kiện #4');
    expect(await fifth.textContent()).not.toContain('Lần gửi tiếp theo');
    await shot('07-held-case');

    await hub.postEventsReliably('STP', [e4]);
    await page.getByText('Không có hồ sơ nào bị giữ.').waitFor({ timeout: 60_000 });
  });

  /** Opens a view from the tabs, as an operator would, and waits for its address. */
  const openView = async (name: string, hash: string): Promise<void> => {
    await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await hashBecomes((h) => h.startsWith(hash));
  };
  /** What a chart says about itself (a canvas has no text: its facts are in data-*). */
  const chartFacts = async (id: string): Promise<Record<string, string>> =>
    page.evaluate<Record<string, string>>(
      `({ ...document.getElementById(${JSON.stringify(id)}).dataset })`,
    );
  const rangeButton = (name: string) =>
    page
      .locator('.view:not([hidden])')
      .getByRole('group', { name: 'Khoảng thời gian' })
      .getByRole('button', { name, exact: true });

  it('shows a 20-second portal outage as a dip on the 1 h chart, its y-axis short of 100%', async () => {
    await waitFor(
      'everything synced',
      async () => ((await hub.summary()).syncRate === 1 ? true : undefined),
      120_000,
    );
    const [late] = cases({ department: 'STP', day: '261205', count: 1 });
    if (!late) throw new Error('no case');
    const started = Date.now();
    await portal.faults({ mode: 'down' });
    await hub.postEventsReliably('STP', late.events);
    await sleep(Math.max(0, 20_000 - (Date.now() - started)));
    await portal.faults({ mode: 'up' });
    await waitFor(
      'synced again',
      async () => ((await hub.summary()).syncRate === 1 ? true : undefined),
      120_000,
    );

    // Every sample is kept for the hour (OPS_SAMPLE_MS, 2 s here): the outage is several of them.
    const series = await opsGet<{
      points: { at: string; minSyncRate: number }[];
      bucketSeconds: number;
    }>('/v1/sync/series?range=1h');
    expect(series.bucketSeconds).toBe(2);
    const dip = series.points.filter(
      (p) => new Date(p.at).getTime() >= started - 2000 && p.minSyncRate < 1,
    );
    expect(dip.length).toBeGreaterThanOrEqual(5);

    const facts = await waitFor(
      'the chart holds the last samples',
      async () => {
        const f = await chartFacts('chart-rate');
        return Number(f.points) >= series.points.length - 3 ? f : undefined;
      },
      20_000,
    );
    expect(facts.range).toBe('1h');
    expect(Number(facts.lowest)).toBeLessThan(1);
    expect(Number(facts.yMin)).toBeLessThan(100);
    expect(Number(facts.yMin)).toBeLessThanOrEqual(Number(facts.lowest) * 100);
    expect(Number(facts.yMax)).toBeGreaterThanOrEqual(100);
    const note = (await page.locator('#chart-rate-note').textContent()) ?? '';
    expect(note).toContain('Thấp nhất trong khoảng');
    expect(note).toContain(String(new Date().getFullYear()));
    // A dip to 99.5% gets an axis about a point wide: visibly short of the 100% line.
    const zoomed = await page.evaluate<[number, number]>(
      `import('/console/charts.js').then((m) => m.rateRange([100, 99.5, 100]))`,
    );
    expect(zoomed[0]).toBeLessThan(99.5);
    expect(zoomed[0]).toBeGreaterThanOrEqual(98.5);
    expect(zoomed[1]).toBeGreaterThan(100);
    expect(zoomed[1]).toBeLessThan(100.5);
    await waitFor(
      'the console back at 100%',
      async () => ((await shown('syncRate')) === 1 ? true : undefined),
      20_000,
    );
    await page.locator('#over-time-title').scrollIntoViewIfNeeded();
    await shot('10-dip-1h');
  });

  it('keeps the chosen range in the URL: the chart changes, and a reload keeps it', async () => {
    await rangeButton('24 giờ').click();
    await hashBecomes((h) => h === '#/overview?range=24h');
    await waitFor(
      'the 24 h chart',
      async () => ((await chartFacts('chart-rate')).range === '24h' ? true : undefined),
      20_000,
    );
    expect((await chartFacts('chart-rate')).bucketSeconds).toBe('120');
    expect(await page.locator('[data-view="overview"] [data-window-note]').textContent()).toContain(
      'Mỗi điểm gộp 2 phút',
    );
    await page.reload();
    await page.locator('#chart-rate canvas').first().waitFor({ timeout: 20_000 });
    await waitFor(
      '24 h after the reload',
      async () => ((await chartFacts('chart-rate')).range === '24h' ? true : undefined),
      20_000,
    );
    expect(await rangeButton('24 giờ').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#over-time-title').scrollIntoViewIfNeeded();
    await shot('11-range-24h');
    await rangeButton('30 ngày').click();
    await waitFor(
      'the 30 d chart',
      async () => ((await chartFacts('chart-rate')).bucketSeconds === '3600' ? true : undefined),
      20_000,
    );
    await rangeButton('1 giờ').click();
    await hashBecomes((h) => h === '#/overview');
  });

  it('shows the portal breaker opening, and closing again, on the national systems view', async () => {
    await openView('Hệ thống quốc gia', '#/national');
    const portalItem = page.locator('#national-list li.national[data-adapter="portal"]');
    const opened = portalItem.locator('li.change[data-state="open"]');
    await opened.first().waitFor({ timeout: 20_000 });
    // Twice open (the long outage, the 20-second one), each with when it opened and closed.
    expect(await opened.count()).toBeGreaterThanOrEqual(2);
    expect(await opened.first().textContent()).toMatch(/^Ngắt mạch từ .+ đến .+\(.+\)$/);
    expect(await portalItem.locator('.strip .segment.open').count()).toBeGreaterThanOrEqual(2);
    expect(await portalItem.locator('.pill').textContent()).toBe('Hoạt động');
    const errors = await chartFacts('chart-portal-errors');
    expect(Number(errors.failed)).toBeGreaterThan(0);
    expect(Number((await chartFacts('chart-portal-wait')).longest)).toBeGreaterThan(0);
    // Every adapter's calls as its processes counted them: the portal's outage is calls that got
    // no answer (transient failures, then refused by the open breaker), said in words too.
    const calls = await chartFacts('chart-calls-errors-portal');
    expect(Number(calls.failures)).toBeGreaterThan(0);
    expect(Number(calls.calls)).toBeGreaterThan(Number(calls.failures));
    expect(Number(calls.highest)).toBeGreaterThan(0);
    expect(await portalItem.locator('#chart-calls-note-portal').textContent()).toMatch(
      /lần gọi không nhận được trả lời\. Tỷ lệ lỗi cao nhất .+ lúc /,
    );
    expect(Number((await chartFacts('chart-calls-latency-portal')).slowest)).toBeGreaterThan(0);
    await shot('12-national');
  });

  it('shows the sync rate per department and the city total over the range', async () => {
    await openView('Xu hướng theo sở, ngành', '#/departments');
    const table = page.locator('#trend-table');
    await table.getByRole('row').filter({ hasText: 'SYT' }).waitFor({ timeout: 20_000 });
    expect(await table.locator('tbody th').allTextContents()).toEqual([
      'Toàn thành phố',
      'STP',
      'SYT',
    ]);
    // The health department's events all waited out the first outage: its lowest is 0%.
    const lowest = table.getByRole('row').filter({ hasText: 'SYT' }).locator('[data-col="lowest"]');
    expect(await lowest.textContent()).toContain('0,0%');
    expect((await chartFacts('chart-departments')).lines).toBe('3');
    await shot('13-departments');
  });

  it('lists the reconciliation run an operator asks for, and opens it by its address', async () => {
    await openView('Đối soát với Cổng', '#/reconciliations');
    await page.getByRole('button', { name: 'Đối soát 24 giờ qua' }).click();
    const message = page.locator('#recon-message');
    await message.getByText(/Đã yêu cầu lượt đối soát #\d+\./).waitFor();
    const id = /#(\d+)/.exec((await message.textContent()) ?? '')?.[1] ?? '?';
    const row = page.locator(`#recon-table tbody tr[data-run-id="${id}"]`);
    await row.waitFor();
    await row.getByText('Xong', { exact: true }).waitFor({ timeout: 90_000 });
    const run = await opsGet<{ checked: number; details: unknown[] }>(`/v1/reconciliations/${id}`);
    expect(run.checked).toBeGreaterThan(0);
    expect(await row.locator('[data-col="checked"]').textContent()).toBe(
      new Intl.NumberFormat('vi-VN').format(run.checked),
    );
    await row.getByRole('link', { name: `Xem chi tiết lượt đối soát #${id}` }).click();
    await hashBecomes((h) => h === `#/reconciliations/${id}`);
    await page.getByRole('heading', { name: `Lượt đối soát #${id}` }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: `Lượt đối soát #${id}` }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#recon-detail-table tbody tr').count()).toBe(
      Math.max(1, run.details.length),
    );
    await shot('14-reconciliations');
  });

  it('lists the webhook subscription whose target is down, with its pending deliveries', async () => {
    await openView('Webhook', '#/webhooks');
    const row = page.locator('#webhooks-table tbody tr').filter({ hasText: SUBSCRIPTION });
    await row.waitFor({ timeout: 20_000 });
    type Health = {
      description: string;
      pending: number;
      failing: number;
      lastError: string | null;
    };
    const health = await waitFor(
      "every one of the health department's events waiting",
      async () => {
        const { items } = await opsGet<{ items: Health[] }>('/v1/webhooks/subscriptions');
        const sub = items.find((i) => i.description === SUBSCRIPTION);
        return sub && sub.pending === syt.length * 5 && sub.failing > 0 ? sub : undefined;
      },
      60_000,
    );
    await waitFor(
      'the console shows the pending count',
      async () =>
        (await row.locator('[data-col="pending"] [data-value]').getAttribute('data-value')) ===
        String(health.pending)
          ? true
          : undefined,
      20_000,
    );
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('127.0.0.1:');
    expect(text).toContain(health.lastError ?? '?');
    // Only the target's host: the token in its query stays with the webhooks app.
    expect(text).not.toContain('not-for-the-console');
    await shot('15-webhooks');
  });

  it('shows once-only reuse for a month with a city total, the month kept in the URL', async () => {
    await openView('Tái sử dụng dữ liệu', '#/reuse');
    // The view's first figures (this month) are in before the operator picks another month.
    await page.locator('#reuse-asof').filter({ hasText: /\d/ }).waitFor();
    await page.locator('#reuse-form input[name="month"]').fill('2026-03');
    await page.locator('#reuse-form').getByRole('button', { name: 'Xem', exact: true }).click();
    await hashBecomes((h) => h === '#/reuse?month=2026-03');
    const heads = page.locator('#reuse-table tbody th');
    await heads.filter({ hasText: 'STP' }).waitFor({ timeout: 20_000 });
    expect((await heads.allTextContents())[0]).toBe('Toàn thành phố');
    await page.reload();
    await heads.filter({ hasText: 'SYT' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#reuse-form input[name="month"]').inputValue()).toBe('2026-03');
    await shot('16-reuse');
  });

  it('lists the Kafka records set aside, and lets an operator mark one handled', async () => {
    // Two records a department's system got wrong: not JSON, and JSON that is no case event.
    const kafka = new KafkaConnection({
      brokers: stack.kafka.brokers,
      clientId: 'e2e-console',
      logger: HubLogger.for('e2e', 'warn'),
    });
    await kafka.connectProducer();
    const [first, second] = cases({ department: 'STP', day: '261204', count: 2 });
    if (!first || !second) throw new Error('no cases');
    // Each as its department's system would send it, but for the value.
    const record = (c: typeof first, value: string) => {
      const binary = toBinaryRecord(c.events[0], c.caseCode);
      return {
        topic: topics.inbound,
        key: c.caseCode,
        headers: {
          ...binary.headers,
          'hub-key-id': keyIdOf(stack.keys.departments.STP ?? ''),
        },
        value,
      };
    };
    try {
      await kafka.send([record(first, '{"caseCode": '), record(second, '{"caseCode": 42}')]);
    } finally {
      await kafka.disconnect();
    }
    await page.evaluate(`location.hash = '#/overview'`);
    const panel = page.locator('section').filter({
      has: page.getByRole('heading', { name: 'Bản ghi Kafka bị gạt ra (dead letter)' }),
    });
    const malformed = panel.getByRole('row').filter({ hasText: first.caseCode });
    const invalid = panel.getByRole('row').filter({ hasText: second.caseCode });
    await malformed.waitFor({ timeout: 60_000 });
    await invalid.waitFor({ timeout: 30_000 });
    await expect(malformed.textContent()).resolves.toContain('MALFORMED_RECORD');
    await expect(malformed.textContent()).resolves.toContain('hub-gateway-inbound');
    // The field errors, named as the HTTP gateway would name them.
    await expect(invalid.textContent()).resolves.toContain('INVALID_EVENT');
    await expect(invalid.locator('li code').first().textContent()).resolves.toMatch(/^data\./);
    // The banner says so by the alert's name, as Prometheus would.
    await page
      .getByRole('alert')
      .filter({ hasText: 'HubIntakeDeadLettersOpen' })
      .waitFor({ timeout: 10_000 });
    await shot('21-intake-dead-letters');

    await malformed
      .getByRole('button', { name: new RegExp(`Đánh dấu đã xử lý ${first.caseCode}`) })
      .click();
    await malformed.waitFor({ state: 'detached', timeout: 10_000 });
    await panel.getByText('Đã đánh dấu là đã xử lý.').waitFor();
    const api = await opsGet<{ items: { caseCode: string; acknowledgedBy: string | null }[] }>(
      '/v1/intake-dead-letters?state=all',
    );
    expect(api.items.find((l) => l.caseCode === first.caseCode)?.acknowledgedBy).toBe('ops');
    // The other stays open, for the department to resend.
    await expect(invalid.isVisible()).resolves.toBe(true);
  });

  it('keeps every view readable at 1024 and 1440 px, in both languages', async () => {
    // `npm run docs:console` sets CONSOLE_DOCS_DIR: the same screenshots become docs/console.md's.
    const docs = consoleDocsDir();
    const query: Partial<Record<ConsoleView, string>> = { reuse: '?month=2026-03' };
    const heights = { 1024: 900, 1440: 1000 } as const;
    try {
      for (const width of CONSOLE_WIDTHS) {
        await page.setViewportSize({ width, height: heights[width] });
        for (const lang of CONSOLE_LANGUAGES) {
          for (const name of CONSOLE_VIEWS) {
            const view = `${name}${query[name] ?? ''}`;
            await page.evaluate(`location.hash = '#/${view}'`);
            await page.locator(`.view[data-view="${name}"]`).waitFor();
            await sleep(2500); // a refresh, and the charts sized to the width
            const overflowing = await page.evaluate(
              `[...document.querySelectorAll('.view:not([hidden]) .table-wrap, .view:not([hidden]) .chart-box')].filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => (w.closest('.card, article')?.querySelector('h2, h3')?.textContent ?? '?') + ' ' + w.scrollWidth + '>' + w.clientWidth)`,
            );
            await shot(`20-${name}-${width}-${lang}`);
            if (docs) {
              await page.screenshot({
                path: join(docs, consoleScreenshot(name, width, lang)),
                fullPage: true,
              });
            }
            expect(overflowing).toEqual([]);
          }
          await page.locator('#lang').click();
        }
      }
    } finally {
      await page.setViewportSize({ width: 1440, height: 1000 });
      await page.evaluate(`location.hash = '#/overview'`);
    }
    await page.getByRole('heading', { name: 'Tỷ lệ đồng bộ', exact: true }).first().waitFor();
  });

  it('ran without a script error or a refused resource (the CSP allows uPlot)', () => {
    // The wrong key at sign-in is refused on purpose (401).
    expect(pageErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});

describe('console API input', () => {
  const ops = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${stack.urls.ops}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${stack.keys.ops}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });

  it('answers bad input with a problem naming the field, and bulk replay per id', async () => {
    const bad = await ops('/v1/dead-letters/replay', {
      method: 'POST',
      body: JSON.stringify({ eventIds: ['x', ''] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(await bad.json()).toMatchObject({
      code: 'INVALID_REPLAY_REQUEST',
      errors: [{ path: 'body.eventIds[1]' }],
    });

    const filter = await ops('/v1/dead-letters?reasonCode=50%25%20off');
    expect(filter.status).toBe(400);
    expect(await filter.json()).toMatchObject({ errors: [{ path: 'query.reasonCode' }] });

    const history = await ops('/v1/sync/history?minutes=0');
    expect(history.status).toBe(400);

    const missing = await ops('/v1/cases/000.00.01.H26-261231-09999/timeline');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'CASE_NOT_FOUND' });

    const synced = (await (await ops('/v1/dead-letters')).json()) as { items: unknown[] };
    expect(synced.items).toEqual([]);
    const [c] = cases({ department: 'STP', day: '261201', count: 1 });
    const bulk = await ops('/v1/dead-letters/replay', {
      method: 'POST',
      body: JSON.stringify({ eventIds: ['no-such-event', c?.events[0]?.id] }),
    });
    expect(bulk.status).toBe(202);
    expect(await bulk.json()).toEqual({
      replayed: 0,
      results: [
        { eventId: 'no-such-event', status: 'not-found' },
        { eventId: c?.events[0]?.id, status: 'not-dead' },
      ],
    });

    const unauthorised = await fetch(`${stack.urls.ops}/v1/national-adapters`);
    expect(unauthorised.status).toBe(401);
    const page = await fetch(`${stack.urls.ops}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/console/app.js');
    expect((await fetch(`${stack.urls.ops}/console/..%2Fsrc%2Fmain.ts`)).status).toBe(404);
  });

  it('refuses a range it does not know with 400 naming query.range, and serves uPlot from npm', async () => {
    for (const path of [
      '/v1/sync/series?range=2h',
      '/v1/sync/trend?range=',
      '/v1/national-adapters/history?range=1h&range=24h',
    ]) {
      const res = await ops(path);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: 'INVALID_QUERY',
        errors: [{ path: 'query.range' }],
      });
    }
    expect((await ops('/v1/sync/series')).status).toBe(200);
    const uplot = await fetch(`${stack.urls.ops}/console/vendor/uPlot.esm.js`);
    expect(uplot.status).toBe(200);
    expect(uplot.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${stack.urls.ops}/console/vendor/package.json`)).status).toBe(404);
  });
});
