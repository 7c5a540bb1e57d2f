import { type IndicatorKey, indicatorKeys, targetFor } from './indicator-definitions';
import { caseFacts, computeScorecard, type Indicator, monthWindow } from './indicator-formulas';
import { parseIndicatorTargets } from './indicator-targets';
import { scorecardCsv } from './scorecard-render';
import {
  asCaseEvents,
  EXAMPLE_PROCEDURE,
  FIXTURE_AS_OF,
  FIXTURE_CATALOG,
  FIXTURE_MONTH,
  fixtureTargets,
  indicatorFixture,
  UNLISTED_PROCEDURE,
} from './test/indicator-fixture';

const targets = fixtureTargets();

/** The eight indicators of the first scorecard (issue 15): their hand-computed numbers. */
const FIRST_EIGHT: readonly IndicatorKey[] = indicatorKeys.slice(0, 8);

const pick = (list: Indicator[], keys: readonly IndicatorKey[] = FIRST_EIGHT) =>
  Object.fromEntries(
    list
      .filter((i) => keys.includes(i.key))
      .map((i) => [i.key, [i.numerator, i.denominator, i.value, i.met]]),
  );

const NEW_KEYS = indicatorKeys.slice(8);

describe('indicator formulas (hand-computed fixture, docs/indicators.md)', () => {
  const month = computeScorecard(asCaseEvents(indicatorFixture()), targets, FIXTURE_AS_OF, {
    month: FIXTURE_MONTH,
    catalog: FIXTURE_CATALOG,
  });
  const scorecard = month.departments;

  it('takes the month in Hanoi time: D (1 March 00:10 Hanoi) is in, F (1 April 00:30) is out', () => {
    expect(monthWindow('2026-03')).toEqual({
      from: new Date('2026-02-28T17:00:00Z'),
      to: new Date('2026-03-31T17:00:00Z'),
    });
    expect(scorecard.map((d) => d.department)).toEqual(['SCT', 'STP', 'SXD']);
    // STP has A, B, C, D, E, H in March: 6 dossiers.
    expect(scorecard[1].indicators.find((i) => i.key === 'synced')?.denominator).toBe(6);
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
    expect(pick(scorecard[1].indicators)).toEqual({
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
    expect(pick(scorecard[2].indicators)).toEqual({
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

  it("computes the plans' further indicators by hand, per department", () => {
    /*
     * STP (A B C D E H), all for the example procedure (fully online in the catalog; B and C
     * reuse documents, so it is restructured this month):
     * fully_online_dossiers: with a result A B C H; B in person; C online, no fee, electronic
     *                                                            → 3/4
     * fully_online_procedures, restructured_procedures           → 1/1 each
     * online_time_ratio: online A 2 h, C 72 h, H 96 h (avg 56.67); in person B 73 h
     *                                                            → 0.776 ≤ 0.8, met
     * business_info_once: A is a citizen (asked again, but not an enterprise) → 0/0
     * open_past_due: open D (E refused is closed), past due      → 1/1, no target
     * online_payment_confirmed: fee-bearing A B D H; only H's payment was confirmed by the
     *   national payment platform (A's online payment is the department's report) → 1/4
     */
    const stp = scorecard[1].indicators;
    expect(
      pick(
        stp,
        NEW_KEYS.filter((k) => k !== 'online_time_ratio'),
      ),
    ).toEqual({
      fully_online_dossiers: [3, 4, 0.75, false],
      fully_online_procedures: [1, 1, 1, true],
      restructured_procedures: [1, 1, 1, true],
      business_info_once: [0, 0, null, null],
      open_past_due: [1, 1, 1, null],
      online_payment_confirmed: [1, 4, 0.25, false],
    });
    const ratio = stp.find((i) => i.key === 'online_time_ratio') as Indicator;
    expect(ratio.numerator).toBeCloseTo(170 / 3, 9);
    expect(ratio.denominator).toBeCloseTo(73, 9);
    expect(ratio.value).toBeCloseTo(170 / 3 / 73, 9);
    expect(ratio).toMatchObject({ measure: 'ratio', direction: 'at_most', target: 0.8, met: true });
    expect(scorecard[1].processingTime).toEqual({
      online: { resolved: 3, averageHours: expect.closeTo(170 / 3, 9) as number },
      in_person: { resolved: 1, averageHours: 73 },
      postal: { resolved: 0, averageHours: null },
    });
    // The restructuring target in force in March 2026 is the June step.
    expect(stp.find((i) => i.key === 'restructured_procedures')).toMatchObject({
      target: 0.8,
      targetBy: '2026-06-30',
    });

    // SXD (S): an enterprise not asked again; online only, so no ratio.
    expect(pick(scorecard[2].indicators, NEW_KEYS)).toEqual({
      fully_online_dossiers: [1, 1, 1, true],
      fully_online_procedures: [1, 1, 1, true],
      restructured_procedures: [1, 1, 1, true],
      online_time_ratio: [2, 0, null, null],
      business_info_once: [1, 1, 1, true],
      open_past_due: [0, 0, null, null],
      // Paid online as the department reported, never confirmed by the platform.
      online_payment_confirmed: [0, 1, 0, false],
    });
    // SCT (T): an enterprise asked again, a procedure the catalog lacks, open within its
    // extended deadline.
    expect(pick(scorecard[0].indicators, NEW_KEYS)).toEqual({
      fully_online_dossiers: [0, 0, null, null],
      fully_online_procedures: [0, 1, 0, false],
      restructured_procedures: [0, 1, 0, false],
      online_time_ratio: [0, 0, null, null],
      business_info_once: [0, 1, 0, false],
      open_past_due: [0, 1, 0, null],
      // Fees declared, nothing paid yet.
      online_payment_confirmed: [0, 1, 0, false],
    });
  });

  it('gives per-procedure rows with catalog names, and a city total over the whole catalog', () => {
    expect(month.procedures.map((p) => [p.procedureCode, p.procedureName])).toEqual([
      [EXAMPLE_PROCEDURE, 'Đăng ký khai sinh'],
      [UNLISTED_PROCEDURE, null],
    ]);
    // The example procedure: A B C D E H S; T is the other one.
    expect(pick(month.procedures[0].indicators, ['synced', 'business_info_once'])).toEqual({
      synced: [6, 7, 6 / 7, false],
      business_info_once: [1, 1, 1, true],
    });
    /*
     * Total: 8 cases. Procedures judged: the catalog's two and the unlisted one.
     * fully online: the example's only → 1/3; restructured: the example's (reuse seen) and the
     * linked one (catalog) → 2/3; business_info_once: S yes, T no → 1/2; open_past_due: D of D, T
     * → 1/2; fully_online_dossiers: A C H S of A B C H S → 4/5.
     */
    expect(
      pick(month.total.indicators, [
        'synced',
        'fully_online_dossiers',
        'fully_online_procedures',
        'restructured_procedures',
        'business_info_once',
        'open_past_due',
      ]),
    ).toEqual({
      synced: [7, 8, 7 / 8, false],
      fully_online_dossiers: [4, 5, 0.8, false],
      fully_online_procedures: [1, 3, 1 / 3, false],
      restructured_procedures: [2, 3, 2 / 3, false],
      business_info_once: [1, 2, 0.5, false],
      open_past_due: [1, 2, 0.5, null],
    });
    // Online: A 2, C 72, H 96, S 2 → 43 h; in person: B 73 h.
    const ratio = month.total.indicators.find((i) => i.key === 'online_time_ratio');
    expect(ratio?.value).toBeCloseTo(43 / 73, 9);
  });

  it("judges one department's total on its own procedures, not the whole catalog", () => {
    // The loader hands in one department's cases when one is asked for.
    const only = computeScorecard(
      asCaseEvents(indicatorFixture().filter((c) => c.department === 'SCT')),
      targets,
      FIXTURE_AS_OF,
      { month: FIXTURE_MONTH, catalog: FIXTURE_CATALOG, departments: ['SCT'], department: 'SCT' },
    );
    expect(only.total.indicators.find((i) => i.key === 'fully_online_procedures')).toMatchObject({
      numerator: 0,
      denominator: 1,
    });
  });

  it('lets an at_most indicator be met at or under its target', () => {
    const lower = { ...targets, open_past_due: { plan: 'p', steps: [{ value: 1, by: null }] } };
    const card = computeScorecard(asCaseEvents(indicatorFixture()), lower, FIXTURE_AS_OF, {
      month: FIXTURE_MONTH,
      catalog: FIXTURE_CATALOG,
    });
    const stp = card.departments[1].indicators.find((i) => i.key === 'open_past_due');
    expect(stp).toMatchObject({ value: 1, target: 1, met: true });
    const tight = { ...targets, open_past_due: { plan: 'p', steps: [{ value: 0.5, by: null }] } };
    const missed = computeScorecard(asCaseEvents(indicatorFixture()), tight, FIXTURE_AS_OF, {
      month: FIXTURE_MONTH,
    });
    expect(missed.departments[1].indicators.find((i) => i.key === 'open_past_due')?.met).toBe(
      false,
    );
  });

  it('gives null values (not 0 or 1) when nothing is measured', () => {
    const empty = computeScorecard([], targets, FIXTURE_AS_OF, {
      month: FIXTURE_MONTH,
      departments: ['SYT'],
    }).departments;
    expect(empty).toHaveLength(1);
    for (const i of empty[0].indicators) {
      expect(i).toMatchObject({ numerator: 0, denominator: 0, value: null, met: null });
    }
  });

  it('treats an open case within its deadline as not yet counted for timeliness', () => {
    const [, , , d] = asCaseEvents(indicatorFixture());
    const facts = caseFacts(d);
    expect(facts).toBeDefined();
    const before = computeScorecard([d], targets, new Date('2026-03-02T00:00:00Z'), {
      month: FIXTURE_MONTH,
    }).departments;
    const onTime = before[0].indicators.find((i) => i.key === 'on_time');
    expect(onTime).toMatchObject({ numerator: 0, denominator: 0, value: null });
  });

  it('ignores a case without its case.received event', () => {
    expect(caseFacts({ caseCode: 'X', department: 'STP', events: [] })).toBeUndefined();
  });

  it('writes CSV with a header and one row per scope and indicator', () => {
    const csv = scorecardCsv(month);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'month,department,key,labelVi,labelEn,numerator,denominator,value,target,met,scope,procedureCode,procedureName,measure,direction,targetBy,plan',
    );
    // 3 departments, 2 procedures (the example's, T's unlisted one), the total: 15 rows each.
    expect(lines).toHaveLength(1 + (3 + 2 + 1) * 15);
    expect(lines).toContain(
      '2026-03,STP,online_payment,"Hồ sơ có phí, lệ phí được thanh toán trực tuyến",Fee-bearing dossiers paid online,2,4,0.5,0.8,false,department,,,share,at_least,,fixture plan',
    );
    expect(lines).toContain(
      '2026-03,STP,early,Hồ sơ giải quyết trước hạn,Dossiers resolved early,2,5,0.4,,,department,,,share,at_least,,fixture plan',
    );
    expect(lines).toContain(
      `2026-03,,restructured_procedures,Thủ tục được tái cấu trúc dựa trên dữ liệu,Procedures restructured on data,2,3,0.666667,0.8,false,total,,,share,at_least,2026-06-30,fixture plan`,
    );
    expect(lines).toContain(
      `2026-03,,fully_online_procedures,Thủ tục cung cấp dịch vụ công trực tuyến toàn trình,Procedures offered fully online,1,1,1,0.8,true,procedure,${EXAMPLE_PROCEDURE},Đăng ký khai sinh,share,at_least,,fixture plan`,
    );
  });
});

describe('indicator targets file', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shipped = require('../../config/indicator-targets.json') as Record<string, unknown>;

  it('accepts the shipped file, every target with the plan it comes from', () => {
    const parsed = parseIndicatorTargets(JSON.stringify(shipped), 'indicator-targets.json');
    expect(parsed.synced.steps).toEqual([{ value: 1, by: null }]);
    expect(parsed.early.steps).toEqual([{ value: 0.2, by: null }]);
    expect(parsed.online_intake.steps).toEqual([]);
    for (const key of indicatorKeys) expect(parsed[key].plan.length).toBeGreaterThan(10);
    // The restructuring target has deadlines: 80% by 30 June 2026, 95% by 31 December 2026.
    expect(targetFor(parsed.restructured_procedures, '2026-03')).toEqual({
      value: 0.8,
      by: '2026-06-30',
    });
    expect(targetFor(parsed.restructured_procedures, '2026-06')?.value).toBe(0.8);
    expect(targetFor(parsed.restructured_procedures, '2026-07')).toEqual({
      value: 0.95,
      by: '2026-12-31',
    });
    expect(targetFor(parsed.restructured_procedures, '2027-02')?.value).toBe(0.95);
  });

  it('names every bad entry', () => {
    const bad = JSON.stringify({
      ...shipped,
      synced: { plan: 'City plans', target: 100 },
      online_intake: { plan: 'City plans', target: 'high' },
      online_time_ratio: { plan: 'City plans', target: -1 },
      early: { plan: 'City plans' },
      restructured_procedures: {
        plan: 'City plans',
        steps: [
          { target: 0.95, by: '2026-12-31' },
          { target: 0.8, by: '2026-06-31' },
        ],
      },
      extra: 1,
    });
    const problems = (() => {
      try {
        parseIndicatorTargets(bad, 't.json');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(problems).toMatch(/synced\.target: must be at most 1/);
    expect(problems).toMatch(/online_intake\.target/);
    expect(problems).toMatch(/online_time_ratio\.target: must be more than 0/);
    expect(problems).toMatch(/early: must have either target or steps/);
    expect(problems).toMatch(/restructured_procedures\.steps\.1\.by: is not a real day/);
    expect(problems).toMatch(/extra/);
    const missing = JSON.stringify({ synced: { plan: 'City plans', target: 1 } });
    expect(() => parseIndicatorTargets(missing, 't.json')).toThrow(/on_time/);
    const noPlan = JSON.stringify({ ...shipped, synced: { target: 1 } });
    expect(() => parseIndicatorTargets(noPlan, 't.json')).toThrow(/synced\.plan/);
  });
});
