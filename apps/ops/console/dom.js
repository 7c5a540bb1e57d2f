// Small DOM helpers shared by the console's modules.
import { formatPercent } from './i18n.js';

export const $ = (id) => document.getElementById(id);

/** An element with attributes (on* are listeners, dataset is data-*) and children. */
export function h(tag, attrs = {}, ...children) {
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

/** A rate with a small meter, green at 100%, amber from 95%, red below. */
export function rateCell(rate) {
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

/** Widths set through the CSSOM (the page's CSP forbids inline style attributes). */
export function fillMeters(root) {
  for (const el of root.querySelectorAll('[data-w]')) el.style.width = `${el.dataset.w}%`;
  for (const el of root.querySelectorAll('[data-left]')) el.style.left = `${el.dataset.left}%`;
}

/** A plain table: `columns` [{ label, numeric, render(row) }], the first column heads its row. */
export function simpleTable(table, columns, rows, emptyText, rowAttrs = () => ({})) {
  const head = h(
    'tr',
    {},
    columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label)),
  );
  const body = rows.length
    ? rows.map((r) =>
        h(
          'tr',
          rowAttrs(r),
          columns.map((c, i) =>
            h(
              i === 0 ? 'th' : 'td',
              {
                scope: i === 0 ? 'row' : undefined,
                class: [c.numeric ? 'num' : '', c.cellClass ?? ''].join(' ').trim() || undefined,
                dataset: c.key ? { col: c.key } : undefined,
              },
              c.render(r),
            ),
          ),
        ),
      )
    : [h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, emptyText))];
  table.replaceChildren(h('thead', {}, head), h('tbody', {}, body));
  fillMeters(table);
}
