// The console's views over time (overview charts, national systems, department trends) and its
// list views (reconciliations, once-only reuse, webhooks). Each render takes the API's answer.
import {
  COLORS,
  INK,
  PALETTE,
  SECONDS_INCRS,
  columns,
  fromZero,
  rateRange,
  ticks,
  timeChart,
} from './charts.js';
import { $, fillMeters, h, rateCell, simpleTable } from './dom.js';
import {
  formatDuration,
  formatNumber,
  formatPercent,
  formatSpan,
  formatTime,
  language,
  t,
} from './i18n.js';

export const RANGES = ['1h', '24h', '7d', '30d'];

const pct = (ratio) => formatPercent(ratio);

// ---------- range control and window ----------

/** The 1 h / 24 h / 7 d / 30 d choice, in every chart view; the pick goes into the URL. */
export function renderRangeControls(current, pick) {
  for (const root of document.querySelectorAll('[data-range-control]')) {
    root.replaceChildren(
      h(
        'div',
        { role: 'group', class: 'segmented', 'aria-label': t('rangeLabel') },
        RANGES.map((r) =>
          h(
            'button',
            {
              type: 'button',
              class: r === current ? 'active' : undefined,
              'aria-pressed': r === current ? 'true' : 'false',
              dataset: { range: r },
              onclick: () => pick(r),
            },
            t(`range_${r}`),
          ),
        ),
      ),
    );
  }
}

/** The window in Hanoi time with its dates and year, and what one point of the charts is. */
function windowNote(view, series, pointSeconds, kind) {
  const note = document.querySelector(`[data-view="${view}"] [data-window-note]`);
  if (!note) return;
  const points = { raw: 'pointsRaw', bucket: 'pointsBucket', each: 'pointsEach' }[kind];
  note.textContent = t('windowNote', {
    from: formatTime(series.from),
    to: formatTime(series.to),
    points: t(points, { span: formatSpan(pointSeconds) }),
  });
}

function lowestPoint(points, get) {
  let low;
  for (const p of points) if (!low || get(p) < get(low)) low = p;
  return low;
}

/** The chart's facts for tests and assistive tech: a canvas says nothing by itself. */
function describe(el, label, facts) {
  el.setAttribute('aria-label', label);
  for (const [k, v] of Object.entries(facts)) el.dataset[k] = String(v);
}

// ---------- overview charts ----------

