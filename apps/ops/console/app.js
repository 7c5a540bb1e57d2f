// The operations console: plain ES modules, no build step. It polls the ops API every few
// seconds (see README: polling over plain fetch keeps the ops key in an Authorization header,
// survives proxies and restarts without reconnect logic, and costs one small query per panel).
import { $, fillMeters, h, rateCell } from './dom.js';
import { COLORS, fromZero, monthChart, rateRange, ticks } from './charts.js';
import {
  formatDuration,
  formatNumber,
  formatPercent,
  formatClock,
  formatDate,
  formatTime,
  language,
  setLanguage,
  t,
  translatePage,
} from './i18n.js';
import {
  RANGES,
  renderNational,
  renderOverviewCharts,
  renderRangeControls,
  renderReconciliations,
  renderReuse,
  renderRun,
  renderTrend,
  renderWebhooks,
} from './views.js';

const KEY_STORAGE = 'hub-ops-key';
const VIEWS = ['overview', 'national', 'departments', 'reconciliations', 'reuse', 'webhooks'];

const state = {
  settings: { target: 1, syncDeadlineSeconds: 3600, refreshMs: 3000 },
  data: {},
  rendered: {},
  selection: new Set(),
  filter: {},
  caseCode: undefined,
  sort: {
    dept: { key: 'short', dir: 'desc' },
    proc: { key: 'short', dir: 'desc' },
    held: { key: 'oldestWaitingSeconds', dir: 'desc' },
    idl: { key: 'deadAt', dir: 'desc' },
  },
  /** The scorecard's month, YYYY-MM in Hanoi time; this month until an operator picks one. */
  month: hanoiMonth(new Date()),
  beats: 0,
  timer: undefined,
  generation: 0,
  /** What the URL says: the view, its chart range, a reconciliation run, the reuse month. */
  route: { view: 'overview', range: '1h', runId: undefined, month: undefined },
  /** When each range read was last fetched: the longer ranges change slowly. */
  fetchedAt: {},
};

class Unauthorised extends Error {}

async function api(path, init = {}) {
  const key = sessionStorage.getItem(KEY_STORAGE);
  const res = await fetch(path, {
    ...init,
    headers: {
      ...(init.headers ?? {}),
      authorization: `Bearer ${key}`,
      accept: 'application/json',
    },
  });
  if (res.status === 401) throw new Unauthorised();
  const body = res.status === 204 ? undefined : await res.json();
  if (!res.ok && res.status !== 404) throw new Error(body?.detail ?? `HTTP ${res.status}`);
  return { status: res.status, body };
}

// ---------- sign-in ----------

function showLogin(message) {
  stopPolling();
  sessionStorage.removeItem(KEY_STORAGE);
  $('app').hidden = true;
  $('signout').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message ?? '';
  $('live').textContent = '';
  $('key').focus();
}

function showApp() {
  $('login').hidden = true;
  $('app').hidden = false;
  $('signout').hidden = false;
  startPolling();
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const key = $('key').value.trim();
  if (!key) return;
  sessionStorage.setItem(KEY_STORAGE, key);
  $('key').value = '';
  api('/v1/console/settings')
    .then(({ body }) => {
      state.settings = body;
      showApp();
    })
    .catch((err) =>
      showLogin(err instanceof Unauthorised ? t('keyRejected') : String(err.message)),
    );
});

$('signout').addEventListener('click', () => showLogin());

$('lang').addEventListener('click', () => {
  setLanguage(language() === 'vi' ? 'en' : 'vi');
  translatePage();
  state.rendered = {};
  renderRangeControls(state.route.range, pickRange);
  renderAll();
  showLive();
});

// ---------- views and deep links ----------

/**
 * `#/<view>[/<run id>][?range=24h&month=2026-03]`: the view, its chart range and what it shows
 * are in the URL, so a reload or a shared link opens the same screen.
 */
function parseRoute(hash) {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [view, id] = (path ?? '').split('/');
  const params = new URLSearchParams(query);
  const range = params.get('range');
  const month = params.get('month');
  return {
    view: VIEWS.includes(view) ? view : 'overview',
    runId: view === 'reconciliations' && /^\d{1,18}$/.test(id ?? '') ? id : undefined,
    range: RANGES.includes(range) ? range : '1h',
    month: /^\d{4}-(0[1-9]|1[0-2])$/.test(month ?? '') ? month : undefined,
  };
}

function routeHash(route) {
  const params = new URLSearchParams();
  if (route.range !== '1h') params.set('range', route.range);
  if (route.month && route.view === 'reuse') params.set('month', route.month);
  const query = params.toString();
  return `#/${route.view}${route.runId ? `/${route.runId}` : ''}${query ? `?${query}` : ''}`;
}

function go(changes) {
  location.hash = routeHash({ ...state.route, ...changes });
}

function pickRange(range) {
  go({ range });
}

