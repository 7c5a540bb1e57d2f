/*
 * The city's indicators (Decision 766/QĐ-TTg and the city plans, docs/national-systems.md,
 * "Indicators the city is measured by"), computed from the hub's own rows. Pure: the loader hands
 * in each case's accepted events with their sync state, this folds them into per-case facts and
 * counts. docs/indicators.md states every formula.
 */

import {
  type IndicatorDirection,
  type IndicatorKey,
  type IndicatorMeasure,
  type IndicatorTargets,
  indicatorDefinitions,
  targetFor,
} from './indicator-definitions';
import { HANOI_OFFSET_MS, hanoiWallClock } from './hanoi-time';

/** One accepted event of a case as the loader reads it: the stored CloudEvent and its sync state. */
export interface StoredCaseEvent {
  type: string;
  sequence: number;
  /** 1, 2, ... for an event the hub originated after `sequence` (a platform-confirmed payment). */
  hubSequence?: number;
  /** The `data` of the stored CloudEvent. */
  data: Record<string, unknown>;
  /** True when its portal sync job is `synced`. */
  synced: boolean;
}

export interface CaseEvents {
  caseCode: string;
  department: string;
  events: StoredCaseEvent[];
  /**
   * Once-only's accounting of the case: whether the applicant was asked again for data or a
   * document the hub already held. Undefined until once-only has taken the case in.
   */
  reuse?: { askedAgain: boolean };
}

/** What the indicators need to know about a catalog procedure. */
export interface CatalogFacts {
  name: string;
  /** `MUCDO` "4" in the portal's catalog. */
  fullyOnline: boolean;
  /** A document of it can be replaced by a result: the catalog's links, or the admin override. */
  reuseLinked: boolean;
}

export type CatalogView = ReadonlyMap<string, CatalogFacts>;

/** What the indicators need to know about one dossier. */
export interface CaseFacts {
  caseCode: string;
  department: string;
  procedureCode: string;
  receivedAt: Date;
  channel: string;
  online: boolean;
  enterprise: boolean;
  /** See CaseEvents.reuse. */
  askedAgain: boolean | undefined;
  /** Every accepted event of the case has reached the portal. */
  synced: boolean;
  feeBearing: boolean;
  paidOnline: boolean;
  /** Paid, as the national payment platform confirmed to the hub (not a department's report). */
  paidConfirmed: boolean;
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
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  /** Counts for a share; average hours (online, in person) for a ratio. */
  numerator: number;
  denominator: number;
  /** numerator / denominator, or null when the denominator is 0 (nothing to measure). */
  value: number | null;
  /** The target in force for the month (indicator-definitions.ts, targetFor). */
  target: number | null;
  /** The deadline of that target (YYYY-MM-DD), or null when it has none. */
  targetBy: string | null;
  /** The plan the target comes from, as the targets file words it. */
  plan: string;
  /** value ≥ target (at_least) or ≤ target (at_most); null when either is null. */
  met: boolean | null;
}

/** Resolved cases per intake channel and their average time from receipt to first result. */
export type ProcessingTime = Record<
  'online' | 'in_person' | 'postal',
  { resolved: number; averageHours: number | null }
>;

export interface ScopeScorecard {
  indicators: Indicator[];
  processingTime: ProcessingTime;
}

export interface DepartmentScorecard extends ScopeScorecard {
  department: string;
}

export interface ProcedureScorecard extends ScopeScorecard {
  procedureCode: string;
  /** The catalog's name; null when the catalog does not know the code. */
  procedureName: string | null;
}

