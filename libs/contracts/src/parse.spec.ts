import { exampleCase } from './examples';
import { parseCaseEvent, readCaseEvent } from './parse';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('parseCaseEvent', () => {
  const lifecycle = exampleCase();

  it('accepts every event of the example lifecycle and applies defaults', () => {
    for (const event of lifecycle.events) {
      const result = parseCaseEvent(event);
      expect(result).toMatchObject({ ok: true });
    }
    const received = parseCaseEvent(lifecycle.events[0]);
    expect(received.ok && received.value.type === 'case.received' && received.value.data.initialStatus).toBe(
      'accepted',
    );
  });

  it('names each missing, unknown and malformed field', () => {
    const event = clone(lifecycle.events[0]) as unknown as Record<string, Record<string, unknown>>;
    delete event['data']['procedureCode'];
    event['data']['colour'] = 'blue';
    (event['data']['applicant'] as Record<string, unknown>)['personalId'] = '12345';
    const result = parseCaseEvent(event);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations).toEqual(
      expect.arrayContaining([
        { path: 'data.procedureCode', message: 'is required' },
        { path: 'data.colour', message: 'is not a known field' },
        { path: 'data.applicant.personalId', message: 'must be exactly 12 digits' },
      ]),
    );
  });

  it('requires a personal ID for a citizen and an enterprise code for an enterprise', () => {
    const citizen = clone(lifecycle.events[0]) as unknown as { data: { applicant: Record<string, unknown> } };
    delete citizen.data.applicant['personalId'];
    expect(parseCaseEvent(citizen)).toEqual({
      ok: false,
      violations: [{ path: 'data.applicant.personalId', message: 'is required for a citizen' }],
    });
    const enterprise = clone(citizen);
    enterprise.data.applicant['kind'] = 'enterprise';
    enterprise.data.applicant['enterpriseCode'] = '0101234567-001';
    expect(parseCaseEvent(enterprise)).toMatchObject({ ok: true });
  });

  it('rejects a caseCode that differs from subject, and sequence rules', () => {
    const event = clone(lifecycle.events[1]) as unknown as Record<string, unknown>;
    event['subject'] = '000.00.01.H26-260312-00043';
    event['sequence'] = 1;
    const result = parseCaseEvent(event);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations.map((v) => v.path).sort()).toEqual(['data.caseCode', 'sequence']);
  });

  it('names an unknown type and a non-object body', () => {
    const event = { ...clone(lifecycle.events[1]), type: 'case.teleported' };
    const result = parseCaseEvent(event);
    expect(result).toMatchObject({ ok: false, violations: [{ path: 'type' }] });
    expect(parseCaseEvent({ specversion: '1.0' })).toMatchObject({
      ok: false,
      violations: expect.arrayContaining([
        { path: 'id', message: 'is required' },
        { path: 'type', message: 'is required' },
        { path: 'data', message: 'is required' },
      ]) as unknown,
    });
    expect(parseCaseEvent('hello')).toMatchObject({ ok: false, violations: [{ path: '(root)' }] });
  });

  it('checks that payment fees add up to the amount', () => {
    const event = clone(lifecycle.events[2]) as unknown as { data: { amount: number } };
    event.data.amount = 9000;
    expect(parseCaseEvent(event)).toEqual({
      ok: false,
      violations: [{ path: 'data.amount', message: 'must equal the sum of fees (8000)' }],
    });
  });
});

describe('readCaseEvent (consumers: tolerant reader)', () => {
  const received = () =>
    clone(exampleCase().events[0]) as unknown as Record<string, unknown> & {
      data: Record<string, unknown> & {
        documents: Record<string, unknown>[];
        applicant: Record<string, unknown>;
      };
    };

  it('reads an event from a newer release that added optional fields, dropping them', () => {
    const event = received();
    event['priority'] = 'high';
    event.data['channelDetail'] = { kiosk: 'K-12' };
    event.data.applicant['nationality'] = 'VN';
    event.data.documents[0]['pages'] = 3;
    expect(parseCaseEvent(event).ok).toBe(false);
    const read = readCaseEvent(event);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value).not.toHaveProperty('priority');
    expect(read.value.type === 'case.received' && read.value.data).not.toHaveProperty('channelDetail');
    expect(read.value.type === 'case.received' && read.value.data.documents[0]).not.toHaveProperty('pages');
    const original = parseCaseEvent(exampleCase().events[0]);
    expect(original.ok && read.value).toEqual(original.ok && original.value);
  });

  it('still refuses what breaks the known fields', () => {
    const event = received();
    delete event.data['procedureCode'];
    event.data['extra'] = true;
    expect(readCaseEvent(event)).toEqual({
      ok: false,
      violations: [{ path: 'data.procedureCode', message: 'is required' }],
    });
    expect(readCaseEvent({ ...received(), type: 'case.teleported' }).ok).toBe(false);
    expect(readCaseEvent(null).ok).toBe(false);
  });
});
