// The operations console: plain ES modules, no build step. It polls the ops API every few
// seconds (see README: polling over plain fetch keeps the ops key in an Authorization header,
// survives proxies and restarts without reconnect logic, and costs one small query per panel).
import { barChart, lineChart } from './charts.js';
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

const KEY_STORAGE = 'hub-ops-key';
/** The charts' window: wide enough to see an outage and its recovery, narrow enough to read. */
const HISTORY_MINUTES = 30;
const $ = (id) => document.getElementById(id);

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
  },
  /** The scorecard's month, YYYY-MM in Hanoi time; this month until an operator picks one. */
  month: hanoiMonth(new Date()),
  beats: 0,
  timer: undefined,
  generation: 0,
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

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c);
  return node;
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
  renderAll();
  showLive();
});

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

async function refresh() {
  const [summary, history, procedures, adapters, deadLetters, held] = await Promise.all([
    api('/v1/sync/summary'),
    api(`/v1/sync/history?minutes=${HISTORY_MINUTES}`),
    api('/v1/sync/procedures'),
    api('/v1/national-adapters'),
    api(deadLetterQuery()),
    api('/v1/sync/held-cases?limit=200'),
  ]);
  state.data = {
    summary: summary.body,
    history: history.body,
    procedures: procedures.body.items,
    adapters: adapters.body.items,
    deadLetters: deadLetters.body.items,
    held: held.body.items,
    scorecard: state.data.scorecard,
  };
  if (state.caseCode) state.data.timeline = await loadTimeline(state.caseCode);
  // The scorecard changes slowly: fetched when shown, when its month changes, every 20th beat.
  if (!state.data.scorecard || state.beats++ % 20 === 0) await loadScorecard();
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
  panel('kpis', d.summary, renderKpis);
  panel('alerts', [d.summary, d.adapters], () => renderAlerts(activeAlerts(d)));
  panel('adapters', d.adapters, renderAdapters);
  panel('charts', d.history, renderCharts);
  panel('dept', [d.summary.byDepartment, state.sort.dept], () =>
    renderDepartments(d.summary.byDepartment),
  );
  panel('proc', [d.procedures, state.sort.proc], () => renderProcedures(d.procedures));
  panel('held', [d.held, state.sort.held], () => renderHeldCases(d.held));
  if (d.scorecard) panel('score', d.scorecard, renderScorecard);
  panel('dl', [d.deadLetters, [...state.selection]], () => renderDeadLetters(d.deadLetters));
  panel('case', d.timeline, renderTimeline);
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

function renderCharts(history) {
  const samples = history.samples;
  const times = samples.map((p) => p.at);
  $('chart-rate').replaceChildren(
    lineChart({
      label: t('rateOverTime'),
      times,
      series: [{ values: samples.map((p) => p.syncRate * 100), className: 'rate' }],
      yMax: 100,
      yFormat: (v) => `${Math.round(v)}%`,
      target: 100,
      area: true,
      emptyText: t('noData'),
    }),
  );
  const minutes = history.throughput;
  $('chart-throughput').replaceChildren(
    barChart({
      label: t('throughput'),
      times: minutes.map((m) => m.minute),
      series: [
        { values: minutes.map((m) => m.accepted), className: 'accepted' },
        { values: minutes.map((m) => m.synced), className: 'synced' },
      ],
      yFormat: (v) => formatNumber(Math.round(v)),
      emptyText: t('noData'),
    }),
  );
  $('chart-lag').replaceChildren(
    lineChart({
      label: t('lag'),
      times,
      series: [
        { values: samples.map((p) => p.backlog), className: 'backlog' },
        { values: samples.map((p) => p.outboxBacklog), className: 'outbox' },
      ],
      yFormat: (v) => formatNumber(Math.round(v)),
      area: true,
      emptyText: t('noData'),
    }),
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

function rateCell(rate) {
  return h(
    'span',
    { class: `rate-cell ${rate >= 1 ? 'good' : rate >= 0.95 ? 'warn' : 'bad'}` },
    h(
      'span',
      { class: 'mini-meter', 'aria-hidden': 'true' },
      h('span', { class: 'fill', dataset: { w: String(Math.round(rate * 100)) } }),
    ),
    formatPercent(rate),
  );
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

/** Widths set through the CSSOM (the page's CSP forbids inline style attributes). */
function fillMeters(root) {
  for (const el of root.querySelectorAll('.fill[data-w]')) el.style.width = `${el.dataset.w}%`;
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
  const { body } = await api(`/v1/indicators?month=${state.month}`);
  state.data.scorecard = body;
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
  $('score-form').elements.month.value = card.month;
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
      h('th', { scope: 'row' }, label(i)),
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
                h('strong', {}, `#${ev.sequence}${ev.hubSequence ? `.${ev.hubSequence}` : ''} ${ev.type}`),
                ev.hubSequence
                  ? h('span', { class: 'pill', title: t('hubOriginatedExplained') }, t('hubOriginated'))
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