function applyRoute(moved) {
  const route = parseRoute(location.hash);
  const viewChanged = route.view !== state.route.view;
  state.route = route;
  for (const el of document.querySelectorAll('.view[data-view]'))
    el.hidden = el.dataset.view !== route.view;
  for (const a of document.querySelectorAll('[data-view-link]')) {
    const view = a.dataset.viewLink;
    // The range follows the operator from view to view.
    a.setAttribute('href', routeHash({ view, range: route.range }));
    if (view === route.view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  renderRangeControls(route.range, pickRange);
  document.title = `${t(`view${route.view[0].toUpperCase()}${route.view.slice(1)}`)} — Lienthong Hub`;
  // Keyboard and screen-reader users land on the new view's heading, not at the top of the page.
  if (moved && viewChanged) document.querySelector(`[data-view="${route.view}"] h2`)?.focus();
  if (!$('app').hidden) startPolling();
}

window.addEventListener('hashchange', () => applyRoute(true));

// ---------- polling ----------

function showLive() {
  if (!state.updatedAt) return;
  const time = formatClock(state.updatedAt);
  const firing = state.data.summary ? activeAlerts(state.data) : [];
  const worst = firing.some((a) => a.severity === 'critical')
    ? 'down'
    : firing.length > 0
      ? 'warn'
      : 'ok';
  $('live').textContent =
    worst === 'ok'
      ? `● ${t('live')} · ${t('updatedAt')} ${time}`
      : `● ${t('live')} · ${t('alertsFiring', { n: firing.length })} · ${t('updatedAt')} ${time}`;
  $('live').className = `live ${worst}`;
}

/**
 * The conditions of deploy/prometheus/alerts.yaml that the console's own data shows, by the same
 * names and runbooks, at once (Prometheus waits each rule's `for` before it pages; an operator
 * looking at the console should see the outage now).
 */
function activeAlerts(d) {
  const s = d.summary;
  const alerts = [];
  for (const a of d.adapters ?? []) {
    if (a.state === 'open')
      alerts.push({
        name: 'HubNationalBreakerOpen',
        severity: 'critical',
        text: t('alertBreakerOpen', {
          adapter: t(`adapter_${a.adapter}`),
          since: a.since ? formatTime(a.since) : t('timeUnknown'),
        }),
      });
  }
  if (s.total > s.synced && s.oldestUnsyncedSeconds > state.settings.syncDeadlineSeconds)
    alerts.push({
      name: 'HubOldestUnsyncedPastDeadline',
      severity: 'critical',
      text: t('alertPastDeadline', { age: formatDuration(s.oldestUnsyncedSeconds) }),
    });
  if (s.dead > 0)
    alerts.push({
      name: 'HubDeadLettersPresent',
      severity: 'warning',
      text: t('alertDeadLetters', { n: formatNumber(s.dead) }),
    });
  if ((d.intake?.open ?? 0) > 0)
    alerts.push({
      name: 'HubIntakeDeadLettersOpen',
      severity: 'warning',
      text: t('alertIntakeDeadLetters', { n: formatNumber(d.intake.open) }),
    });
  if (s.syncRate < state.settings.target)
    alerts.push({
      name: 'HubSyncRateBelowTarget',
      severity: 'warning',
      text: t('alertRateBelowTarget', { rate: formatPercent(s.syncRate) }),
    });
  return alerts;
}

function renderAlerts(alerts) {
  const root = $('alerts');
  root.hidden = alerts.length === 0;
  root.className = `alerts ${alerts.some((a) => a.severity === 'critical') ? 'critical' : 'warning'}`;
  root.replaceChildren(
    ...alerts.map((a) =>
      h(
        'p',
        { class: `alert ${a.severity}` },
        h('strong', {}, a.text),
        ' ',
        // The alert's name: its runbook is docs/operations.md#<name in lower case>.
        h('code', { title: `docs/operations.md#${a.name.toLowerCase()}` }, a.name),
      ),
    ),
  );
}

function stopPolling() {
  clearTimeout(state.timer);
  state.timer = undefined;
  state.generation++;
}

function startPolling() {
  stopPolling();
  const generation = state.generation;
  const loop = async () => {
    try {
      await refresh();
      state.updatedAt = new Date();
      showLive();
    } catch (err) {
      if (err instanceof Unauthorised) return showLogin(t('keyRejected'));
      $('live').textContent = `● ${t('offline')}`;
      $('live').className = 'live down';
    }
    if (generation === state.generation)
      state.timer = setTimeout(loop, state.settings.refreshMs ?? 3000);
  };
  void loop();
}

function deadLetterQuery() {
  const params = new URLSearchParams({ limit: '200' });
  for (const [k, v] of Object.entries(state.filter)) if (v) params.set(k, v);
  return `/v1/dead-letters?${params}`;
}

/** The range reads are re-read every beat for an hour's window, less often for longer ones. */
const RANGE_MAX_AGE_MS = { '1h': 0, '24h': 20_000, '7d': 60_000, '30d': 120_000 };

function due(key, range) {
  const at = state.fetchedAt[key];
  return at === undefined || Date.now() - at >= RANGE_MAX_AGE_MS[range];
}

async function fetchRange(name, path, range) {
  const key = `${name}:${range}`;
  if (!due(key, range) && state.data[name]?.range === range) return state.data[name];
  const { body } = await api(`${path}?range=${range}`);
  state.fetchedAt[key] = Date.now();
  return body;
}

async function refresh() {
  const { view, range } = state.route;
  // Every view keeps the header and the alert banner current.
  const [summary, adapters, intake] = await Promise.all([
    api('/v1/sync/summary'),
    api('/v1/national-adapters'),
    api('/v1/intake-dead-letters?state=open&limit=100'),
  ]);
  state.data.summary = summary.body;
  state.data.adapters = adapters.body.items;
  state.data.intake = intake.body;
  switch (view) {
    case 'overview': {
      const [series, procedures, deadLetters, held] = await Promise.all([
        fetchRange('series', '/v1/sync/series', range),
        api('/v1/sync/procedures'),
        api(deadLetterQuery()),
        api('/v1/sync/held-cases?limit=200'),
      ]);
      Object.assign(state.data, {
        series,
        procedures: procedures.body.items,
        deadLetters: deadLetters.body.items,
        held: held.body.items,
      });
      if (state.caseCode) state.data.timeline = await loadTimeline(state.caseCode);
      // The scorecard changes slowly: fetched when shown, when its month changes, every 20th beat.
      if (!state.data.scorecard || state.beats++ % 20 === 0) await loadScorecard();
      break;
    }
    case 'national':
      state.data.national = await fetchRange('national', '/v1/national-adapters/history', range);
      break;
    case 'departments':
      state.data.trend = await fetchRange('trend', '/v1/sync/trend', range);
      break;
    case 'reconciliations': {
      const runs = await api('/v1/reconciliations?limit=50');
      state.data.runs = runs.body.items;
      const id = state.route.runId;
      if (id) {
        const run = await api(`/v1/reconciliations/${id}`);
        state.data.run = run.status === 404 ? undefined : run.body;
      } else state.data.run = undefined;
      break;
    }
    case 'reuse': {
      const month = state.route.month ?? hanoiMonth(new Date());
      if (state.data.reuse?.month !== month || state.beats++ % 10 === 0) {
        const reuse = await api(`/v1/kpis/reuse?month=${month}`);
        state.data.reuse = reuse.body;
      }
      break;
    }
    case 'webhooks': {
      const subs = await api('/v1/webhooks/subscriptions');
      state.data.webhooks = subs.body.items;
      break;
    }
  }
  renderAll();
}

// ---------- rendering ----------

/** Re-renders a panel only when its data changed, so focus and scroll survive the polling. */
function panel(name, data, render) {
  const json = JSON.stringify(data) + language();
  if (state.rendered[name] === json) return;
  state.rendered[name] = json;
  render(data);
}

function renderAll() {
  const d = state.data;
  if (!d.summary) return;
  panel('alerts', [d.summary, d.adapters, d.intake?.open], () => renderAlerts(activeAlerts(d)));
  switch (state.route.view) {
    case 'overview':
      panel('kpis', d.summary, renderKpis);
      panel('adapters', d.adapters, renderAdapters);
      if (d.series) panel('charts', d.series, renderOverviewCharts);
      panel('dept', [d.summary.byDepartment, state.sort.dept], () =>
        renderDepartments(d.summary.byDepartment),
      );
      panel('proc', [d.procedures, state.sort.proc], () => renderProcedures(d.procedures ?? []));
      panel('held', [d.held, state.sort.held], () => renderHeldCases(d.held ?? []));
      if (d.scorecard) panel('score', d.scorecard, renderScorecard);
      if (d.scorecard && d.scoreTrend)
        panel('scoreTrend', [d.scoreTrend, trendKey(d.scorecard)], renderScoreTrend);
      panel('dl', [d.deadLetters, [...state.selection]], () =>
        renderDeadLetters(d.deadLetters ?? []),
      );
      if (d.intake)
        panel('idl', [d.intake, state.sort.idl], () => renderIntakeDeadLetters(d.intake));
      panel('case', d.timeline, renderTimeline);
      break;
    case 'national':
      if (d.national) panel('national', d.national, renderNational);
      break;
    case 'departments':
      if (d.trend) panel('trend', d.trend, renderTrend);
      break;
    case 'reconciliations':
      if (d.runs)
        panel('runs', [d.runs, state.route.runId], () =>
          renderReconciliations(d.runs, state.route.runId),
        );
      panel('run', d.run ?? null, (run) => renderRun(run ?? undefined));
      break;
    case 'reuse':
      if (d.reuse) panel('reuse', d.reuse, renderReuse);
      break;
    case 'webhooks':
      if (d.webhooks) panel('webhooks', d.webhooks, renderWebhooks);
      break;
  }
}

function setMetric(name, value, text) {
  for (const el of document.querySelectorAll(`[data-metric="${name}"]`)) {
    el.dataset.value = String(value);
    el.textContent = text ?? formatNumber(value);
  }
}

function renderKpis(s) {
  const rate = s.syncRate;
  setMetric('syncRate', rate, formatPercent(rate));
  for (const k of ['total', 'synced', 'pending', 'retrying', 'dead', 'heldCases'])
    setMetric(k, s[k]);
  setMetric('backlog', s.total - s.synced);
  const met = rate >= state.settings.target;
  $('rate-card').className = `card kpi rate ${met ? 'good' : 'bad'}`;
  $('rate-verdict').textContent = met ? t('targetMet') : t('targetMissed');
  $('rate-bar').style.width = `${Math.max(0, Math.min(100, rate * 100))}%`;

  const deadline = state.settings.syncDeadlineSeconds;
  const oldest = s.oldestUnsyncedSeconds;
  const late = oldest > deadline;
  $('oldest').textContent = s.total === s.synced ? t('none') : formatDuration(oldest);
  $('deadline').textContent = formatDuration(deadline);
  $('oldest-verdict').textContent = late ? t('pastDeadline') : t('withinDeadline');
  $('oldest-card').className = `card kpi ${late ? 'bad' : oldest > deadline / 2 ? 'warn' : 'good'}`;
  $('oldest-bar').style.width = `${Math.min(100, (oldest / deadline) * 100)}%`;
}

function renderAdapters(items) {
  $('adapters').replaceChildren(
    ...items.map((a) =>
      h(
        'li',
        { class: `adapter ${a.state}` },
        h('span', { class: 'pill' }, t(`breaker_${a.state}`)),
        h(
          'strong',
          {},
          t(`adapter_${a.adapter}`) === `adapter_${a.adapter}`
            ? a.adapter
            : t(`adapter_${a.adapter}`),
        ),
        h(
          'span',
          { class: 'muted' },
          a.since ? `${t('since')} ${formatTime(a.since)}` : '',
          ` · ${a.instances.length} ${t('instances')}`,
        ),
      ),
    ),
  );
}

function sortRows(rows, sort, columns) {
  const col = columns.find((c) => c.key === sort.key);
  const value = col.sortValue ?? ((r) => r[col.key]);
  const dir = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (typeof x === 'string' ? x.localeCompare(y) : x - y) * dir;
  });
}

