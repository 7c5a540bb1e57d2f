/*
 * The city's indicators (Decision 766/QĐ-TTg and the city plans, docs/national-systems.md,
 * "Indicators the city is measured by"), computed from the hub's own rows. Pure: the loader hands
 * in each case's accepted events with their sync state, this folds them into per-case facts and
 * counts. docs/indicators.md states every formula.
 */

/** Hanoi is UTC+7 all year (no daylight saving): months and days are Hanoi's. */
const HANOI_OFFSET_MS = 7 * 3600_000;

export const indicatorKeys = [
  'synced',
  'online_intake',
  'online_payment',
  'electronic_results',
  'digitised_documents',
  'reused_data',
  'on_time',
  'early',
] as const;
export type IndicatorKey = (typeof indicatorKeys)[number];

export const indicatorLabels: Readonly<Record<IndicatorKey, { vi: string; en: string }>> = {
  synced: { vi: 'Hồ sơ đồng bộ lên Cổng DVCQG', en: 'Dossiers synced to the national portal' },
  online_intake: { vi: 'Hồ sơ tiếp nhận trực tuyến', en: 'Dossiers received online' },
  online_payment: {
    vi: 'Hồ sơ có phí, lệ phí được thanh toán trực tuyến',
    en: 'Fee-bearing dossiers paid online',
  },
  electronic_results: { vi: 'Hồ sơ trả kết quả điện tử', en: 'Dossiers with electronic results' },
  digitised_documents: {
    vi: 'Hồ sơ có thành phần được số hóa đầy đủ',
    en: 'Dossiers with every document digitised',
  },
  reused_data: {
    vi: 'Hồ sơ tái sử dụng dữ liệu số hóa',
    en: 'Dossiers reusing digitised data',
  },
  on_time: { vi: 'Hồ sơ giải quyết đúng hạn', en: 'Dossiers resolved on time' },
  early: { vi: 'Hồ sơ giải quyết trước hạn', en: 'Dossiers resolved early' },
};

/** Targets per indicator, 0..1; null where the plans set none (shown, never "met"). */
export type IndicatorTargets = Readonly<Record<IndicatorKey, number | null>>;

/** One accepted event of a case as the loader reads it: the stored CloudEvent and its sync state. */
export interface StoredCaseEvent {
  type: string;
  sequence: number;
  /** The `data` of the stored CloudEvent. */
  data: Record<string, unknown>;
  /** True when its portal sync job is `synced`. */
  synced: boolean;
}

export interface CaseEvents {
  caseCode: string;
  department: string;
  events: StoredCaseEvent[];
}

/** What the indicators need to know about one dossier. */
export interface CaseFacts {
  caseCode: string;
  department: string;
  receivedAt: Date;
  online: boolean;
  /** Every accepted event of the case has reached the portal. */
  synced: boolean;
  feeBearing: boolean;
  paidOnline: boolean;
  documents: number;
  allDigitised: boolean;
  anyReused: boolean;
  /** When the first result was issued; undefined while none was. */
  resultAt: Date | undefined;
  allResultsElectronic: boolean;
  /** The due date in force when the result was issued (or now, while open). */
  dueAt: Date;
  /** Refused, withdrawn or stopped without a result: no deadline can be kept or missed. */
  closedWithoutResult: boolean;
}

export interface Indicator {
  key: IndicatorKey;
  labelVi: string;
  labelEn: string;
  numerator: number;
  denominator: number;
  /** numerator / denominator, or null when the denominator is 0 (nothing to measure). */
  value: number | null;
  target: number | null;
  /** value ≥ target; null when either is null. */
  met: boolean | null;
}

export interface DepartmentScorecard {
  department: string;
  indicators: Indicator[];
}

