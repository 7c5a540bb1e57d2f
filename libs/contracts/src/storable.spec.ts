import { exampleCase } from './examples';
import { parseCaseEvent } from './parse';
import { STORABLE, unstorableString } from './primitives';

/** The case events of one example case, as plain JSON objects a test may change at will. */
function events(): Record<string, unknown>[] {
  return exampleCase().events.map((e) => structuredClone(e) as Record<string, unknown>);
}

function withData(event: Record<string, unknown>, data: Record<string, unknown>) {
  return { ...event, data: { ...(event.data as Record<string, unknown>), ...data } };
}

function violations(input: unknown): { path: string; message: string }[] {
  const parsed = parseCaseEvent(input);
  return parsed.ok ? [] : parsed.violations;
}

describe('what the hub can store (one rule for every case event)', () => {
  const [received, statusChanged, payment, resultIssued] = events();

  it('accepts the example case as it is', () => {
    for (const event of exampleCase().events) expect(violations(event)).toEqual([]);
  });

  it.each([
    ['NUL', 'Nguyễn\u0000An', /U\+0000/],
    ['lone high surrogate', 'Nguyễn \ud800An', /surrogate/],
    ['lone low surrogate', '\udc00', /surrogate/],
  ])('refuses a %s in any string field, naming the field', (_, bad, message) => {
    const applicant = { ...(received.data as { applicant: object }).applicant, fullName: bad };
    expect(violations(withData(received, { applicant }))).toEqual([
      { path: 'data.applicant.fullName', message: expect.stringMatching(message) as string },
    ]);
    // Fields with no pattern of their own are covered too: the rule walks the whole event.
    expect(violations({ ...received, tracestate: `a=${bad}` })).toEqual([
      { path: 'tracestate', message: expect.stringMatching(message) as string },
    ]);
    expect(violations(withData(statusChanged, { note: bad }))).toEqual([
      { path: 'data.note', message: expect.stringMatching(message) as string },
    ]);
  });

  it('reports an unstorable string beside the event’s other faults', () => {
    const found = violations({ ...withData(payment, { paymentRef: 'x\u0000' }), sequence: 0 });
    expect(found.map((v) => v.path).sort()).toEqual(['data.paymentRef', 'sequence']);
  });

  it('keeps a surrogate pair (an emoji, a rare CJK name) and other Unicode', () => {
    const applicant = {
      ...(received.data as { applicant: object }).applicant,
      fullName: 'Nguyễn 𠀋 😀',
    };
    expect(violations(withData(received, { applicant }))).toEqual([]);
    expect(unstorableString('Hà Nội 𠀋')).toBeUndefined();
  });

  it('refuses moments before 2000 and after the hub’s clock plus a day', () => {
    expect(violations({ ...received, time: '0000-01-01T00:00:00Z' })).toEqual([
      { path: 'time', message: 'must not be before 2000-01-01' },
    ]);
    expect(violations(withData(received, { receivedAt: '1999-12-31T23:59:59Z' }))).toEqual([
      { path: 'data.receivedAt', message: 'must not be before 2000-01-01' },
    ]);
    const tooLate = new Date(Date.now() + STORABLE.clockSkewMs + 60_000).toISOString();
    const soon = new Date(Date.now() + STORABLE.clockSkewMs - 60_000).toISOString();
    expect(violations(withData(payment, { paidAt: tooLate })).map((v) => v.path)).toEqual([
      'data.paidAt',
    ]);
    expect(violations(withData(payment, { paidAt: soon }))).toEqual([]);
  });

  it('refuses deadlines and validity dates outside 2000..2099, birth dates before 1900 or ahead', () => {
    expect(violations(withData(received, { dueAt: '2100-01-01T00:00:00Z' }))).toEqual([
      { path: 'data.dueAt', message: 'must be before 2100-01-01' },
    ]);
    expect(violations(withData(received, { dueAt: '2099-12-31T23:59:59+07:00' }))).toEqual([]);
    expect(violations(withData(statusChanged, { newDueAt: '9999-01-01T00:00:00Z' }))).toHaveLength(1);
    const docs = (resultIssued.data as { documents: object[] }).documents;
    const validUntil = (v: string) =>
      violations(withData(resultIssued, { documents: [{ ...docs[0], validUntil: v }] }));
    expect(validUntil('2035-06-30')).toEqual([]);
    expect(validUntil('0000-01-01').map((v) => v.path)).toEqual(['data.documents[0].validUntil']);
    const birth = (d: string) =>
      violations(
        withData(received, {
          applicant: { ...(received.data as { applicant: object }).applicant, dateOfBirth: d },
        }),
      );
    expect(birth('1930-02-01')).toEqual([]);
    expect(birth('1899-12-31')).toEqual([
      { path: 'data.applicant.dateOfBirth', message: 'must not be before 1900-01-01' },
    ]);
    expect(birth('2999-01-01')).toEqual([
      { path: 'data.applicant.dateOfBirth', message: 'must not be in the future' },
    ]);
  });

  it('refuses UTC offsets beyond ±14:00 (Postgres takes up to ±15:59, no zone uses them)', () => {
    const at = (offset: string) => violations({ ...received, time: `2026-03-12T08:30:00${offset}` });
    expect(at('+14:00')).toEqual([]);
    expect(at('-12:00')).toEqual([]);
    expect(at('+23:59')).toEqual([
      { path: 'time', message: 'must have a UTC offset between -14:00 and +14:00' },
    ]);
    expect(at('-14:01')).toHaveLength(1);
  });

  it('refuses a case code whose yyMMdd is not a real day (the portal does)', () => {
    const code = '000.00.01.H26-260230-00042';
    const event = { ...withData(received, { caseCode: code }), subject: code };
    expect(violations(event)).toEqual([
      { path: 'subject', message: expect.stringContaining('real day') as string },
      { path: 'data.caseCode', message: expect.stringContaining('real day') as string },
    ]);
  });

  it('does not quote the refused value (it may be a personal ID)', () => {
    const applicant = {
      ...(received.data as { applicant: object }).applicant,
      personalId: '00120300\u00004567',
    };
    const text = JSON.stringify(violations(withData(received, { applicant })));
    expect(text).toContain('data.applicant.personalId');
    expect(text).not.toContain('00120300');
  });
});