function renderTable(table, name, columns, rows, emptyText) {
  const sort = state.sort[name];
  const head = h(
    'tr',
    {},
    columns.map((c) =>
      h(
        'th',
        {
          scope: 'col',
          class: c.numeric ? 'num' : undefined,
          'aria-sort':
            sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined,
        },
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            title: `${t('sortBy')} ${t(c.label)}`,
            onclick: () => {
              state.sort[name] = {
                key: c.key,
                dir: sort.key === c.key && sort.dir === 'desc' ? 'asc' : 'desc',
              };
              renderAll();
            },
          },
          t(c.label),
          h(
            'span',
            { class: 'arrow', 'aria-hidden': 'true' },
            sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : '',
          ),
        ),
      ),
    ),
  );
  const body = rows.length
    ? sortRows(rows, sort, columns).map((r) =>
        h(
          'tr',
          {},
          columns.map((c, i) =>
            h(
              i === 0 ? 'th' : 'td',
              { scope: i === 0 ? 'row' : undefined, class: c.numeric ? 'num' : c.cellClass },
              c.render(r),
            ),
          ),
        ),
      )
    : [h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, emptyText))];
  table.replaceChildren(h('thead', {}, head), h('tbody', {}, body));
}

const shortColumns = [
  {
    key: 'short',
    label: 'short',
    numeric: true,
    sortValue: (r) => r.total - r.synced,
    render: (r) => {
      const n = r.total - r.synced;
      return h('span', { class: n > 0 ? 'short' : 'muted' }, formatNumber(n));
    },
  },
  { key: 'syncRate', label: 'rate', numeric: true, render: (r) => rateCell(r.syncRate) },
  { key: 'total', label: 'accepted', numeric: true, render: (r) => formatNumber(r.total) },
  { key: 'dead', label: 'dead', numeric: true, render: (r) => formatNumber(r.dead) },
  {
    key: 'oldestUnsyncedSeconds',
    label: 'oldestShort',
    numeric: true,
    render: (r) => (r.total === r.synced ? t('none') : formatDuration(r.oldestUnsyncedSeconds)),
  },
];