export function renderOverviewCharts(sr) {
  const raw = sr.bucketSeconds <= sr.sampleSeconds;
  windowNote('overview', sr, sr.bucketSeconds, raw ? 'raw' : 'bucket');
  const points = sr.points;
  const lang = language();

  const rateSeries = [
    {
      label: raw ? t('syncRate') : t('rateAverage'),
      stroke: COLORS.rate,
      width: 2,
      fill: 'rgba(31, 111, 235, 0.08)',
      format: (v) => `${v.toFixed(2)}%`,
    },
    ...(raw
      ? []
      : [
          {
            label: t('rateLowest'),
            stroke: COLORS.lowest,
            width: 1.5,
            format: (v) => `${v.toFixed(2)}%`,
          },
        ]),
    {
      label: t('targetLine'),
      stroke: COLORS.target,
      width: 1.5,
      dash: [6, 4],
      format: (v) => `${v}%`,
    },
  ];
  const getters = [
    (p) => p.syncRate * 100,
    ...(raw ? [] : [(p) => p.minSyncRate * 100]),
    () => 100,
  ];
  const yRange = rateRange(points.map((p) => p.minSyncRate * 100));
  const rateEl = $('chart-rate');
  timeChart(rateEl, {
    key: `rate:${sr.range}:${raw}:${lang}`,
    from: sr.from,
    to: sr.to,
    series: rateSeries,
    data: columns(points, sr.bucketSeconds, getters),
    yRange,
    yTicks: ticks.percent(yRange),
  });
  const low = lowestPoint(points, (p) => p.minSyncRate);
  describe(
    rateEl,
    `${t('rateOverTime')}. ${t('rateChartLabel', { lo: `${yRange[0].toFixed(2)}%`, hi: `${yRange[1].toFixed(2)}%` })}`,
    {
      yMin: yRange[0],
      yMax: yRange[1],
      lowest: low ? low.minSyncRate : 1,
      points: points.length,
      bucketSeconds: sr.bucketSeconds,
      range: sr.range,
    },
  );
  $('chart-rate-note').textContent = !low
    ? t('noData')
    : low.minSyncRate >= 1
      ? t('rateNoteFull')
      : t('rateNote', { rate: pct(low.minSyncRate), at: formatTime(low.at) });

  const bars = sr.throughput;
  const countRange = fromZero(bars.flatMap((b) => [b.accepted, b.synced]));
  const throughputEl = $('chart-throughput');
  timeChart(throughputEl, {
    key: `throughput:${sr.range}:${lang}`,
    from: sr.from,
    to: sr.to,
    series: [
      {
        label: t('accepted'),
        stroke: COLORS.accepted,
        fill: COLORS.accepted,
        width: 0,
        bars: 0.8,
        format: formatNumber,
      },
      {
        label: t('synced'),
        stroke: COLORS.synced,
        fill: COLORS.synced,
        width: 0,
        bars: 0.4,
        format: formatNumber,
      },
    ],
    data: columns(bars, sr.throughputBucketSeconds, [(b) => b.accepted, (b) => b.synced]),
    yRange: countRange,
    yTicks: ticks.count(),
  });
  describe(throughputEl, t('throughput'), { points: bars.length });
  const sum = (k) => bars.reduce((n, b) => n + b[k], 0);
  $('chart-throughput-note').textContent = t('throughputNote', {
    accepted: formatNumber(sum('accepted')),
    synced: formatNumber(sum('synced')),
    span: formatSpan(sr.throughputBucketSeconds),
  });

  const lagRange = fromZero(points.flatMap((p) => [p.backlog, p.outboxBacklog]));
  const lagEl = $('chart-lag');
  timeChart(lagEl, {
    key: `lag:${sr.range}:${lang}`,
    from: sr.from,
    to: sr.to,
    series: [
      {
        label: t('backlog'),
        stroke: COLORS.backlog,
        fill: 'rgba(232, 89, 12, 0.1)',
        format: formatNumber,
      },
      { label: t('outbox'), stroke: COLORS.outbox, format: formatNumber },
    ],
    data: columns(points, sr.bucketSeconds, [(p) => p.backlog, (p) => p.outboxBacklog]),
    yRange: lagRange,
    yTicks: ticks.count(),
  });
  describe(lagEl, t('lag'), { points: points.length });
  $('chart-lag-note').textContent = t('lagNote', {
    backlog: formatNumber(Math.max(0, ...points.map((p) => p.backlog))),
    outbox: formatNumber(Math.max(0, ...points.map((p) => p.outboxBacklog))),
  });
}

// ---------- national systems ----------

const adapterName = (adapter) =>
  t(`adapter_${adapter}`) === `adapter_${adapter}` ? adapter : t(`adapter_${adapter}`);

function intervalText(i, now) {
  const end = i.to ? new Date(i.to) : now;
  const duration = formatDuration((end.getTime() - new Date(i.from).getTime()) / 1000);
  return i.to
    ? t('intervalClosed', {
        state: t(`breaker_${i.state}`),
        from: formatTime(i.from),
        to: formatTime(i.to),
        duration,
      })
    : t('intervalOngoing', { state: t(`breaker_${i.state}`), from: formatTime(i.from), duration });
}

/** A strip across the window, one coloured segment per state, widths in % of the window. */
function stateStrip(a, from, to) {
  const start = new Date(from).getTime();
  const span = new Date(to).getTime() - start;
  const segments = a.intervals.map((i) => {
    const left = Math.max(0, (new Date(i.from).getTime() - start) / span) * 100;
    const right = Math.min(1, ((i.to ? new Date(i.to).getTime() : start + span) - start) / span);
    const width = Math.max(0.4, right * 100 - left);
    return h('span', {
      class: `segment ${i.state}`,
      title: intervalText(i, new Date(to)),
      dataset: { left: left.toFixed(3), w: width.toFixed(3), state: i.state },
    });
  });
  return h(
    'div',
    {
      class: 'strip',
      role: 'img',
      'aria-label': `${t('stateOverTime')}: ${adapterName(a.adapter)}`,
    },
    segments,
  );
}

/** A call's time: milliseconds under a second, else seconds with one decimal. */
const formatLatency = (seconds) =>
  seconds < 1
    ? `${formatNumber(Math.round(seconds * 1000))} ms`
    : `${formatNumber(Math.round(seconds * 10) / 10)} ${language() === 'vi' ? 'giây' : 's'}`;

