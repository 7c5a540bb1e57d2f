// The console's charts, drawn by uPlot (served by ops from node_modules, see console.controller.ts):
// time on x in Hanoi time whatever the browser's zone, one chart per container, updated in place
// while its shape (series, language, range) stays the same.
import uPlot from './vendor/uPlot.esm.js';
import { HANOI, formatNumber, formatSpan, formatTime, language, t } from './i18n.js';

const locales = { vi: 'vi-VN', en: 'en-GB' };
const HEIGHT = 220;
const INK = '#1b2430';
const MUTED = '#5c6777';
const GRID = '#edf0f5';

export const COLORS = {
  rate: '#1f6feb',
  lowest: '#c62828',
  target: '#1a7f37',
  accepted: '#9ec5fe',
  synced: '#1a7f37',
  backlog: '#e8590c',
  outbox: '#7048e8',
  error: '#c62828',
  waitAvg: '#1f6feb',
  waitMax: '#e8590c',
};

/** Distinct, dark enough on white (≥ 3:1) for the departments' lines; the city is drawn in ink. */
export const PALETTE = [
  '#1f6feb',
  '#e8590c',
  '#7048e8',
  '#1a7f37',
  '#c2255c',
  '#0b7285',
  '#9a6700',
  '#5f3dc4',
  '#d9480f',
  '#2b8a3e',
];

const charts = new WeakMap();

const hanoiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: HANOI,
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(seconds) {
  const out = {};
  for (const p of hanoiParts.formatToParts(new Date(seconds * 1000))) out[p.type] = p.value;
  return out;
}

/**
 * Tick labels in Hanoi time: hours and minutes, with the date (dd/MM) under the first tick of each
 * day once the window spans more than one; only dates when ticks are a day or more apart. The
 * window's caption gives the year.
 */
function timeTicks(spanSeconds) {
  return (u, splits, axisIdx, space, incr) => {
    let lastDay;
    return splits.map((s) => {
      if (s === null) return '';
      const p = parts(s);
      const day = `${p.day}/${p.month}`;
      if (incr >= 86_400) return day;
      const time = `${p.hour}:${p.minute}`;
      const withDay = spanSeconds > 2 * 3600 && day !== lastDay;
      lastDay = day;
      return withDay ? `${time}\n${day}` : time;
    });
  };
}

/** A step of 1, 2 or 5 × 10^n near `raw`. */
function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/**
 * The y range of a sync rate in percent: from a little below the lowest point to just above 100%,
 * and never less than one percentage point wide, so 99.5% sits visibly short of the 100% line
 * instead of merging with it as on a 0–100% axis.
 */
export function rateRange(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  const lowest = finite.length ? Math.min(...finite) : 100;
  const span = Math.max(1, 100 - lowest);
  const step = niceStep(span / 4);
  const lo = Math.max(0, Math.floor((100 - span * 1.15) / step) * step);
  return [lo, 100 + span * 0.06];
}