function renderDepartments(rows) {
  renderTable(
    $('dept-table'),
    'dept',
    [{ key: 'department', label: 'department', render: (r) => r.department }, ...shortColumns],
    rows,
    t('noData'),
  );
  fillMeters($('dept-table'));
}

/**
 * A procedure as the console shows it: the code (its identity, what the filter and the sort
 * take) and the national catalog's name after it, cut short; the tooltip has the whole name.
 */
function procedureLabel(code, name) {
  if (!code) return t('none');
  return h(
    'span',
    { class: 'proc', title: name ? `${code} · ${name}` : `${code} · ${t('notInCatalog')}` },
    h('code', { class: 'proc-code' }, code),
    name ? h('span', { class: 'proc-name' }, name) : undefined,
  );
}

function renderProcedures(rows) {
  renderTable(
    $('proc-table'),
    'proc',
    [
      {
        key: 'procedureCode',
        label: 'procedureColumn',
        cellClass: 'proc-col',
        sortValue: (r) => r.procedureCode ?? '',
        render: (r) => procedureLabel(r.procedureCode, r.procedureName),
      },
      { key: 'department', label: 'department', render: (r) => r.department },
      ...shortColumns,
    ],
    rows,
    t('noData'),
  );
  fillMeters($('proc-table'));
}

