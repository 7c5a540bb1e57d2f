import fc from 'fast-check';
import { CASE_CODE } from '../test/payment-fixtures';
import { StartPaymentCommand } from './start-payment.command';

const create = (body: unknown, caseCode = CASE_CODE) =>
  StartPaymentCommand.create({ department: 'STP', caseCode, body, requestIp: '10.1.2.3' });

const pathsOf = (body: unknown, caseCode?: string): string[] => {
  const built = create(body, caseCode);
  return built.ok ? [] : built.errors.map((e) => e.path);
};

describe('StartPaymentCommand', () => {
  it('takes no body as "every fee due, paid from the address the request came from"', () => {
    const built = create(undefined);
    expect(built.ok && built.command).toMatchObject({
      department: 'STP',
      caseCode: CASE_CODE,
      fees: undefined,
      payerIp: '10.1.2.3',
      bankCode: undefined,
    });
    expect(create({}).ok).toBe(true);
  });

  it('takes the fees, the payer’s address and a bank', () => {
    const built = create({ fees: ['LP-KS'], payerIp: '2001:db8::7', bankCode: 'VCB' });
    expect(built.ok && built.command).toMatchObject({
      fees: ['LP-KS'],
      payerIp: '2001:db8::7',
      bankCode: 'VCB',
    });
  });

  it('names every bad field with its reason', () => {
    const built = create(
      { fees: ['LP-KS', 'LP-KS', ''], payerIp: '999.1.1.1', bankCode: 'V C B', extra: 1 },
      'not-a-case',
    );
    expect(built.ok ? [] : built.errors).toEqual([
      { path: 'caseCode', message: 'must be a case code like 000.00.01.H26-260312-00042' },
      { path: 'fees[2]', message: 'must not be empty' },
      { path: 'fees[1]', message: 'is listed twice' },
      { path: 'payerIp', message: 'must be an IPv4 or IPv6 address' },
      { path: 'bankCode', message: 'must be 1 to 20 letters or digits' },
      { path: 'extra', message: 'is not a known field' },
    ]);
    expect(pathsOf({ fees: [] })).toEqual(['fees']);
    expect(pathsOf({ fees: 'LP-KS' })).toEqual(['fees']);
    expect(pathsOf({ fees: [7] })).toEqual(['fees[0]']);
    expect(pathsOf({ fees: ['a\u0000b'] })).toEqual(['fees[0]']);
    expect(pathsOf(null)).toEqual(['(root)']);
    expect(pathsOf([])).toEqual(['(root)']);
  });

  it('never throws, and names a field for every body it refuses (generated bodies)', () => {
    const hostile = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.constantFrom('\u0000', '\ud800', ' ', '9'.repeat(12), '::', '0.0.0.0/0', '%00'),
    );
    const body = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      fc.record(
        {
          fees: fc.oneof(hostile, fc.array(hostile, { maxLength: 60 })),
          payerIp: hostile,
          bankCode: hostile,
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(fc.string({ maxLength: 20 }), hostile, { maxKeys: 5 }),
    );
    const caseCode = fc.oneof(fc.constant(CASE_CODE), fc.string({ maxLength: 40 }));
    fc.assert(
      fc.property(body, caseCode, (b, code) => {
        const built = create(b, code);
        if (built.ok) return;
        expect(built.errors.length).toBeGreaterThan(0);
        // A field of the contract, the whole body, or a field the body has that is not one.
        const sent = typeof b === 'object' && b !== null ? Object.keys(b) : [];
        for (const error of built.errors) {
          const named =
            /^(caseCode|\(root\)|fees(\[\d+\])?|payerIp|bankCode)$/.test(error.path) ||
            sent.includes(error.path);
          expect(named).toBe(true);
          expect(error.message).toMatch(/\S/);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
