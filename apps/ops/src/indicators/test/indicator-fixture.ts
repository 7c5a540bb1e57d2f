import { type CaseEventInput, exampleCase, type PaymentCompletedV1 } from '@hub/contracts';
import type { IndicatorKey, IndicatorTargets, TargetSpec } from '../indicator-definitions';
import { indicatorKeys } from '../indicator-definitions';
import type { CaseEvents, CatalogView } from '../indicator-formulas';

/*
 * Hand-made cases for the indicator formulas (docs/indicators.md), built from the exampleCase
 * factory. The unit spec and the integration spec assert the same hand-computed numbers.
 *
 * exampleCase: received (online, 2 digitised documents, one fee of 8000, due 3 days later) at t0,
 * processing t0+30m, payment online t0+60m, electronic result t0+120m, result_returned t0+180m.
 */

export const FIXTURE_MONTH = '2026-03';
/** "Now" for the scorecard: every March deadline has passed. */
export const FIXTURE_AS_OF = new Date('2026-04-10T00:00:00Z');

type Data = Record<string, unknown>;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const hanoi = (t: number): string =>
  `${new Date(t + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;

function withData(event: CaseEventInput, patch: Data, time?: string): CaseEventInput {
  const data = { ...(event.data as Data), ...patch };
  return { ...event, ...(time ? { time } : {}), data } as CaseEventInput;
}

/** Renumbers sequences 1..n (after dropping events) keeping ids unique. */
function renumber(events: CaseEventInput[]): CaseEventInput[] {
  return events.map((e, i) => ({ ...e, sequence: i + 1, id: `${e.id}-r${i + 1}` }));
}

export interface FixtureCase {
  label: string;
  department: string;
  caseCode: string;
  events: CaseEventInput[];
  /** Sequences whose portal sync is NOT synced (every other event is). */
  unsynced: number[];
  /** Once-only's accounting (once_only_api.case_reuse); absent when once-only has none. */
  reuse?: { askedAgain: boolean };
  /**
   * A payment the national platform confirmed, which the hub appends after the department's
   * last event (hubsequence 1); always synced.
   */
  hubPayment?: { id: string; time: string; data: PaymentCompletedV1 };
}

/** The procedure every exampleCase is for, and two test-only ones. */
export const EXAMPLE_PROCEDURE = '1.001193';
export const LINKED_PROCEDURE = '9.000101';
export const UNLISTED_PROCEDURE = '9.000102';

/**
 * The catalog the fixture is judged against: the example's procedure offered fully online (no
 * reuse link; its dossiers B and C reuse documents, so it is restructured anyway), a procedure
 * with no dossiers whose document a result can replace, and UNLISTED_PROCEDURE not in it.
 */
export const FIXTURE_CATALOG: CatalogView = new Map([
  [EXAMPLE_PROCEDURE, { name: 'Đăng ký khai sinh', fullyOnline: true, reuseLinked: false }],
  [LINKED_PROCEDURE, { name: 'Thủ tục thử nghiệm', fullyOnline: false, reuseLinked: true }],
]);

const fixed = (value: number | null): TargetSpec => ({
  plan: 'fixture plan',
  steps: value === null ? [] : [{ value, by: null }],
});

/** The shipped targets' values without their plans, plus the stepped restructuring target. */
export function fixtureTargets(): IndicatorTargets {
  const values: Record<IndicatorKey, number | null> = {
    synced: 1,
    online_intake: 0.95,
    online_payment: 0.8,
    electronic_results: 1,
    digitised_documents: 1,
    reused_data: 0.8,
    on_time: 0.98,
    early: null,
    fully_online_dossiers: 0.95,
    fully_online_procedures: 0.8,
    restructured_procedures: null,
    online_time_ratio: 0.8,
    business_info_once: 0.8,
    open_past_due: null,
    online_payment_confirmed: 0.8,
  };
  const targets = Object.fromEntries(indicatorKeys.map((k) => [k, fixed(values[k])])) as Record<
    IndicatorKey,
    TargetSpec
  >;
  targets.restructured_procedures = {
    plan: 'fixture plan',
    steps: [
      { value: 0.8, by: '2026-06-30' },
      { value: 0.95, by: '2026-12-31' },
    ],
  };
  return targets;
}

export function indicatorFixture(): FixtureCase[] {
  const make = (label: string, number: number, startAt: string, department = 'STP') => {
    const t0 = new Date(startAt).getTime();
    const c = exampleCase({ number, startAt: new Date(t0), department, day: '260301' });
    return { label, department, caseCode: c.caseCode, events: c.events, t0, due: t0 + 3 * DAY };
  };

  // A: the example as is, fully synced.
  const a = make('A', 901, '2026-03-12T01:30:00Z');

  // B: in person, one document not digitised and one reused, paid in cash, paper result issued
  // 1 h after the deadline; its last event never reached the portal.
  const b = make('B', 902, '2026-03-05T02:00:00Z');
  const [b1, b2, b3, b4, b5] = b.events;
  const bEvents = [
    withData(b1, {
      channel: 'in_person',
      documents: [
        { code: 'TK-KS', name: 'Tờ khai', digitised: false },
        { code: 'GCS', name: 'Giấy chứng sinh', digitised: true, reusedFrom: 'KQ-2026-0001' },
      ],
    }),
    b2,
    withData(b3, { method: 'cash' }),
    withData(b4, { electronic: false, issuedAt: hanoi(b.due + 60 * MIN) }, hanoi(b.due + 60 * MIN)),
    withData(b5, { changedAt: hanoi(b.due + 120 * MIN) }, hanoi(b.due + 120 * MIN)),
  ];

  // C: no fees and no payment; its one document is reused; the result comes exactly at the
  // deadline (on time, not early: same day).
  const c = make('C', 903, '2026-03-10T03:00:00Z');
  const [c1, c2, , c4, c5] = c.events;
  const cEvents = renumber([
    withData(c1, {
      fees: [],
      documents: [{ code: 'TK-KS', name: 'Tờ khai', digitised: true, reusedFrom: 'KQ-2026-0002' }],
    }),
    c2,
    withData(c4, { issuedAt: hanoi(c.due) }, hanoi(c.due)),
    withData(c5, { changedAt: hanoi(c.due + 60 * MIN) }, hanoi(c.due + 60 * MIN)),
  ]);

  // D: received 1 March 00:10 in Hanoi (still 28 February in UTC), still processing, unpaid,
  // deadline long past: counts as late.
  const d = make('D', 904, '2026-02-28T17:10:00Z');
  const dEvents = d.events.slice(0, 2);

  // E: postal, no documents, no fees, refused: no deadline to keep (not counted for timeliness).
  const e = make('E', 905, '2026-03-20T02:00:00Z');
  const [e1, e2] = e.events;
  const eEvents = [
    withData(e1, { channel: 'postal', documents: [], fees: [] }),
    withData(e2, { status: 'refused', note: 'Hồ sơ không hợp lệ' }),
  ];

  // H: the deadline is extended by 10 days while processing; the result comes a day after the
  // original deadline: on time and early against the extended one. Paid through the national
  // payment platform, which confirmed it to the hub: the department reports no payment.
  const h = make('H', 906, '2026-03-25T02:00:00Z');
  const [h1, h2, h3, h4, h5] = h.events;
  const hEvents = renumber([
    h1,
    withData(h2, { newDueAt: hanoi(h.due + 10 * DAY) }),
    withData(h4, { issuedAt: hanoi(h.due + DAY) }, hanoi(h.due + DAY)),
    withData(h5, { changedAt: hanoi(h.due + DAY + 60 * MIN) }, hanoi(h.due + DAY + 60 * MIN)),
  ]);
  const hPayment = {
    id: `hub-payment-${h.caseCode}`,
    time: h3.time,
    data: { ...(h3.data as PaymentCompletedV1), method: 'national_payment_platform' as const },
  };

  // F: received 1 April 00:30 in Hanoi (31 March in UTC): not a March case.
  const f = make('F', 907, '2026-03-31T17:30:00Z');

  // S: another department, the example as is but for an enterprise that was not asked again.
  const s = make('S', 908, '2026-03-15T02:00:00Z', 'SXD');
  const [s1, ...sRest] = s.events;
  const sEvents = [
    withData(s1, {
      applicant: { kind: 'enterprise', enterpriseCode: '0109876543', fullName: 'Công ty Ví Dụ' },
    }),
    ...sRest,
  ];

  // T: a third department, an enterprise asked again for what the hub held; in person, for a
  // procedure the catalog lacks; still open, its deadline extended to 30 April (not past due).
  const t = make('T', 909, '2026-03-30T02:00:00Z', 'SCT');
  const [t1, t2] = t.events;
  const tEvents = [
    withData(t1, {
      procedureCode: UNLISTED_PROCEDURE,
      channel: 'in_person',
      applicant: { kind: 'enterprise', enterpriseCode: '0101112223', fullName: 'Công ty Thử' },
    }),
    withData(t2, { newDueAt: '2026-04-30T17:00:00+07:00' }),
  ];

  const fixture = (
    x: { label: string; department: string; caseCode: string },
    events: CaseEventInput[],
    unsynced: number[] = [],
    reuse?: { askedAgain: boolean },
    hubPayment?: FixtureCase['hubPayment'],
  ): FixtureCase => ({
    label: x.label,
    department: x.department,
    caseCode: x.caseCode,
    events,
    unsynced,
    ...(reuse ? { reuse } : {}),
    ...(hubPayment ? { hubPayment } : {}),
  });
  return [
    // A citizen asked again: not in business_info_once, which counts enterprises only.
    fixture(a, a.events, [], { askedAgain: true }),
    fixture(b, bEvents, [5]),
    fixture(c, cEvents),
    fixture(d, dEvents),
    fixture(e, eEvents),
    fixture(h, hEvents, [], undefined, hPayment),
    fixture(f, f.events),
    fixture(s, sEvents, [], { askedAgain: false }),
    fixture(t, tEvents, [], { askedAgain: true }),
  ];
}

/** The fixture as the loader would return it (for the pure formulas). */
export function asCaseEvents(cases: readonly FixtureCase[]): CaseEvents[] {
  return cases.map((c) => ({
    caseCode: c.caseCode,
    department: c.department,
    events: [
      ...c.events.map((e) => ({
        type: e.type,
        sequence: e.sequence,
        data: e.data,
        synced: !c.unsynced.includes(e.sequence),
      })),
      ...(c.hubPayment
        ? [
            {
              type: 'payment.completed',
              sequence: c.events.length,
              hubSequence: 1,
              data: c.hubPayment.data,
              synced: true,
            },
          ]
        : []),
    ],
    ...(c.reuse ? { reuse: c.reuse } : {}),
  }));
}