/**
 * Cases the portal cannot take further because the department never sent one of their events:
 * which one, since when, and whose system must send it.
 */
function renderHeldCases(rows) {
  renderTable(
    $('held-table'),
    'held',
    [
      {
        key: 'caseCode',
        label: 'caseCode',
        render: (r) =>
          h(
            'button',
            { type: 'button', class: 'link', onclick: () => openCase(r.caseCode) },
            r.caseCode,
          ),
      },
      { key: 'department', label: 'heldCallDepartment', render: (r) => r.department },
      {
        key: 'missingSequence',
        label: 'missingEvent',
        numeric: true,
        render: (r) => h('strong', { class: 'short' }, `#${r.missingSequence}`),
      },
      {
        key: 'waiting',
        label: 'waitingEvents',
        numeric: true,
        render: (r) => formatNumber(r.waiting),
      },
      { key: 'waitingSince', label: 'waitingSince', render: (r) => formatTime(r.waitingSince) },
      {
        key: 'oldestWaitingSeconds',
        label: 'oldestShort',
        numeric: true,
        render: (r) => formatDuration(r.oldestWaitingSeconds),
      },
    ],
    rows,
    t('noHeldCases'),
  );
}

/**
 * Records the hub's consumers set aside: not replayable (the hub keeps no copy of a refused
 * record), so the department is called and the operator marks each handled.
 */
function renderIntakeDeadLetters({ items, open }) {
  $('idl-message').textContent = state.intakeMessage ? t(state.intakeMessage) : '';
  $('idl-more').textContent = open > items.length ? t('intakeMore', { n: formatNumber(open) }) : '';
  const shownErrors = 4;
  renderTable(
    $('idl-table'),
    'idl',
    [
      { key: 'deadAt', label: 'deadAt', render: (r) => formatTime(r.deadAt) },
      {
        key: 'department',
        label: 'department',
        sortValue: (r) => r.department ?? '',
        render: (r) => r.department ?? '—',
      },
      {
        key: 'code',
        label: 'reasonCode',
        render: (r) =>
          h(
            'span',
            {},
            h('code', {}, r.code),
            h('br'),
            h('small', { class: 'muted', title: t('consumerGroup') }, r.consumerGroup),
          ),
      },
      {
        key: 'errors',
        label: 'fields',
        sortValue: (r) => r.errors.map((e) => e.path).join(' '),
        render: (r) =>
          r.errors.length === 0
            ? r.detail
            : h(
                'ul',
                { class: 'plain' },
                r.errors
                  .slice(0, shownErrors)
                  .map((e) => h('li', {}, h('code', {}, e.path), ` ${e.message}`)),
                r.errors.length > shownErrors
                  ? h(
                      'li',
                      { class: 'muted' },
                      t('moreErrors', { n: r.errors.length - shownErrors }),
                    )
                  : null,
              ),
      },
      {
        key: 'caseCode',
        label: 'caseCode',
        sortValue: (r) => r.caseCode ?? '',
        render: (r) =>
          h(
            'span',
            {},
            r.caseCode ?? '—',
            r.eventId ? [h('br'), h('small', { class: 'muted' }, r.eventId)] : null,
            h('br'),
            h(
              'small',
              { class: 'muted', title: t('kafkaPosition') },
              `${r.topic} ${r.partition}:${r.offset}`,
            ),
          ),
      },
      {
        key: 'id',
        label: 'actions',
        render: (r) =>
          h(
            'button',
            {
              type: 'button',
              'aria-label': `${t('markHandled')} ${r.caseCode ?? r.id}`,
              onclick: () => acknowledgeIntake(r.id),
            },
            t('markHandled'),
          ),
      },
    ],
    items,
    t('noIntakeDeadLetters'),
  );
}

async function acknowledgeIntake(id) {
  const { status } = await api(`/v1/intake-dead-letters/${encodeURIComponent(id)}/acknowledge`, {
    method: 'POST',
  });
  state.intakeMessage = status === 200 ? 'markedHandled' : 'markHandledFailed';
  state.rendered.idl = undefined;
  await refresh();
}

