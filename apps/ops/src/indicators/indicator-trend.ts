import type { IndicatorDirection, IndicatorKey, IndicatorMeasure } from './indicator-definitions';
import { MONTH_PATTERN, type MonthScorecard } from './indicator-formulas';

/** One indicator over consecutive months, as the scorecard's total gives it each month. */
export interface IndicatorTrendLine {
  key: IndicatorKey;
  labelVi: string;
  labelEn: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  points: {
    month: string;
    numerator: number;
    denominator: number;
    value: number | null;
    target: number | null;
    met: boolean | null;
  }[];
}

export interface IndicatorTrend {
  /** The months, oldest first, ending with the month asked for. */
  months: string[];
  department: string | null;
  indicators: IndicatorTrendLine[];
}

/** The `count` months ending with `last` (YYYY-MM), oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  const m = MONTH_PATTERN.exec(last);
  if (!m) throw new Error(`not a month: ${last}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1;
  return Array.from({ length: count }, (_, i) => {
    const at = index - (count - 1 - i);
    return `${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * The scorecards' totals side by side: each indicator's value, target and verdict per month, so
 * the console can show whether a missed target is getting closer. Pure; `cards` oldest first.
 */
export function indicatorTrend(
  cards: readonly MonthScorecard[],
  department: string | undefined,
): IndicatorTrend {
  const [first] = cards;
  return {
    months: cards.map((c) => c.month),
    department: department ?? null,
    indicators: (first?.total.indicators ?? []).map((i) => ({
      key: i.key,
      labelVi: i.labelVi,
      labelEn: i.labelEn,
      measure: i.measure,
      direction: i.direction,
      points: cards.map((c) => {
        const p = c.total.indicators.find((x) => x.key === i.key);
        return {
          month: c.month,
          numerator: p?.numerator ?? 0,
          denominator: p?.denominator ?? 0,
          value: p?.value ?? null,
          target: p?.target ?? null,
          met: p?.met ?? null,
        };
      }),
    })),
  };
}