function highestPoint(points, get) {
  let high;
  for (const p of points) if (!high || get(p) > get(high)) high = p;
  return high;
}

/**
 * Each adapter's chart boxes, kept across refreshes (the list is rebuilt, the charts are only
 * moved into the new item) so uPlot updates them in place instead of drawing new ones.
 */
const callBoxes = new Map();

function callBox(adapter) {
  let box = callBoxes.get(adapter);
  if (!box) {
    const errors = h('div', {
      id: `chart-calls-errors-${adapter}`,
      class: 'chart-box',
      role: 'img',
    });
    const latency = h('div', {
      id: `chart-calls-latency-${adapter}`,
      class: 'chart-box',
      role: 'img',
    });
    const errorsTitle = h('h3');
    const latencyTitle = h('h3');
    const note = h('p', { class: 'chart-note', id: `chart-calls-note-${adapter}` });
    const charts = h(
      'div',
      { class: 'charts' },
      h('div', {}, errorsTitle, errors),
      h('div', {}, latencyTitle, latency),
    );
    const root = h('div', { class: 'national-calls' }, charts, note);
    box = { root, charts, errors, latency, errorsTitle, latencyTitle, note };
    callBoxes.set(adapter, box);
  }
  return box;
}

/** Bars of `points`' error rate (a share, 0..1 or null) over the range, 0–5% at the least. */
function errorRateChart(el, key, history, points) {
  const range = fromZero(points.map((p) => (p.errorRate ?? 0) * 100));
  range[1] = Math.min(100, Math.max(range[1], 5));
  timeChart(el, {
    key,
    from: history.from,
    to: history.to,
    series: [
      {
        label: t('errorRate'),
        stroke: COLORS.error,
        fill: 'rgba(198, 40, 40, 0.6)',
        width: 0,
        bars: 0.8,
        format: (v) => `${v.toFixed(1)}%`,
      },
    ],
    data: columns(points, history.bucketSeconds, [
      (p) => (p.errorRate === null ? null : p.errorRate * 100),
    ]),
    yRange: range,
    yTicks: ticks.percent(range),
  });
}

/** One adapter's error rate and average call time over the range, and their extremes in words. */
function callCharts(a, history, lang, item) {
  const box = callBox(a.adapter);
  const name = adapterName(a.adapter);
  box.errorsTitle.textContent = t('callErrorRate');
  box.latencyTitle.textContent = t('callLatency');
  const points = a.calls;
  // An adapter no process called in the range (a registry on a quiet day) is one line, not two
  // empty charts.
  box.charts.hidden = points.length === 0;
  // Attached before drawing: uPlot sizes the chart from its box.
  item.append(box.root);
  errorRateChart(box.errors, `calls-errors:${history.range}:${lang}`, history, points);
  const latencyRange = fromZero(points.map((p) => p.avgSeconds ?? 0));
  timeChart(box.latency, {
    key: `calls-latency:${history.range}:${lang}`,
    from: history.from,
    to: history.to,
    // Buckets whose calls were all refused by the open breaker have no time: dots, not a line.
    series: [{ label: t('waitAvg'), stroke: COLORS.waitAvg, format: formatLatency, points: true }],
    data: columns(points, history.bucketSeconds, [(p) => p.avgSeconds]),
    yRange: latencyRange,
    yTicks: (u, splits) => splits.map((v) => (v === 0 ? '0' : formatLatency(v))),
  });

  const calls = points.reduce((n, p) => n + p.calls, 0);
  const failures = points.reduce((n, p) => n + p.failures, 0);
  const rated = points.filter((p) => p.errorRate !== null);
  const timed = points.filter((p) => p.avgSeconds !== null);
  const worst = highestPoint(rated, (p) => p.errorRate);
  const best = lowestPoint(rated, (p) => p.errorRate);
  const slow = highestPoint(timed, (p) => p.avgSeconds);
  const fast = lowestPoint(timed, (p) => p.avgSeconds);
  describe(box.errors, `${t('callErrorRate')}: ${name}`, {
    calls,
    failures,
    highest: worst ? worst.errorRate : '',
  });
  describe(box.latency, `${t('callLatency')}: ${name}`, {
    slowest: slow ? slow.avgSeconds : '',
    fastest: fast ? fast.avgSeconds : '',
  });
  const parts = [];
  if (calls === 0) parts.push(t('callsNone'));
  else {
    parts.push(t('callsTotals', { failures: formatNumber(failures), calls: formatNumber(calls) }));
    parts.push(
      failures === 0
        ? t('callsNoErrors')
        : t('callsErrorPeak', {
            rate: pct(worst.errorRate),
            at: formatTime(worst.at),
            low: pct(best.errorRate),
            lowAt: formatTime(best.at),
          }),
    );
    if (slow)
      parts.push(
        t('callsLatency', {
          slow: formatLatency(slow.avgSeconds),
          slowAt: formatTime(slow.at),
          fast: formatLatency(fast.avgSeconds),
          fastAt: formatTime(fast.at),
        }),
      );
  }
  box.note.textContent = parts.join(' ');
}