function renderDeadLetters(items) {
  const ids = new Set(items.map((d) => d.eventId));
  for (const id of state.selection) if (!ids.has(id)) state.selection.delete(id);
  $('replay-selected').disabled = state.selection.size === 0;
  const all = items.length > 0 && items.every((d) => state.selection.has(d.eventId));
  const head = h(
    'tr',
    {},
    h(
      'th',
      { scope: 'col' },
      h('input', {
        type: 'checkbox',
        'aria-label': t('selectAll'),
        checked: all,
        onchange: (e) => {
          for (const d of items)
            if (e.target.checked) state.selection.add(d.eventId);
            else state.selection.delete(d.eventId);
          renderAll();
        },
      }),
    ),
    ...[
      'caseCode',
      'department',
      'procedureColumn',
      'event',
      'reason',
      'attempts',
      'waitingBehind',
      'deadAt',
      'actions',
    ].map((k) =>
      h(
        'th',
        { scope: 'col', class: ['attempts', 'waitingBehind'].includes(k) ? 'num' : undefined },
        t(k),
      ),
    ),
  );
  const rows = items.length
    ? items.map((d) =>
        h(
          'tr',
          { dataset: { eventId: d.eventId } },
          h(
            'td',
            {},
            h('input', {
              type: 'checkbox',
              'aria-label': `${t('select')} ${d.caseCode} #${d.sequence}`,
              checked: state.selection.has(d.eventId),
              onchange: (e) => {
                if (e.target.checked) state.selection.add(d.eventId);
                else state.selection.delete(d.eventId);
                renderAll();
              },
            }),
          ),
          h(
            'th',
            { scope: 'row' },
            h(
              'button',
              { type: 'button', class: 'link', onclick: () => openCase(d.caseCode) },
              d.caseCode,
            ),
          ),
          h('td', {}, d.department),
          h('td', { class: 'proc-col' }, procedureLabel(d.procedureCode, d.procedureName)),
          h('td', {}, `${d.eventType} #${d.sequence}`),
          h(
            'td',
            { class: 'reason' },
            h('code', {}, d.errorCode ?? ''),
            h('span', {}, d.errorMessage ?? ''),
          ),
          h('td', { class: 'num' }, formatNumber(d.attempts)),
          h('td', { class: 'num' }, formatNumber(d.waitingBehind)),
          h('td', {}, formatTime(d.deadAt)),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'primary small',
                'aria-label': `${t('replay')} ${d.caseCode} #${d.sequence}`,
                onclick: () => replay([d.eventId]),
              },
              t('replay'),
            ),
          ),
        ),
      )
    : [h('tr', {}, h('td', { colspan: 10, class: 'empty good-text' }, t('noDeadLetters')))];
  $('dl-table').replaceChildren(h('thead', {}, head), h('tbody', {}, rows));
}

async function replay(eventIds) {
  try {
    const { body } = await api('/v1/dead-letters/replay', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventIds }),
    });
    for (const id of eventIds) state.selection.delete(id);
    $('replay-message').textContent = t('replayDone', { n: formatNumber(body.replayed) });
    await refresh();
  } catch (err) {
    if (err instanceof Unauthorised) return showLogin(t('keyRejected'));
    $('replay-message').textContent = String(err.message);
  }
}

$('replay-selected').addEventListener('click', () => void replay([...state.selection]));

$('dl-filter').addEventListener('submit', (e) => {
  e.preventDefault();
  state.filter = Object.fromEntries(new FormData(e.target).entries());
  void refresh().catch(() => undefined);
});
$('dl-filter').addEventListener('reset', () => {
  state.filter = {};
  setTimeout(() => void refresh().catch(() => undefined));
});

// ---------- scorecard ----------

function hanoiMonth(at) {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 7);
}

async function loadScorecard() {
  const month = state.month;
  const card = await api(`/v1/indicators?month=${month}`);
  if (state.data.scorecard?.month !== card.body.month) state.data.scoreTrend = undefined;
  state.data.scorecard = card.body;
  // Six months take longer than one: the table does not wait for its trend.
  void api(`/v1/indicators/trend?month=${month}&months=6`)
    .then(({ body }) => {
      if (state.month !== month) return;
      state.data.scoreTrend = body;
      renderAll();
    })
    .catch(() => undefined);
}

/** The indicator the trend chart shows: the one picked, else the first the month missed. */
function trendKey(card) {
  const keys = card.total.indicators.map((i) => i.key);
  if (keys.includes(state.trendKey)) return state.trendKey;
  return card.total.indicators.find((i) => i.met === false)?.key ?? keys[0];
}

/** Six months of one indicator for the city, against each month's target. */
function renderScoreTrend([trend, key]) {
  const line = trend.indicators.find((i) => i.key === key);
  if (!line) return;
  const share = line.measure === 'share';
  const scale = (v) => (v === null ? null : share ? v * 100 : v);
  const values = line.points.map((p) => scale(p.value));
  const targets = line.points.map((p) => scale(p.target));
  const format = (v) => (share ? formatPercent(v / 100) : `${v.toFixed(2)}×`);
  const name = language() === 'vi' ? line.labelVi : line.labelEn;
  $('score-trend-title').textContent = t('trendOf', { name, n: trend.months.length });
  const known = [...values, ...targets].filter((v) => v !== null);
  const yRange = share ? rateRange(known.length ? known : [100]) : fromZero(known);
  monthChart($('score-trend'), {
    key: `score-trend-${share}-${language()}`,
    months: trend.months,
    series: [
      { label: t('cityTotal'), stroke: COLORS.rate, format },
      { label: t('target'), stroke: COLORS.target, dash: [6, 4], width: 1.5, format },
    ],
    data: [values, targets],
    yRange,
    yTicks: share ? ticks.percent(yRange) : ticks.count(),
  });
  // The chart in words, for whoever cannot see it.
  const said = line.points.map((p) => {
    const month = `${p.month.slice(5)}/${p.month.slice(0, 4)}`;
    const value = p.value === null ? '—' : format(scale(p.value));
    return p.target === null
      ? t('trendPoint', { month, value })
      : t('trendPointTarget', {
          month,
          value,
          target: indicatorTarget({ ...line, target: p.target, targetBy: null }),
        });
  });
  $('score-trend-note').textContent = said.join(' · ');
  $('score-trend').setAttribute('aria-label', `${name}: ${said.join('; ')}`);
}

