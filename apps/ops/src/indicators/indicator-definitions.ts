/*
 * What each indicator is: its key, labels, which way is better, what its numbers are, and how a
 * month's target is picked from the targets file (apps/ops/config/indicator-targets.json).
 * docs/indicators.md states every formula; the plans they come from are in
 * docs/national-systems.md, "Indicators the city is measured by".
 */

import { indicatorKeySchema } from '@hub/contracts';

/** The keys as the published contract lists them (libs/contracts, ops.api.ts): one list. */
export const indicatorKeys = indicatorKeySchema.options;
export type IndicatorKey = (typeof indicatorKeys)[number];

/**
 * `share`: numerator and denominator are counts (dossiers or procedures), value a fraction 0..1.
 * `ratio`: numerator and denominator are average hours (online, in person), value their ratio.
 */
export type IndicatorMeasure = 'share' | 'ratio';
/** `at_least`: met when value ≥ target. `at_most`: met when value ≤ target. */
export type IndicatorDirection = 'at_least' | 'at_most';

interface Definition {
  vi: string;
  en: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
}

const share = (vi: string, en: string, direction: IndicatorDirection = 'at_least'): Definition => ({
  vi,
  en,
  measure: 'share',
  direction,
});

export const indicatorDefinitions: Readonly<Record<IndicatorKey, Definition>> = {
  synced: share('Hồ sơ đồng bộ lên Cổng DVCQG', 'Dossiers synced to the national portal'),
  online_intake: share('Hồ sơ tiếp nhận trực tuyến', 'Dossiers received online'),
  online_payment: share(
    'Hồ sơ có phí, lệ phí được thanh toán trực tuyến',
    'Fee-bearing dossiers paid online',
  ),
  online_payment_confirmed: share(
    'Hồ sơ có phí, lệ phí được Nền tảng thanh toán quốc gia xác nhận đã thanh toán',
    'Fee-bearing dossiers paid as confirmed by the national payment platform',
  ),
  electronic_results: share('Hồ sơ trả kết quả điện tử', 'Dossiers with electronic results'),
  digitised_documents: share(
    'Hồ sơ có thành phần được số hóa đầy đủ',
    'Dossiers with every document digitised',
  ),
  reused_data: share('Hồ sơ tái sử dụng dữ liệu số hóa', 'Dossiers reusing digitised data'),
  on_time: share('Hồ sơ giải quyết đúng hạn', 'Dossiers resolved on time'),
  early: share('Hồ sơ giải quyết trước hạn', 'Dossiers resolved early'),
  fully_online_dossiers: share('Hồ sơ trực tuyến toàn trình', 'Dossiers handled fully online'),
  fully_online_procedures: share(
    'Thủ tục cung cấp dịch vụ công trực tuyến toàn trình',
    'Procedures offered fully online',
  ),
  restructured_procedures: share(
    'Thủ tục được tái cấu trúc dựa trên dữ liệu',
    'Procedures restructured on data',
  ),
  online_time_ratio: {
    vi: 'Thời gian giải quyết trực tuyến so với trực tiếp',
    en: 'Processing time online vs in person',
    measure: 'ratio',
    direction: 'at_most',
  },
  business_info_once: share(
    'Hồ sơ doanh nghiệp chỉ cung cấp thông tin một lần',
    'Enterprise dossiers giving their information only once',
  ),
  open_past_due: share('Hồ sơ đang giải quyết quá hạn', 'Open dossiers past due', 'at_most'),
};

/** One step of a target: `value` to reach by the day `by` (YYYY-MM-DD), or for good (`by` null). */
export interface TargetStep {
  value: number;
  by: string | null;
}

/** An indicator's target as the plans set it: the plan's words, and its steps (none: no target). */
export interface TargetSpec {
  plan: string;
  steps: readonly TargetStep[];
}

export type IndicatorTargets = Readonly<Record<IndicatorKey, TargetSpec>>;

/**
 * The target in force for a month: the first step whose deadline is not before the month's first
 * day (the plans' next deadline), else the last step (a deadline passed keeps its value). A month
 * of 2026-05 gets "80% by 30 June 2026", 2026-07 gets "95% by 31 December 2026", 2027-02 keeps 95%.
 */
export function targetFor(spec: TargetSpec, month: string): TargetStep | null {
  if (spec.steps.length === 0) return null;
  const firstDay = `${month}-01`;
  return spec.steps.find((s) => s.by !== null && s.by >= firstDay) ?? spec.steps.at(-1) ?? null;
}