function percentTicks(range) {
  const span = range[1] - range[0];
  const digits = span <= 2.5 ? 2 : span <= 12 ? 1 : 0;
  const format = new Intl.NumberFormat(locales[language()], {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return (u, splits) => splits.map((v) => `${format.format(v)}%`);
}

const countTicks = (u, splits) => splits.map((v) => (Number.isInteger(v) ? formatNumber(v) : ''));

const secondsTicks = (u, splits) => splits.map((v) => (v === 0 ? '0' : formatSpan(v)));

/**
 * Rows as uPlot columns: x in seconds, and a null where samples are missing for longer than two
 * buckets (ops was down), so the line breaks there instead of drawing a slope across the gap.
 */
export function columns(points, bucketSeconds, getters) {
  const xs = [];
  const ys = getters.map(() => []);
  let last;
  for (const p of points) {
    const x = new Date(p.at).getTime() / 1000;
    if (last !== undefined && x - last > bucketSeconds * 2.5) {
      xs.push(last + bucketSeconds);
      ys.forEach((col) => col.push(null));
    }
    xs.push(x);
    getters.forEach((get, i) => ys[i].push(get(p)));
    last = x;
  }
  return [xs, ...ys];
}

function size(el) {
  return { width: Math.max(240, Math.floor(el.clientWidth)), height: HEIGHT };
}

const AXIS = {
  stroke: MUTED,
  grid: { stroke: GRID, width: 1 },
  ticks: { stroke: GRID, width: 1 },
  font: '11px system-ui, sans-serif',
};

/** The y axis of a chart whose current spec is `holder.spec`: its ticks follow the spec's. */
const yAxis = (holder, incrs) => ({
  ...AXIS,
  values: (u, splits) => holder.spec.yTicks(u, splits),
  incrs,
  size: 62,
});

/** A spec's series as uPlot's: `s` { label, stroke, width, dash, fill, bars, points, format }. */
const seriesOf = (s, points) => ({
  label: s.label,
  stroke: s.stroke,
  width: s.width ?? 2,
  dash: s.dash,
  fill: s.fill,
  paths: s.bars ? uPlot.paths.bars({ size: [s.bars, 60], align: 0 }) : undefined,
  points: { show: s.points ?? points, size: 5, fill: s.stroke },
  spanGaps: false,
  value: (u, v) => (v === null || v === undefined ? '—' : s.format(v)),
});

/**
 * One chart per container: a new `key` (the chart's shape: series, language, range) builds a new
 * chart from `build(holder)` → { opts, data }; the same key only `update`s the one there. The
 * chart follows its container's width.
 */
function mount(el, key, spec, build, update) {
  const existing = charts.get(el);
  if (existing && existing.key === key) {
    existing.spec = spec;
    update(existing);
    return existing.chart;
  }
  existing?.chart.destroy();
  existing?.observer.disconnect();
  const holder = { key, spec };
  const { opts, data } = build(holder);
  const chart = new uPlot(
    { ...size(el), ...opts, legend: { live: true }, cursor: { drag: { x: false, y: false } } },
    data,
    el,
  );
  holder.chart = chart;
  holder.observer = new ResizeObserver(() => {
    const next = size(el);
    if (next.width !== chart.width) chart.setSize(next);
  });
  holder.observer.observe(el);
  charts.set(el, holder);
  return chart;
}

/**
 * Draws (or updates) a time chart in `el`. `spec`: { key, from, to, series, data, yRange, yTicks,
 * yIncrs? }:
 * `series` [{ label, stroke, width, dash, fill, bars, format }], `data` uPlot columns, `yRange`
 * [min, max], `yTicks` the y labels. `key` names the shape: a new key builds a new chart, the
 * same key only swaps the data (and ranges).
 */
export function timeChart(el, spec) {
  const xRange = () => [new Date(spec.from).getTime() / 1000, new Date(spec.to).getTime() / 1000];
  return mount(
    el,
    spec.key,
    spec,
    (holder) => {
      holder.xRange = xRange();
      return {
        data: spec.data,
        opts: {
          tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), HANOI),
          scales: {
            x: { time: true, auto: false, range: () => holder.xRange },
            y: { auto: false, range: () => holder.spec.yRange },
          },
          series: [
            {
              label: t('chartTime'),
              value: (u, v) => (v === null ? '—' : formatTime(new Date(v * 1000))),
            },
            // A line needs two points: with fewer, the one there is drawn as a dot.
            ...spec.series.map((s) => seriesOf(s, spec.data[0].length < 3)),
          ],
          axes: [
            {
              ...AXIS,
              values: timeTicks(holder.xRange[1] - holder.xRange[0]),
              size: 46,
            },
            yAxis(holder, spec.yIncrs),
          ],
        },
      };
    },
    (holder) => {
      holder.xRange = xRange();
      holder.chart.setData(spec.data);
    },
  );
}

/** A y range from 0 to a round value above the highest. */
export function fromZero(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  const top = finite.length ? Math.max(...finite) : 0;
  if (top <= 0) return [0, 4];
  const step = niceStep(top / 4);
  return [0, Math.ceil((top * 1.08) / step) * step];
}

export const ticks = {
  percent: percentTicks,
  count: () => countTicks,
  seconds: () => secondsTicks,
};

export { INK };

/** Steps for a y axis of durations: whole seconds, minutes, hours. */
export const SECONDS_INCRS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400,
];

/**
 * Draws (or updates) a chart of whole months in `el` (the scorecard's trend): x is the months in
 * order, labelled MM/YYYY. `spec`: { key, months, series, data, yRange, yTicks } as timeChart's,
 * `data` one array of values per series.
 */
export function monthChart(el, spec) {
  const columnsOf = (sp) => [sp.months.map((_, i) => i), ...sp.data];
  return mount(
    el,
    spec.key,
    spec,
    (holder) => {
      const monthLabel = (i) => {
        const month = holder.spec.months[Math.round(i)];
        return month ? `${month.slice(5)}/${month.slice(0, 4)}` : '';
      };
      return {
        data: columnsOf(spec),
        opts: {
          scales: {
            x: { time: false, auto: false, range: () => [-0.3, holder.spec.months.length - 0.7] },
            y: { auto: false, range: () => holder.spec.yRange },
          },
          series: [
            { label: t('month'), value: (u, v) => (v === null ? '—' : monthLabel(v)) },
            ...spec.series.map((s) => seriesOf(s, true)),
          ],
          axes: [
            {
              ...AXIS,
              splits: () => holder.spec.months.map((_, i) => i),
              values: (u, splits) => splits.map(monthLabel),
              size: 36,
            },
            yAxis(holder),
          ],
        },
      };
    },
    (holder) => holder.chart.setData(columnsOf(holder.spec)),
  );
}