export function renderNational(history) {
  windowNote('national', history, history.bucketSeconds, 'each');
  const now = new Date(history.to);
  const list = $('national-list');
  // The portal first: the 100% target hangs on it; then the registries by name.
  const adapters = [...history.adapters].sort(
    (a, b) =>
      (b.adapter === 'portal') - (a.adapter === 'portal') || a.adapter.localeCompare(b.adapter),
  );
  list.replaceChildren(
    ...adapters.map((a) => {
      const changes = a.intervals.slice().reverse().slice(0, 12);
      return h(
        'li',
        { class: `national ${a.state}`, dataset: { adapter: a.adapter } },
        h(
          'div',
          { class: 'national-head' },
          h('strong', {}, adapterName(a.adapter)),
          h('span', { class: `pill breaker-${a.state}` }, t(`breaker_${a.state}`)),
        ),
        stateStrip(a, history.from, history.to),
        h('p', { class: 'visually-hidden' }, t('stateChanges')),
        changes.length
          ? h(
              'ul',
              { class: 'changes', 'aria-label': `${t('stateChanges')}: ${adapterName(a.adapter)}` },
              changes.map((i) =>
                h(
                  'li',
                  { class: `change ${i.state}`, dataset: { state: i.state } },
                  h('span', { class: `dot ${i.state}`, 'aria-hidden': 'true' }),
                  intervalText(i, now),
                ),
              ),
            )
          : h('p', { class: 'muted' }, t('noStateRecorded')),
      );
    }),
  );
  fillMeters(list);
  const lang = language();
  for (const a of adapters) {
    const item = list.querySelector(`li.national[data-adapter="${CSS.escape(a.adapter)}"]`);
    if (item) callCharts(a, history, lang, item);
  }

  const portal = history.portal;
  const errorEl = $('chart-portal-errors');
  errorRateChart(errorEl, `errors:${history.range}:${lang}`, history, portal);
  const attempts = portal.reduce((n, p) => n + p.attempts, 0);
  const failed = portal.reduce((n, p) => n + p.failed, 0);
  describe(errorEl, t('portalErrorRate'), { attempts, failed });
  $('chart-portal-errors-note').textContent = t('errorsNote', {
    failed: formatNumber(failed),
    attempts: formatNumber(attempts),
  });

  const waitEl = $('chart-portal-wait');
  const waitRange = fromZero(portal.map((p) => p.waitMaxSeconds ?? 0));
  timeChart(waitEl, {
    key: `wait:${history.range}:${lang}`,
    from: history.from,
    to: history.to,
    series: [
      // Only samples in which events were acknowledged have a wait: dots, not a broken line.
      { label: t('waitAvg'), stroke: COLORS.waitAvg, format: formatDuration, points: true },
      {
        label: t('waitMax'),
        stroke: COLORS.waitMax,
        dash: [4, 3],
        format: formatDuration,
        points: true,
      },
    ],
    data: columns(portal, history.bucketSeconds, [
      (p) => p.waitAvgSeconds,
      (p) => p.waitMaxSeconds,
    ]),
    yRange: waitRange,
    yTicks: ticks.seconds(),
    yIncrs: SECONDS_INCRS,
  });
  const longest = Math.max(0, ...portal.map((p) => p.waitMaxSeconds ?? 0));
  describe(waitEl, t('portalWait'), { longest });
  $('chart-portal-wait-note').textContent = t('waitNote', { max: formatDuration(longest) });
}

