import { hanoiWallClock } from './hanoi-time';
import type { Indicator, MonthScorecard, ScopeScorecard } from './indicator-formulas';

/*
 * A month's scorecard as CSV and as a printable HTML page: the API's JSON, the downloads and the
 * monthly report all render the same MonthScorecard, so their numbers cannot differ.
 */

type Cell = string | number | boolean | null;

const csvCell = (v: Cell): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const CSV_HEADER = [
  'month',
  'department',
  'key',
  'labelVi',
  'labelEn',
  'numerator',
  'denominator',
  'value',
  'target',
  'met',
  'scope',
  'procedureCode',
  'procedureName',
  'measure',
  'direction',
  'targetBy',
  'plan',
];

const round6 = (n: number | null): number | null => (n === null ? null : Number(n.toFixed(6)));

/**
 * RFC 4180 CSV, CRLF: one row per scope and indicator — departments (scope `department`), then
 * procedures (`procedure`), then the total (`total`). Numbers to 6 decimals; empty cells for null.
 */
export function scorecardCsv(scorecard: MonthScorecard): string {
  const rows: Cell[][] = [];
  const add = (
    scope: 'department' | 'procedure' | 'total',
    s: ScopeScorecard,
    department: string | null,
    procedure: { code: string; name: string | null } | null,
  ) => {
    for (const i of s.indicators) {
      rows.push([
        scorecard.month,
        department,
        i.key,
        i.labelVi,
        i.labelEn,
        round6(i.numerator),
        round6(i.denominator),
        round6(i.value),
        i.target,
        i.met,
        scope,
        procedure?.code ?? null,
        procedure?.name ?? null,
        i.measure,
        i.direction,
        i.targetBy,
        i.plan,
      ]);
    }
  };
  for (const d of scorecard.departments) add('department', d, d.department, null);
  for (const p of scorecard.procedures) {
    add('procedure', p, null, { code: p.procedureCode, name: p.procedureName });
  }
  add('total', scorecard.total, null, null);
  return [CSV_HEADER, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** dd/MM/yyyy HH:mm in Hanoi time (UTC+7, no daylight saving). */
export function hanoiDateTime(at: string | Date): string {
  const t = hanoiWallClock(at).toISOString();
  return `${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)} ${t.slice(11, 16)}`;
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

function formatValue(i: Indicator): string {
  if (i.value === null) return '—';
  return i.measure === 'share' ? pct(i.value) : `${i.value.toFixed(2)}×`;
}

function formatTarget(i: Indicator): string {
  if (i.target === null) return '—';
  const sign = i.direction === 'at_least' ? '≥' : '≤';
  const value = i.measure === 'share' ? pct(i.target) : `${i.target.toFixed(2)}×`;
  const by = i.targetBy ? ` (${i.targetBy.split('-').reverse().join('/')})` : '';
  return `${sign} ${value}${by}`;
}

function formatCounts(i: Indicator): string {
  if (i.measure === 'ratio') {
    return i.value === null ? '' : `${i.numerator.toFixed(1)} h / ${i.denominator.toFixed(1)} h`;
  }
  return `${i.numerator}/${i.denominator}`;
}

const metClass = (i: Indicator): string => (i.met === null ? 'none' : i.met ? 'met' : 'missed');

function valueCell(i: Indicator | undefined): string {
  if (!i) return '<td class="none">—</td>';
  return `<td class="${metClass(i)}"><b>${escapeHtml(formatValue(i))}</b><small>${escapeHtml(formatCounts(i))}</small></td>`;
}

/** Indicators as rows, scopes as columns (at most 6 per table so a page holds it). */
function matrix(title: string, scopes: { head: string; s: ScopeScorecard }[]): string {
  if (scopes.length === 0) return '';
  const chunks: (typeof scopes)[] = [];
  for (let i = 0; i < scopes.length; i += 6) chunks.push(scopes.slice(i, i + 6));
  const tables = chunks.map((chunk) => {
    const keys = chunk[0].s.indicators.map((i) => i);
    const head = chunk.map((c) => `<th scope="col">${c.head}</th>`).join('');
    const body = keys
      .map(
        (k) =>
          `<tr><th scope="row">${escapeHtml(k.labelVi)}<small>${escapeHtml(k.labelEn)}</small></th><td class="target">${escapeHtml(formatTarget(k))}</td>${chunk
            .map((c) => valueCell(c.s.indicators.find((i) => i.key === k.key)))
            .join('')}</tr>`,
      )
      .join('');
    return `<table class="matrix"><thead><tr><th scope="col">Chỉ số / Indicator</th><th scope="col">Mục tiêu / Target</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
  });
  return `<section><h2>${title}</h2>${tables.join('')}</section>`;
}

/** A printable page (A4 landscape), both languages, Hanoi time. */
export function scorecardHtml(
  scorecard: MonthScorecard,
  meta: { generatedAt: string | Date; trigger: string },
): string {
  const [year, month] = scorecard.month.split('-');
  const total = scorecard.total.indicators
    .map(
      (i) =>
        `<tr><th scope="row">${escapeHtml(i.labelVi)}<small>${escapeHtml(i.labelEn)}</small></th>${valueCell(i)}<td class="target">${escapeHtml(formatTarget(i))}</td><td class="plan">${escapeHtml(i.plan)}</td></tr>`,
    )
    .join('');
  const departments = matrix(
    'Theo sở, ngành · By department',
    scorecard.departments.map((d) => ({ head: escapeHtml(d.department), s: d })),
  );
  const procedures = matrix(
    'Theo thủ tục · By procedure',
    scorecard.procedures.map((p) => ({
      head: `<code>${escapeHtml(p.procedureCode)}</code>${p.procedureName ? `<small>${escapeHtml(p.procedureName)}</small>` : ''}`,
      s: p,
    })),
  );
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Báo cáo chỉ số tháng ${month}/${year} · Indicator report ${scorecard.month}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font: 12px/1.4 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1b1f24; margin: 24px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  h2 { font-size: 15px; margin: 24px 0 8px; border-bottom: 2px solid #1b1f24; padding-bottom: 2px; }
  .meta { color: #4a5360; margin: 0 0 16px; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 12px; break-inside: avoid; }
  th, td { border: 1px solid #c5cbd3; padding: 4px 6px; text-align: left; vertical-align: top; }
  thead th { background: #eef1f4; }
  th small, td small { display: block; color: #4a5360; font-weight: normal; }
  td b { font-variant-numeric: tabular-nums; }
  td.met { background: #e3f4e8; }
  td.missed { background: #fbe4e2; }
  td.target { white-space: nowrap; }
  table.matrix th:first-child { width: 30%; }
  table.matrix td.target { width: 10em; }
  td.plan { color: #4a5360; }
  code { font: 11px ui-monospace, monospace; }
  .legend span { display: inline-block; padding: 0 6px; margin-right: 8px; border: 1px solid #c5cbd3; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>Báo cáo chỉ số cải cách thủ tục hành chính · tháng ${month}/${year}</h1>
<p class="meta">Administrative-procedure reform indicators, ${scorecard.month} · Lập lúc / generated ${escapeHtml(hanoiDateTime(meta.generatedAt))} (giờ Hà Nội / Hanoi time) · Số liệu tính đến / figures as of ${escapeHtml(hanoiDateTime(scorecard.asOf))} · ${escapeHtml(meta.trigger === 'schedule' ? 'tự động / scheduled' : meta.trigger)}</p>
<p class="legend"><span class="met" style="background:#e3f4e8">đạt / met</span><span style="background:#fbe4e2">chưa đạt / missed</span><span>— không có số liệu hoặc mục tiêu / nothing to measure or no target</span></p>
<section><h2>Toàn thành phố · City total</h2>
<table><thead><tr><th scope="col">Chỉ số / Indicator</th><th scope="col">Kết quả / Value</th><th scope="col">Mục tiêu / Target</th><th scope="col">Căn cứ / Plan</th></tr></thead><tbody>${total}</tbody></table></section>
${departments}
${procedures}
</body>
</html>
`;
}