function indicatorValue(i) {
  if (i.value === null) return '—';
  return i.measure === 'share' ? formatPercent(i.value) : `${i.value.toFixed(2)}×`;
}

function indicatorTarget(i) {
  if (i.target === null) return '—';
  const value = i.measure === 'share' ? formatPercent(i.target) : `${i.target.toFixed(2)}×`;
  const by = i.targetBy ? ` (${formatDate(i.targetBy)})` : '';
  return `${i.direction === 'at_least' ? '≥' : '≤'} ${value}${by}`;
}

function indicatorCounts(i) {
  if (i.measure === 'ratio')
    return i.value === null ? '' : `${i.numerator.toFixed(1)} h / ${i.denominator.toFixed(1)} h`;
  return `${formatNumber(i.numerator)}/${formatNumber(i.denominator)}`;
}

/**
 * The month's indicators against the plans' targets: the city total, then each department; a cell
 * is green when met, red when missed (the direction says which way is better), blank with nothing
 * to measure or no target. The plan each target comes from is in the row's tooltip.
 */
function renderScorecard(card) {
  // Only when the month shown changes: a refresh must not undo a month the operator is typing.
  const input = $('score-form').elements.month;
  if (input.dataset.shown !== card.month) {
    input.value = card.month;
    input.dataset.shown = card.month;
  }
  const label = (i) => (language() === 'vi' ? i.labelVi : i.labelEn);
  const scopes = [
    { name: t('cityTotal'), indicators: card.total.indicators },
    ...card.departments.map((d) => ({ name: d.department, indicators: d.indicators })),
  ];
  const cell = (i) =>
    h(
      'td',
      { class: `num score ${i.met === null ? 'none' : i.met ? 'met' : 'missed'}` },
      h('strong', {}, indicatorValue(i)),
      h('small', {}, indicatorCounts(i)),
    );
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t('indicator')),
    h('th', { scope: 'col' }, t('target')),
    scopes.map((sc) => h('th', { scope: 'col', class: 'num' }, sc.name)),
  );
  const rows = card.total.indicators.map((i) =>
    h(
      'tr',
      { title: i.plan },
      h(
        'th',
        { scope: 'row' },
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-pressed': String(i.key === trendKey(card)),
            title: t('showTrend'),
            onclick: () => {
              state.trendKey = i.key;
              state.rendered.score = undefined;
              renderAll();
            },
          },
          label(i),
        ),
      ),
      h('td', { class: 'target' }, indicatorTarget(i)),
      scopes.map((sc) => cell(sc.indicators.find((x) => x.key === i.key))),
    ),
  );
  $('score-table').replaceChildren(h('thead', {}, head), h('tbody', {}, rows));
  $('score-asof').textContent = t('figuresAsOf', { at: formatTime(card.asOf) });
}

$('score-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const month = new FormData(e.target).get('month');
  if (!/^\d{4}-\d{2}$/.test(month)) return;
  state.month = month;
  void loadScorecard()
    .then(renderAll)
    .catch(() => undefined);
});