// ---------- department trends ----------

export function renderTrend(trend) {
  windowNote('departments', trend, trend.bucketSeconds, 'each');
  const lines = [
    { name: t('cityTotal'), points: trend.city, city: true },
    ...trend.departments.map((d) => ({ name: d.department, points: d.points })),
  ];
  const xs = [...new Set(lines.flatMap((l) => l.points.map((p) => p.at)))].sort();
  const data = [
    xs.map((at) => new Date(at).getTime() / 1000),
    ...lines.map((l) => {
      const byAt = new Map(l.points.map((p) => [p.at, p.syncRate * 100]));
      return xs.map((at) => byAt.get(at) ?? null);
    }),
  ];
  const yRange = rateRange(lines.flatMap((l) => l.points.map((p) => p.syncRate * 100)));
  const el = $('chart-departments');
  timeChart(el, {
    key: `trend:${trend.range}:${lines.map((l) => l.name).join(',')}:${language()}`,
    from: trend.from,
    to: trend.to,
    series: lines.map((l, i) => ({
      label: l.name,
      stroke: l.city ? INK : PALETTE[(i - 1) % PALETTE.length],
      width: l.city ? 3 : 1.5,
      format: (v) => `${v.toFixed(2)}%`,
    })),
    data,
    yRange,
    yTicks: ticks.percent(yRange),
  });
  describe(el, t('departmentTrend'), { yMin: yRange[0], yMax: yRange[1], lines: lines.length });
  $('chart-departments-note').textContent = t('departmentsNote', {
    span: formatSpan(trend.bucketSeconds),
  });

  const rows = lines.map((l) => {
    const last = l.points[l.points.length - 1];
    return {
      name: l.name,
      city: l.city,
      now: last ? last.syncRate : null,
      lowest: l.points.length ? Math.min(...l.points.map((p) => p.minSyncRate)) : null,
      backlog: l.points.length ? Math.max(...l.points.map((p) => p.backlog)) : null,
    };
  });
  simpleTable(
    $('trend-table'),
    [
      { label: t('department'), render: (r) => (r.city ? h('strong', {}, r.name) : r.name) },
      {
        label: t('rateNow'),
        numeric: true,
        render: (r) => (r.now === null ? t('none') : rateCell(r.now)),
      },
      {
        label: t('lowestInRange'),
        numeric: true,
        key: 'lowest',
        render: (r) => (r.lowest === null ? t('none') : rateCell(r.lowest)),
      },
      {
        label: t('highestBacklog'),
        numeric: true,
        render: (r) => (r.backlog === null ? t('none') : formatNumber(r.backlog)),
      },
    ],
    rows,
    t('noData'),
    (r) => ({ class: r.city ? 'total-row' : undefined }),
  );
}

// ---------- reconciliations ----------

const counted = (n) => formatNumber(n);

export function renderReconciliations(runs, selectedId) {
  simpleTable(
    $('recon-table'),
    [
      {
        label: t('requestedAt'),
        cellClass: 'when',
        render: (r) =>
          h(
            'span',
            {},
            formatTime(r.requestedAt),
            r.finishedAt
              ? h('small', { class: 'muted' }, t('finishedAt', { at: formatTime(r.finishedAt) }))
              : undefined,
          ),
      },
      {
        label: t('trigger'),
        render: (r) =>
          h(
            'span',
            {},
            t(`trigger_${r.trigger}`),
            r.requestedBy
              ? h('small', { class: 'muted' }, t('requestedBy', { name: r.requestedBy }))
              : undefined,
          ),
      },
      {
        label: t('reconWindow'),
        cellClass: 'window-col',
        render: (r) =>
          h('span', {}, formatTime(r.windowFrom), h('br'), `– ${formatTime(r.windowTo)}`),
      },
      {
        label: t('status'),
        key: 'state',
        render: (r) =>
          h(
            'span',
            {},
            h('span', { class: `pill run-${r.state}` }, t(`run_${r.state}`)),
            r.error ? h('small', { class: 'run-error' }, r.error) : undefined,
          ),
      },
      { label: t('checked'), numeric: true, key: 'checked', render: (r) => counted(r.checked) },
      { label: t('matching'), numeric: true, render: (r) => counted(r.matching) },
      {
        label: t('repaired'),
        numeric: true,
        key: 'repaired',
        render: (r) => counted(r.repaired),
      },
      {
        label: t('stillFailing'),
        numeric: true,
        render: (r) =>
          h('span', { class: r.stillFailing > 0 ? 'short' : undefined }, counted(r.stillFailing)),
      },
      { label: t('skipped'), numeric: true, render: (r) => counted(r.skipped) },
      {
        label: t('actions'),
        render: (r) =>
          h(
            'a',
            {
              class: 'button ghost small',
              href: `#/reconciliations/${r.id}`,
              'aria-label': t('openRun', { id: r.id }),
            },
            t('details'),
          ),
      },
    ],
    runs,
    t('noReconciliations'),
    (r) => ({
      dataset: { runId: r.id },
      class: r.id === selectedId ? 'selected' : undefined,
      'aria-current': r.id === selectedId ? 'true' : undefined,
    }),
  );
}