export interface MonthScorecard {
  month: string;
  /** The instant the figures were taken at (open cases past due are judged against it). */
  asOf: string;
  /** When the procedure catalog in use was read from the portal; null when none was yet. */
  catalogRefreshedAt: string | null;
  departments: DepartmentScorecard[];
  procedures: ProcedureScorecard[];
  /** Every case of the month (of the department asked for, if one was). */
  total: ScopeScorecard;
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
  const events = [...c.events].sort(
    (a, b) => a.sequence - b.sequence || (a.hubSequence ?? 0) - (b.hubSequence ?? 0),
  );
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
  const applicant = received.data['applicant'] as Record<string, unknown> | undefined;
  const channel = str(received.data['channel']) ?? '';
  return {
    caseCode: c.caseCode,
    department: c.department,
    procedureCode: str(received.data['procedureCode']) ?? '',
    receivedAt: new Date(receivedAt),
    channel,
    online: channel === 'online',
    enterprise: applicant?.['kind'] === 'enterprise',
    askedAgain: c.reuse?.askedAgain,
    synced: events.every((e) => e.synced),
    // A fee charged later (after payment_requested, never declared) still makes it fee-bearing.
    feeBearing: declaredFees > 0 || payments.some((p) => num(p.data['amount']) > 0),
    // Same rule as the portal mapping: every method but cash is online (DuocThanhToanTrucTuyen).
    paidOnline: payments.some((p) => p.data['method'] !== 'cash' && num(p.data['amount']) > 0),
    // Only the hub originates a payment event (hubsequence), from the platform's CONFIRM or QUERY.
    paidConfirmed: payments.some((p) => (p.hubSequence ?? 0) > 0 && num(p.data['amount']) > 0),
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
  return Math.floor(hanoiWallClock(d).getTime() / 86_400_000);
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

/** Month, targets and "now": the same for every indicator of one scorecard. */
interface ScorecardContext {
  month: string;
  targets: IndicatorTargets;
  asOf: Date;
}

function indicator(
  key: IndicatorKey,
  numerator: number,
  denominator: number,
  ctx: ScorecardContext,
  value: number | null = denominator === 0 ? null : numerator / denominator,
): Indicator {
  const { vi, en, measure, direction } = indicatorDefinitions[key];
  const spec = ctx.targets[key];
  const step = targetFor(spec, ctx.month);
  const target = step?.value ?? null;
  return {
    key,
    labelVi: vi,
    labelEn: en,
    measure,
    direction,
    numerator,
    denominator,
    value,
    target,
    targetBy: step?.by ?? null,
    plan: spec.plan,
    met:
      value === null || target === null
        ? null
        : direction === 'at_least'
          ? value >= target
          : value <= target,
  };
}

const HOUR_MS = 3600_000;

function processingTime(facts: readonly CaseFacts[]): ProcessingTime {
  const of = (channel: string) => {
    const hours = facts
      .filter((f) => f.channel === channel && f.resultAt !== undefined)
      .map((f) => ((f.resultAt as Date).getTime() - f.receivedAt.getTime()) / HOUR_MS);
    return {
      resolved: hours.length,
      averageHours: hours.length === 0 ? null : hours.reduce((a, b) => a + b, 0) / hours.length,
    };
  };
  return { online: of('online'), in_person: of('in_person'), postal: of('postal') };
}

/**
 * Fully online (toàn trình): received online, paid online where a fee is due, every result
 * electronic. Judged once a result is issued: before that the last step has not happened.
 */
function fullyOnline(f: CaseFacts): boolean {
  return f.online && (!f.feeBearing || f.paidOnline) && f.allResultsElectronic;
}

/**
 * The indicators over one scope's cases of the month. `procedures` are the procedures the scope is
 * judged on for the two procedure indicators; `restructured` says which of them count as
 * restructured on data this month.
 */
export function computeIndicators(
  facts: readonly CaseFacts[],
  procedures: readonly string[],
  catalog: CatalogView,
  restructured: ReadonlySet<string>,
  ctx: ScorecardContext,
): ScopeScorecard {
  const count = (pred: (f: CaseFacts) => boolean, among: readonly CaseFacts[] = facts): number =>
    among.filter(pred).length;
  const feeBearing = facts.filter((f) => f.feeBearing);
  const withResult = facts.filter((f) => f.resultAt !== undefined);
  const withDocuments = facts.filter((f) => f.documents > 0);
  const timed = facts.map((f) => timeliness(f, ctx.asOf)).filter((t) => t.counted);
  const open = facts.filter((f) => f.resultAt === undefined && !f.closedWithoutResult);
  const enterprises = facts.filter((f) => f.enterprise && f.askedAgain !== undefined);
  const times = processingTime(facts);
  const online = times.online.averageHours;
  const inPerson = times.in_person.averageHours;
  const bothTimed = online !== null && inPerson !== null && inPerson > 0;
  return {
    processingTime: times,
    indicators: [
      indicator(
        'synced',
        count((f) => f.synced),
        facts.length,
        ctx,
      ),
      indicator(
        'online_intake',
        count((f) => f.online),
        facts.length,
        ctx,
      ),
      indicator(
        'online_payment',
        count((f) => f.paidOnline, feeBearing),
        feeBearing.length,
        ctx,
      ),
      indicator(
        'electronic_results',
        count((f) => f.allResultsElectronic, withResult),
        withResult.length,
        ctx,
      ),
      indicator(
        'digitised_documents',
        count((f) => f.allDigitised, withDocuments),
        withDocuments.length,
        ctx,
      ),
      indicator(
        'reused_data',
        count((f) => f.anyReused, withDocuments),
        withDocuments.length,
        ctx,
      ),
      indicator('on_time', timed.filter((t) => t.onTime).length, timed.length, ctx),
      indicator('early', timed.filter((t) => t.early).length, timed.length, ctx),
      indicator('fully_online_dossiers', count(fullyOnline, withResult), withResult.length, ctx),
      indicator(
        'fully_online_procedures',
        procedures.filter((p) => catalog.get(p)?.fullyOnline === true).length,
        procedures.length,
        ctx,
      ),
      indicator(
        'restructured_procedures',
        procedures.filter((p) => restructured.has(p)).length,
        procedures.length,
        ctx,
      ),
      // A ratio of averages (hours): null until both channels have results.
      indicator(
        'online_time_ratio',
        online ?? 0,
        inPerson ?? 0,
        ctx,
        bothTimed ? online / inPerson : null,
      ),
      indicator(
        'business_info_once',
        count((f) => f.askedAgain === false, enterprises),
        enterprises.length,
        ctx,
      ),
      indicator(
        'open_past_due',
        count((f) => f.dueAt.getTime() < ctx.asOf.getTime(), open),
        open.length,
        ctx,
      ),
      indicator(
        'online_payment_confirmed',
        count((f) => f.paidConfirmed, feeBearing),
        feeBearing.length,
        ctx,
      ),
    ],
  };
}

/**
 * A procedure is restructured on data in a month when the hub can put a result in place of one of
 * its documents (the catalog's THANHPHANHOSO ↔ result links, or an administrator's override), or
 * when one of its dossiers of the month did reuse a document (`reusedFrom`).
 */
export function restructuredProcedures(
  facts: readonly CaseFacts[],
  catalog: CatalogView,
): Set<string> {
  const codes = new Set<string>();
  for (const [code, p] of catalog) if (p.reuseLinked) codes.add(code);
  for (const f of facts) if (f.anyReused && f.procedureCode) codes.add(f.procedureCode);
  return codes;
}

const distinct = (values: Iterable<string>): string[] =>
  [...new Set(values)].filter((v) => v !== '').sort();

/**
 * The month's scorecard per department (sorted), per procedure (sorted by code) and in total,
 * over the cases received in `window` (the loader selects by it already; checked again here so the
 * month rule lives, and is tested, in one pure place). `departments` are listed even without
 * cases. The procedure indicators are judged, for a department or a procedure, on the procedures
 * of its cases this month; in the city total (no department asked for), on the whole catalog plus
 * any procedure received that the catalog lacks.
 */
export function computeScorecard(
  cases: readonly CaseEvents[],
  targets: IndicatorTargets,
  asOf: Date,
  options: {
    month: string;
    catalog?: CatalogView;
    catalogRefreshedAt?: Date | null;
    departments?: readonly string[];
    /** A scorecard for one department: its total is the department's. */
    department?: string;
  },
): MonthScorecard {
  const { month, catalog = new Map<string, CatalogFacts>(), departments = [] } = options;
  const window = monthWindow(month);
  const ctx: ScorecardContext = { month, targets, asOf };
  const facts: CaseFacts[] = [];
  for (const c of cases) {
    const f = caseFacts(c);
    if (!f) continue;
    const t = f.receivedAt.getTime();
    // A stored date no clock reads (accepted before the storable rule): in no month.
    if (Number.isNaN(t)) continue;
    if (t < window.from.getTime() || t >= window.to.getTime()) continue;
    facts.push(f);
  }
  const restructured = restructuredProcedures(facts, catalog);
  const scope = (among: CaseFacts[], procedures = distinct(among.map((f) => f.procedureCode))) =>
    computeIndicators(among, procedures, catalog, restructured, ctx);
  const group = (key: (f: CaseFacts) => string, seed: readonly string[] = []) => {
    const groups = new Map<string, CaseFacts[]>(seed.map((k) => [k, []]));
    for (const f of facts) {
      const bucket = groups.get(key(f));
      if (bucket) bucket.push(f);
      else groups.set(key(f), [f]);
    }
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  const cityProcedures = options.department
    ? distinct(facts.map((f) => f.procedureCode))
    : distinct([...catalog.keys(), ...facts.map((f) => f.procedureCode)]);
  return {
    month,
    asOf: asOf.toISOString(),
    catalogRefreshedAt: options.catalogRefreshedAt?.toISOString() ?? null,
    departments: group((f) => f.department, departments).map(([department, among]) => ({
      department,
      ...scope(among),
    })),
    procedures: group((f) => f.procedureCode).map(([procedureCode, among]) => ({
      procedureCode,
      procedureName: catalog.get(procedureCode)?.name ?? null,
      ...scope(among, [procedureCode]),
    })),
    total: scope(facts, cityProcedures),
  };
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