/** The month's CSV, fetched with the key (a plain link would not carry it) and saved. */
$('score-csv').addEventListener('click', async () => {
  const key = sessionStorage.getItem(KEY_STORAGE);
  const res = await fetch(`/v1/indicators.csv?month=${state.month}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  h('a', { href: url, download: `indicators-${state.month}.csv` }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
});

// ---------- reconciliations and reuse ----------

/** Reads the portal back for the dossiers of the last 24 hours (portal-sync runs it). */
$('recon-request').addEventListener('click', async () => {
  const to = new Date();
  const from = new Date(to.getTime() - 24 * 3600_000);
  try {
    const { body } = await api('/v1/reconciliations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: from.toISOString(), to: to.toISOString() }),
    });
    $('recon-message').textContent = t('reconcileRequested', { id: body.id });
    await refresh();
  } catch (err) {
    if (err instanceof Unauthorised) return showLogin(t('keyRejected'));
    $('recon-message').textContent = String(err.message);
  }
});

$('reuse-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const month = new FormData(e.target).get('month');
  if (/^\d{4}-\d{2}$/.test(month)) go({ month });
});

// ---------- case timeline ----------

/** The events in sequence order, with a placeholder where the department never sent one. */
function withMissing(tl) {
  const missing = (tl.missingSequences ?? []).map((sequence) => ({ sequence, missing: true }));
  return [...tl.events, ...missing].sort(
    (a, b) => a.sequence - b.sequence || (a.hubSequence ?? 0) - (b.hubSequence ?? 0),
  );
}

async function loadTimeline(caseCode) {
  const { status, body } = await api(`/v1/cases/${encodeURIComponent(caseCode)}/timeline`);
  return status === 404 ? { notFound: caseCode } : body;
}

async function openCase(caseCode) {
  state.caseCode = caseCode;
  $('case-form').elements.caseCode.value = caseCode;
  state.data.timeline = await loadTimeline(caseCode);
  renderAll();
  $('case-title').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

$('case-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const code = new FormData(e.target).get('caseCode').trim();
  if (code) void openCase(code).catch(() => undefined);
});

function renderTimeline(tl) {
  const root = $('case-result');
  if (!tl) return root.replaceChildren();
  if (tl.notFound)
    return root.replaceChildren(h('p', { class: 'error', role: 'alert' }, t('caseNotFound')));
  root.replaceChildren(
    h(
      'div',
      { class: 'case-head' },
      h('h3', {}, tl.caseCode),
      h('span', { class: `pill state-${tl.state}` }, t(`state_${tl.state}`)),
      h(
        'span',
        { class: 'muted case-meta' },
        `${tl.department} · ${t('procedure')} `,
        procedureLabel(tl.procedureCode, tl.procedureName),
        ` · ${t('status')} ${tl.status ?? t('none')}`,
      ),
    ),
    h(
      'ol',
      { class: 'timeline', 'aria-label': t('timeline') },
      withMissing(tl).map((ev) =>
        ev.missing
          ? h(
              'li',
              { class: 'event state-missing' },
              h(
                'div',
                { class: 'event-head' },
                h('strong', {}, `#${ev.sequence}`),
                h('span', { class: 'pill state-dead' }, t('missingEvent')),
                h('span', { class: 'muted' }, t('missingExplained', { department: tl.department })),
              ),
            )
          : h(
              'li',
              { class: `event state-${ev.state}` },
              h(
                'div',
                { class: 'event-head' },
                h(
                  'strong',
                  {},
                  `#${ev.sequence}${ev.hubSequence ? `.${ev.hubSequence}` : ''} ${ev.type}`,
                ),
                ev.hubSequence
                  ? h(
                      'span',
                      { class: 'pill', title: t('hubOriginatedExplained') },
                      t('hubOriginated'),
                    )
                  : null,
                h('span', { class: `pill state-${ev.state}` }, t(`state_${ev.state}`)),
                ev.waitingBehind
                  ? h('span', { class: 'muted' }, t('waitsBehind', { n: ev.waitingBehind }))
                  : undefined,
                ev.traceId
                  ? h(
                      ev.traceUrl ? 'a' : 'code',
                      {
                        class: 'trace-id',
                        href: ev.traceUrl ?? undefined,
                        target: ev.traceUrl ? '_blank' : undefined,
                        rel: ev.traceUrl ? 'noopener' : undefined,
                        title: `${t('traceId')} ${ev.traceId}`,
                        'aria-label': `${t('traceId')} ${ev.traceId}`,
                      },
                      `${t('trace')} ${ev.traceId.slice(0, 8)}`,
                    )
                  : undefined,
                ev.nextAttemptAt
                  ? h(
                      'span',
                      { class: 'muted' },
                      `${t('nextAttempt')} ${formatTime(ev.nextAttemptAt)}`,
                    )
                  : undefined,
              ),
              h(
                'ol',
                { class: 'steps' },
                ev.steps.map((s) =>
                  h(
                    'li',
                    { class: `step ${s.kind}` },
                    h('span', { class: 'dot', 'aria-hidden': 'true' }),
                    h('span', { class: 'step-name' }, t(`step_${s.kind}`)),
                    h('time', { datetime: s.at ?? undefined }, formatTime(s.at)),
                    s.errorCode ? h('code', {}, s.errorCode) : undefined,
                    s.errorMessage
                      ? h('span', { class: 'reason-text' }, s.errorMessage)
                      : undefined,
                    s.portalStatus
                      ? h('span', { class: 'muted' }, `${t('portalStatus')} ${s.portalStatus}`)
                      : undefined,
                    s.operator
                      ? h('span', { class: 'muted' }, `${t('by')} ${s.operator}`)
                      : undefined,
                  ),
                ),
              ),
              ev.nationalStore && ev.nationalStore.length > 0
                ? h(
                    'ul',
                    { class: 'national-store', 'aria-label': t('nationalStore') },
                    ev.nationalStore.map((r) =>
                      h(
                        'li',
                        {},
                        h('span', { class: 'step-name' }, t('nationalStore')),
                        h('code', {}, `${r.documentCode} ${r.documentNo}`),
                        h('span', { class: `pill store-${r.state}` }, t(`store_${r.state}`)),
                        r.registeredAt
                          ? h('time', { datetime: r.registeredAt }, formatTime(r.registeredAt))
                          : undefined,
                        r.nextAttemptAt
                          ? h(
                              'span',
                              { class: 'muted' },
                              `${t('nextAttempt')} ${formatTime(r.nextAttemptAt)}`,
                            )
                          : undefined,
                        r.errorCode ? h('code', {}, r.errorCode) : undefined,
                      ),
                    ),
                  )
                : undefined,
            ),
      ),
    ),
  );
}

// ---------- start ----------

setLanguage(language());
translatePage();
applyRoute(false);
if (sessionStorage.getItem(KEY_STORAGE)) {
  api('/v1/console/settings')
    .then(({ body }) => {
      state.settings = body;
      showApp();
    })
    .catch(() => showLogin());
} else {
  showLogin();
}