export function renderRun(run) {
  const section = $('recon-detail');
  section.hidden = !run;
  if (!run) return;
  $('recon-detail-title').textContent = t('runTitle', { id: run.id });
  $('recon-detail-summary').textContent = [
    t('runSummary', {
      state: t(`run_${run.state}`),
      from: formatTime(run.windowFrom),
      to: formatTime(run.windowTo),
      runBy: run.runBy ?? t('none'),
    }),
    run.error ? t('runError', { error: run.error }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  simpleTable(
    $('recon-detail-table'),
    [
      { label: t('caseCode'), render: (d) => d.caseCode },
      { label: t('department'), render: (d) => d.department },
      {
        label: t('result'),
        render: (d) => h('span', { class: `pill result-${d.result}` }, t(`result_${d.result}`)),
      },
      {
        label: t('differences'),
        cellClass: 'differences',
        render: (d) =>
          d.differences.length
            ? h(
                'ul',
                { class: 'plain' },
                d.differences.map((x) =>
                  h('li', {}, h('code', {}, x.field), ` ${x.hub ?? '∅'} → ${x.portal ?? '∅'}`),
                ),
              )
            : t('none'),
      },
      {
        label: t('resent'),
        render: (d) => (d.resent ? `#${d.resent.fromSequence}–#${d.resent.toSequence}` : t('none')),
      },
      { label: t('whyNote'), render: (d) => d.reason ?? t('none') },
    ],
    run.details ?? [],
    t('noDossiers'),
  );
}

// ---------- once-only reuse ----------

const ratio = (n, d) => (d > 0 ? n / d : null);

function cityReuse(departments) {
  const sum = (k) => departments.reduce((n, d) => n + d[k], 0);
  const total = {
    department: t('cityTotal'),
    city: true,
    cases: sum('cases'),
    casesVerified: sum('casesVerified'),
    fieldsDeclared: sum('fieldsDeclared'),
    fieldsMatched: sum('fieldsMatched'),
    documents: sum('documents'),
    documentsReused: sum('documentsReused'),
    documentsReusedFromRegisteredResults: sum('documentsReusedFromRegisteredResults'),
    documentsAskedAgain: sum('documentsAskedAgain'),
    fieldsAskedAgain: sum('fieldsAskedAgain'),
    casesAskedAgain: sum('casesAskedAgain'),
  };
  // The departments' match rates count only verified cases' fields, a denominator the API does not
  // give: the city's cannot be summed from them, so it is not shown.
  total.fieldMatchRate = null;
  total.documentReuseRate = ratio(total.documentsReused, total.documents);
  return total;
}

const share = (rate, n, d) =>
  rate === null
    ? t('none')
    : h(
        'span',
        {},
        h('strong', {}, pct(rate)),
        h('small', {}, ` ${formatNumber(n)}/${formatNumber(d)}`),
      );

export function renderReuse(kpis) {
  // Only when the month shown changes: a refresh must not undo a month the operator is typing.
  const input = $('reuse-form').elements.month;
  if (input.dataset.shown !== kpis.month) {
    input.value = kpis.month;
    input.dataset.shown = kpis.month;
  }
  $('reuse-asof').textContent = t('figuresAsOf', { at: formatTime(kpis.generatedAt) });
  const rows = kpis.departments.length ? [cityReuse(kpis.departments), ...kpis.departments] : [];
  simpleTable(
    $('reuse-table'),
    [
      {
        label: t('department'),
        render: (r) => (r.city ? h('strong', {}, r.department) : r.department),
      },
      { label: t('cases'), numeric: true, key: 'cases', render: (r) => formatNumber(r.cases) },
      { label: t('casesVerified'), numeric: true, render: (r) => formatNumber(r.casesVerified) },
      {
        label: t('fieldMatchRate'),
        numeric: true,
        render: (r) => (r.fieldMatchRate === null ? t('none') : pct(r.fieldMatchRate)),
      },
      {
        label: t('documentReuseRate'),
        numeric: true,
        render: (r) => share(r.documentReuseRate, r.documentsReused, r.documents),
      },
      {
        label: t('fromRegisteredResults'),
        numeric: true,
        render: (r) => formatNumber(r.documentsReusedFromRegisteredResults),
      },
      {
        label: t('documentsAskedAgain'),
        numeric: true,
        render: (r) => askedAgain(r.documentsAskedAgain),
      },
      {
        label: t('fieldsAskedAgain'),
        numeric: true,
        render: (r) => askedAgain(r.fieldsAskedAgain),
      },
      { label: t('casesAskedAgain'), numeric: true, render: (r) => askedAgain(r.casesAskedAgain) },
    ],
    rows,
    t('noReuse'),
    (r) => ({ class: r.city ? 'total-row' : undefined }),
  );
}

const askedAgain = (n) => h('span', { class: n > 0 ? 'short' : 'muted' }, formatNumber(n));

// ---------- webhooks ----------

export function renderWebhooks(items) {
  simpleTable(
    $('webhooks-table'),
    [
      {
        label: t('subscription'),
        cellClass: 'sub-col',
        render: (s) =>
          h(
            'span',
            { class: 'sub-name' },
            s.description ? h('span', {}, s.description) : undefined,
            h('code', { class: 'sub-id' }, s.id),
            h(
              'small',
              { class: 'muted' },
              `${t('targetHost')}: `,
              h('code', {}, s.targetHost ?? t('none')),
            ),
          ),
      },
      {
        label: t('status'),
        key: 'state',
        render: (s) =>
          h(
            'span',
            {},
            h('span', { class: `pill sub-${s.state}` }, t(`subState_${s.state}`)),
            s.failingSince
              ? h(
                  'small',
                  { class: 'failing' },
                  t('failingSince', { at: formatTime(s.failingSince) }),
                )
              : undefined,
            s.pausedReason ? h('small', { class: 'muted' }, s.pausedReason) : undefined,
          ),
      },
      {
        label: t('receives'),
        cellClass: 'receives',
        render: (s) =>
          `${s.eventTypes.length ? s.eventTypes.join(', ') : t('allEventTypes')} · ${
            s.departments.length ? s.departments.join(', ') : t('allDepartments')
          }`,
      },
      {
        label: t('pendingDeliveries'),
        numeric: true,
        key: 'pending',
        render: (s) =>
          h('span', { dataset: { value: String(s.pending) } }, formatNumber(s.pending)),
      },
      {
        label: t('failingDeliveries'),
        numeric: true,
        key: 'failing',
        render: (s) =>
          h('span', { class: s.failing > 0 ? 'short' : 'muted' }, formatNumber(s.failing)),
      },
      {
        label: t('oldestPending'),
        numeric: true,
        cellClass: 'nowrap',
        render: (s) =>
          s.oldestPendingSeconds === null ? t('none') : formatDuration(s.oldestPendingSeconds),
      },
      {
        label: t('delivered24h'),
        numeric: true,
        render: (s) =>
          h(
            'span',
            {},
            formatNumber(s.deliveredLast24h),
            h(
              'small',
              { class: 'muted' },
              s.lastDeliveredAt
                ? t('lastDelivered', { at: formatTime(s.lastDeliveredAt) })
                : t('never'),
            ),
          ),
      },
      {
        label: t('lastError'),
        cellClass: 'reason',
        render: (s) =>
          s.lastError
            ? h(
                'span',
                {},
                s.lastStatus ? h('code', {}, String(s.lastStatus)) : undefined,
                h('span', {}, s.lastError),
                s.lastAttemptAt
                  ? h('small', { class: 'muted' }, formatTime(s.lastAttemptAt))
                  : undefined,
              )
            : t('none'),
      },
    ],
    items,
    t('noWebhooks'),
    (s) => ({ dataset: { subscription: s.id } }),
  );
}
