import {
  caseFacts,
  computeScorecard,
  type Indicator,
  type IndicatorTargets,
  monthWindow,
  scorecardCsv,
} from './indicator-formulas';
import { parseIndicatorTargets } from './indicator-targets';
import {
  asCaseEvents,
  FIXTURE_AS_OF,
  FIXTURE_MONTH,
  indicatorFixture,
} from './test/indicator-fixture';

const targets: IndicatorTargets = {
  synced: 1,
  online_intake: 0.95,
  online_payment: 0.8,
  electronic_results: 1,
  digitised_documents: 1,
  reused_data: 0.8,
  on_time: 0.98,
  early: null,
};

const pick = (list: Indicator[]) =>
  Object.fromEntries(list.map((i) => [i.key, [i.numerator, i.denominator, i.value, i.met]]));

describe('indicator formulas (hand-computed fixture, docs/indicators.md)', () => {
  const scorecard = computeScorecard(asCaseEvents(indicatorFixture()), targets, FIXTURE_AS_OF, {
    window: monthWindow(FIXTURE_MONTH),
  });

  it('takes the month in Hanoi time: D (1 March 00:10 Hanoi) is in, F (1 April 00:30) is out', () => {
    expect(monthWindow('2026-03')).toEqual({
      from: new Date('2026-02-28T17:00:00Z'),
      to: new Date('2026-03-31T17:00:00Z'),
    });
    expect(scorecard.map((d) => d.department)).toEqual(['STP', 'SXD']);
    // STP has A, B, C, D, E, H in March: 6 dossiers.
    expect(scorecard[0].indicators.find((i) => i.key === 'synced')?.denominator).toBe(6);
  });

  it('computes STP by hand', () => {
    /*
     * STP March cases: A B C D E H (F is April).
     * synced: all but B (seq 5 unsynced)                       → 5/6, target 1 → not met
     * online_intake: A C D H online; B in person, E postal     → 4/6
     * online_payment: fee-bearing A B D H (C, E have no fees);
     *   paid online A, H (B cash, D unpaid)                    → 2/4 = 0.5
     * electronic_results: with a result A B C H; B on paper    → 3/4
     * digitised_documents: with documents A B C D H (E none);
     *   B has an undigitised one                               → 4/5
     * reused_data: B and C reuse a document                    → 2/5
     * on_time: counted A B C H (results) + D (open, overdue); E refused is not counted;
     *   on time A (day 12 ≤ 15), C (exactly at dueAt), H (before the extended deadline);
     *   late B (1 h after), D                                   → 3/5
     * early: A (12 < 15), H (issued the day after the old deadline, 9 days before the new);
     *   C is the same day                                       → 2/5, no target → met null
     */
    expect(pick(scorecard[0].indicators)).toEqual({
      synced: [5, 6, 5 / 6, false],
      online_intake: [4, 6, 4 / 6, false],
      online_payment: [2, 4, 0.5, false],
      electronic_results: [3, 4, 0.75, false],
      digitised_documents: [4, 5, 0.8, false],
      reused_data: [2, 5, 0.4, false],
      on_time: [3, 5, 0.6, false],
      early: [2, 5, 0.4, null],
    });
  });

  it('computes SXD by hand: one example case, everything met except reuse', () => {
    // S: synced, online, paid online, electronic result 2 h after intake, 2 digitised, none reused.
    expect(pick(scorecard[1].indicators)).toEqual({
      synced: [1, 1, 1, true],
      online_intake: [1, 1, 1, true],
      online_payment: [1, 1, 1, true],
      electronic_results: [1, 1, 1, true],
      digitised_documents: [1, 1, 1, true],
      reused_data: [0, 1, 0, false],
      on_time: [1, 1, 1, true],
      early: [1, 1, 1, null],
    });
  });

  it('gives null values (not 0 or 1) when nothing is measured', () => {
    const empty = computeScorecard([], targets, FIXTURE_AS_OF, { departments: ['SYT'] });
    expect(empty).toHaveLength(1);
    for (const i of empty[0].indicators) {
      expect(i).toMatchObject({ numerator: 0, denominator: 0, value: null, met: null });
    }
  });

  it('treats an open case within its deadline as not yet counted for timeliness', () => {
    const [, , , d] = asCaseEvents(indicatorFixture());
    const facts = caseFacts(d);
    expect(facts).toBeDefined();
    const before = computeScorecard([d], targets, new Date('2026-03-02T00:00:00Z'));
    const onTime = before[0].indicators.find((i) => i.key === 'on_time');
    expect(onTime).toMatchObject({ numerator: 0, denominator: 0, value: null });
  });

  it('ignores a case without its case.received event', () => {
    expect(caseFacts({ caseCode: 'X', department: 'STP', events: [] })).toBeUndefined();
  });

  it('writes CSV with a header and one row per department and indicator', () => {
    const csv = scorecardCsv(FIXTURE_MONTH, scorecard);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'month,department,key,labelVi,labelEn,numerator,denominator,value,target,met',
    );
    expect(lines).toHaveLength(1 + 2 * 8);
    expect(lines).toContain(
      '2026-03,STP,online_payment,"Hồ sơ có phí, lệ phí được thanh toán trực tuyến",Fee-bearing dossiers paid online,2,4,0.5,0.8,false',
    );
    expect(lines).toContain(
      '2026-03,STP,early,Hồ sơ giải quyết trước hạn,Dossiers resolved early,2,5,0.4,,',
    );
  });
});

describe('indicator targets file', () => {
  it('accepts the shipped file', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const shipped = JSON.stringify(require('../../config/indicator-targets.json'));
    expect(parseIndicatorTargets(shipped, 'indicator-targets.json')).toMatchObject({ synced: 1 });
  });

  it('names every bad entry', () => {
    const bad = JSON.stringify({ ...targets, synced: 100, online_intake: 'high', extra: 1 });
    expect(() => parseIndicatorTargets(bad, 't.json')).toThrow(/synced: must be at most 1/);
    expect(() => parseIndicatorTargets(bad, 't.json')).toThrow(/online_intake/);
    expect(() => parseIndicatorTargets(bad, 't.json')).toThrow(/extra/);
    const missing = JSON.stringify({ synced: 1 });
    expect(() => parseIndicatorTargets(missing, 't.json')).toThrow(/on_time/);
  });
});