const FINAL_WITHOUT_RESULT = new Set(['refused', 'withdrawn', 'stopped']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? (v as Record<string, unknown>[]) : [];

/**
 * Folds one case's events (any order; sorted here by sequence) into its facts. Undefined when the
 * case has no case.received event: without it there is no intake month, channel or due date.
 */
export function caseFacts(c: CaseEvents): CaseFacts | undefined {
  const events = [...c.events].sort((a, b) => a.sequence - b.sequence);
  const received = events.find((e) => e.type === 'case.received');
  const receivedAt = str(received?.data['receivedAt']);
  const initialDue = str(received?.data['dueAt']);
  if (!received || !receivedAt || !initialDue) return undefined;

  const declaredFees = list(received.data['fees']).reduce((s, f) => s + num(f['amount']), 0);
  const payments = events.filter((e) => e.type === 'payment.completed');
  const documents = list(received.data['documents']);
  const results = events.filter((e) => e.type === 'case.result-issued');
  const firstResult = results[0];

  // The deadline in force when the result came: a later extension (newDueAt) does not excuse it.
  let dueAt = initialDue;
  let closedWithoutResult = false;
  for (const e of events) {
    if (firstResult && e.sequence > firstResult.sequence) break;
    if (e.type !== 'case.status-changed') continue;
    const newDue = str(e.data['newDueAt']);
    if (newDue) dueAt = newDue;
    const status = str(e.data['status']);
    closedWithoutResult = status !== undefined && FINAL_WITHOUT_RESULT.has(status);
  }

  const resultAt = str(firstResult?.data['issuedAt']);
  return {
    caseCode: c.caseCode,
    department: c.department,
    receivedAt: new Date(receivedAt),
    online: received.data['channel'] === 'online',
    synced: events.every((e) => e.synced),
    // A fee charged later (after payment_requested, never declared) still makes it fee-bearing.
    feeBearing: declaredFees > 0 || payments.some((p) => num(p.data['amount']) > 0),
    // Same rule as the portal mapping: every method but cash is online (DuocThanhToanTrucTuyen).
    paidOnline: payments.some((p) => p.data['method'] !== 'cash' && num(p.data['amount']) > 0),
    documents: documents.length,
    allDigitised: documents.length > 0 && documents.every((d) => d['digitised'] === true),
    anyReused: documents.some((d) => typeof d['reusedFrom'] === 'string'),
    resultAt: resultAt ? new Date(resultAt) : undefined,
    allResultsElectronic: results.length > 0 && results.every((r) => r.data['electronic'] === true),
    dueAt: new Date(dueAt),
    closedWithoutResult: !firstResult && closedWithoutResult,
  };
}

/** The Hanoi calendar day of an instant, as a day number (for "before the due day"). */
function hanoiDay(d: Date): number {
  return Math.floor((d.getTime() + HANOI_OFFSET_MS) / 86_400_000);
}

/**
 * Whether a case counts toward on time / early, and how. A case with a result counts; an open case
 * already past its due date counts as late (it can no longer be on time); an open case within its
 * deadline and a case closed without a result (refused, withdrawn, stopped) do not count.
 */
export function timeliness(
  f: CaseFacts,
  asOf: Date,
): { counted: boolean; onTime: boolean; early: boolean } {
  if (f.resultAt) {
    return {
      counted: true,
      onTime: f.resultAt.getTime() <= f.dueAt.getTime(),
      early: hanoiDay(f.resultAt) < hanoiDay(f.dueAt),
    };
  }
  if (!f.closedWithoutResult && f.dueAt.getTime() < asOf.getTime()) {
    return { counted: true, onTime: false, early: false };
  }
  return { counted: false, onTime: false, early: false };
}

function indicator(
  key: IndicatorKey,
  numerator: number,
  denominator: number,
  targets: IndicatorTargets,
): Indicator {
  const value = denominator === 0 ? null : numerator / denominator;
  const target = targets[key];
  return {
    key,
    labelVi: indicatorLabels[key].vi,
    labelEn: indicatorLabels[key].en,
    numerator,
    denominator,
    value,
    target,
    met: value === null || target === null ? null : value >= target,
  };
}

/** The eight indicators over one department's cases of the month. */
export function computeIndicators(
  facts: readonly CaseFacts[],
  targets: IndicatorTargets,
  asOf: Date,
): Indicator[] {
  const count = (pred: (f: CaseFacts) => boolean, among: readonly CaseFacts[] = facts): number =>
    among.filter(pred).length;
  const feeBearing = facts.filter((f) => f.feeBearing);
  const withResult = facts.filter((f) => f.resultAt !== undefined);
  const withDocuments = facts.filter((f) => f.documents > 0);
  const timed = facts.map((f) => timeliness(f, asOf)).filter((t) => t.counted);
  return [
    indicator(
      'synced',
      count((f) => f.synced),
      facts.length,
      targets,
    ),
    indicator(
      'online_intake',
      count((f) => f.online),
      facts.length,
      targets,
    ),
    indicator(
      'online_payment',
      count((f) => f.paidOnline, feeBearing),
      feeBearing.length,
      targets,
    ),
    indicator(
      'electronic_results',
      count((f) => f.allResultsElectronic, withResult),
      withResult.length,
      targets,
    ),
    indicator(
      'digitised_documents',
      count((f) => f.allDigitised, withDocuments),
      withDocuments.length,
      targets,
    ),
    indicator(
      'reused_data',
      count((f) => f.anyReused, withDocuments),
      withDocuments.length,
      targets,
    ),
    indicator('on_time', timed.filter((t) => t.onTime).length, timed.length, targets),
    indicator('early', timed.filter((t) => t.early).length, timed.length, targets),
  ];
}

/**
 * Per department (sorted), over the cases received in `window` (the loader selects by it already;
 * checked again here so the month rule lives, and is tested, in one pure place). `departments`
 * are listed even without cases (all denominators 0).
 */
export function computeScorecard(
  cases: readonly CaseEvents[],
  targets: IndicatorTargets,
  asOf: Date,
  options: { window?: { from: Date; to: Date }; departments?: readonly string[] } = {},
): DepartmentScorecard[] {
  const { window, departments = [] } = options;
  const byDepartment = new Map<string, CaseFacts[]>(departments.map((d) => [d, []]));
  for (const c of cases) {
    const facts = caseFacts(c);
    if (!facts) continue;
    const t = facts.receivedAt.getTime();
    // A stored date no clock reads (accepted before the storable rule): in no month.
    if (Number.isNaN(t)) continue;
    if (window && (t < window.from.getTime() || t >= window.to.getTime())) continue;
    const bucket = byDepartment.get(facts.department) ?? [];
    bucket.push(facts);
    byDepartment.set(facts.department, bucket);
  }
  return [...byDepartment.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([department, facts]) => ({
      department,
      indicators: computeIndicators(facts, targets, asOf),
    }));
}

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** [start, end) of a `YYYY-MM` month in Hanoi time, as instants. */
export function monthWindow(month: string): { from: Date; to: Date } {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  const from = new Date(Date.UTC(year, index, 1) - HANOI_OFFSET_MS);
  const to = new Date(Date.UTC(year, index + 1, 1) - HANOI_OFFSET_MS);
  return { from, to };
}

/** RFC 4180 CSV, one row per department and indicator. */
export function scorecardCsv(month: string, departments: readonly DepartmentScorecard[]): string {
  const cell = (v: string | number | boolean | null): string => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = [
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
  ];
  const rows = departments.flatMap((d) =>
    d.indicators.map((i) =>
      [
        month,
        d.department,
        i.key,
        i.labelVi,
        i.labelEn,
        i.numerator,
        i.denominator,
        i.value === null ? null : Number(i.value.toFixed(6)),
        i.target,
        i.met,
      ]
        .map(cell)
        .join(','),
    ),
  );
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}
