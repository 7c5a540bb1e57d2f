import { getIndicatorTrendCommand } from '../usecases/get-indicator-trend/get-indicator-trend.handler';
import { computeScorecard } from './indicator-formulas';
import { indicatorTrend, monthsEnding } from './indicator-trend';
import {
  asCaseEvents,
  FIXTURE_AS_OF,
  FIXTURE_CATALOG,
  fixtureTargets,
  indicatorFixture,
} from './test/indicator-fixture';

describe('indicator trend', () => {
  it('counts months back across a year', () => {
    expect(monthsEnding('2026-03', 6)).toEqual([
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(monthsEnding('2026-12', 2)).toEqual(['2026-11', '2026-12']);
  });

  it('puts each month’s city total side by side, with that month’s target and verdict', () => {
    const cases = asCaseEvents(indicatorFixture());
    const cards = ['2026-02', '2026-03', '2026-04'].map((month) =>
      computeScorecard(cases, fixtureTargets(), FIXTURE_AS_OF, { month, catalog: FIXTURE_CATALOG }),
    );
    const trend = indicatorTrend(cards, undefined);
    expect(trend.months).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(trend.department).toBeNull();
    const synced = trend.indicators.find((i) => i.key === 'synced');
    // February: no case received; March: the fixture's 8 cases, B not synced; April: F.
    expect(synced?.points.map((p) => [p.month, p.numerator, p.denominator, p.met])).toEqual([
      ['2026-02', 0, 0, null],
      ['2026-03', 7, 8, false],
      ['2026-04', 1, 1, true],
    ]);
    // Every point is the month's own total, indicator by indicator.
    for (const line of trend.indicators) {
      line.points.forEach((p, m) => {
        const total = cards[m].total.indicators.find((i) => i.key === line.key);
        expect(p).toEqual({
          month: cards[m].month,
          numerator: total?.numerator,
          denominator: total?.denominator,
          value: total?.value,
          target: total?.target,
          met: total?.met,
        });
      });
    }
    expect(trend.indicators.map((i) => i.key)).toEqual(cards[0].total.indicators.map((i) => i.key));
  });

  it('takes months 2–24 and names a bad value, besides month and department', () => {
    expect(getIndicatorTrendCommand({ month: '2026-03' })).toEqual({ month: '2026-03', months: 6 });
    expect(getIndicatorTrendCommand({ month: '2026-03', months: '12', department: 'STP' })).toEqual(
      {
        month: '2026-03',
        months: 12,
        department: 'STP',
      },
    );
    for (const months of ['1', '25', '6.5', 'six', ['6', '7']]) {
      expect(() => getIndicatorTrendCommand({ month: '2026-03', months })).toThrow(
        expect.objectContaining({ status: 400 }) as Error,
      );
    }
    expect(() => getIndicatorTrendCommand({ month: '2026-13' })).toThrow();
  });
});
