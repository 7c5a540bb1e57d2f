// Small hand-rolled SVG charts: no library, no build step. Each returns an <svg> element.
import { formatClock } from './i18n.js';
const NS = 'http://www.w3.org/2000/svg';
const W = 520;
const H = 240;
const PAD = { top: 12, right: 12, bottom: 26, left: 44 };

function el(name, attrs = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function frame(label) {
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': label,
    class: 'chart',
  });
  svg.append(el('title', {}, label));
  return svg;
}

const innerW = W - PAD.left - PAD.right;
const innerH = H - PAD.top - PAD.bottom;

function axes(svg, yMax, yFormat, xLabels) {
  for (let i = 0; i <= 4; i++) {
    const y = PAD.top + innerH - (innerH * i) / 4;
    svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'grid' }));
    svg.append(
      el(
        'text',
        { x: PAD.left - 6, y: y + 4, class: 'tick', 'text-anchor': 'end' },
        yFormat((yMax * i) / 4),
      ),
    );
  }
  for (const { x, text, anchor } of xLabels) {
    svg.append(el('text', { x, y: H - 8, class: 'tick', 'text-anchor': anchor }, text));
  }
}

function timeLabels(times, xOf) {
  if (times.length === 0) return [];
  const picks = [0, Math.floor((times.length - 1) / 2), times.length - 1];
  const last = times.length - 1;
  // Seconds only when the chart spans a few minutes (otherwise labels would repeat).
  const span = new Date(times[last]).getTime() - new Date(times[0]).getTime();
  const chars = span < 10 * 60_000 ? 8 : 5;
  return [...new Set(picks)].map((i) => ({
    x: xOf(i),
    text: formatClock(times[i], chars === 8),
    // The edge labels stay inside the chart.
    anchor: i === 0 && last > 0 ? 'start' : i === last && last > 0 ? 'end' : 'middle',
  }));
}

/** A round axis maximum (4 ticks of whole numbers), a little above the largest value. */
function niceMax(series) {
  const top = Math.max(4, ...series.flatMap((s) => s.values)) * 1.05;
  const step = 10 ** Math.floor(Math.log10(top / 4));
  return Math.ceil(top / 4 / step) * step * 4;
}

function empty(svg, text) {
  svg.append(el('text', { x: W / 2, y: H / 2, class: 'empty', 'text-anchor': 'middle' }, text));
  return svg;
}

/**
 * Line chart of series over the same time points. `target` draws a dashed reference line;
 * `area` fills under the first series.
 */
export function lineChart({
  label,
  times,
  series,
  yMax,
  yFormat,
  target,
  area = false,
  emptyText,
}) {
  const svg = frame(label);
  if (times.length === 0) return empty(svg, emptyText);
  const max = yMax ?? niceMax(series);
  const xOf = (i) =>
    PAD.left + (times.length === 1 ? innerW / 2 : (innerW * i) / (times.length - 1));
  const yOf = (v) => PAD.top + innerH - (innerH * Math.min(v, max)) / max;
  axes(svg, max, yFormat, timeLabels(times, xOf));
  if (target !== undefined) {
    svg.append(
      el('line', {
        x1: PAD.left,
        x2: W - PAD.right,
        y1: yOf(target),
        y2: yOf(target),
        class: 'target',
      }),
    );
  }
  series.forEach((s, n) => {
    const pts = s.values.map((v, i) => `${xOf(i).toFixed(1)},${yOf(v).toFixed(1)}`);
    if (area && n === 0) {
      const base = PAD.top + innerH;
      svg.append(
        el('path', {
          d: `M${xOf(0)},${base} L${pts.join(' L')} L${xOf(s.values.length - 1)},${base} Z`,
          class: `area ${s.className}`,
        }),
      );
    }
    svg.append(el('polyline', { points: pts.join(' '), class: `line ${s.className}` }));
    const last = s.values.length - 1;
    svg.append(
      el('circle', { cx: xOf(last), cy: yOf(s.values[last]), r: 3.5, class: `dot ${s.className}` }),
    );
  });
  return svg;
}

/** Grouped bars per time slot, one bar per series. */
export function barChart({ label, times, series, yFormat, emptyText }) {
  const svg = frame(label);
  if (times.length === 0) return empty(svg, emptyText);
  const max = niceMax(series);
  const slot = innerW / times.length;
  const barW = Math.max(1, (slot * 0.8) / series.length);
  const xOf = (i) => PAD.left + slot * i + slot / 2;
  axes(svg, max, yFormat, timeLabels(times, xOf));
  series.forEach((s, n) => {
    s.values.forEach((v, i) => {
      const h = (innerH * v) / max;
      svg.append(
        el('rect', {
          x: PAD.left + slot * i + slot * 0.1 + barW * n,
          y: PAD.top + innerH - h,
          width: barW,
          height: h,
          class: `bar ${s.className}`,
        }),
      );
    });
  });
  return svg;
}
