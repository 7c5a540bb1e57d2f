import { PrefillCommand } from './prefill.command';

const valid = {
  personalId: '001090001234',
  procedureCode: '2.000488',
  purpose: '000.00.01.H26-260312-00042',
};

describe('PrefillCommand', () => {
  it('builds a citizen or an enterprise request', () => {
    const citizen = PrefillCommand.create('STP', valid);
    expect(citizen.ok && citizen.command.subject).toEqual({ kind: 'citizen', id: '001090001234' });
    const enterprise = PrefillCommand.create('STP', {
      enterpriseCode: '0101234567-001',
      procedureCode: '1.005092',
      purpose: 'x',
    });
    expect(enterprise.ok && enterprise.command.subject).toEqual({
      kind: 'enterprise',
      id: '0101234567-001',
    });
  });

  it('requires a purpose, naming it', () => {
    expect(PrefillCommand.create('STP', { ...valid, purpose: undefined })).toEqual({
      ok: false,
      errors: [
        { path: 'query.purpose', message: expect.stringMatching(/^is required/) as unknown },
      ],
    });
  });

  it('names a malformed personal ID or enterprise code', () => {
    expect(PrefillCommand.create('STP', { ...valid, personalId: '12345' })).toEqual({
      ok: false,
      errors: [{ path: 'query.personalId', message: 'must be exactly 12 digits' }],
    });
    const bad = PrefillCommand.create('STP', {
      enterpriseCode: '01012345',
      procedureCode: '1.005092',
      purpose: 'x',
    });
    expect(!bad.ok && bad.errors.map((e) => e.path)).toEqual(['query.enterpriseCode']);
  });

  it('wants exactly one subject and a procedure code, reporting every problem at once', () => {
    const none = PrefillCommand.create('STP', { purpose: 'x' });
    expect(!none.ok && none.errors.map((e) => e.path)).toEqual([
      'query.personalId',
      'query.procedureCode',
    ]);
    const both = PrefillCommand.create('STP', { ...valid, enterpriseCode: '0101234567' });
    expect(!both.ok && both.errors.map((e) => e.path)).toEqual(['query.enterpriseCode']);
    const repeated = PrefillCommand.create('STP', { ...valid, personalId: ['1', '2'] });
    expect(!repeated.ok && repeated.errors[0]).toEqual({
      path: 'query.personalId',
      message: 'must be given once',
    });
    const badProcedure = PrefillCommand.create('STP', { ...valid, procedureCode: 'abc' });
    expect(!badProcedure.ok && badProcedure.errors[0]?.path).toBe('query.procedureCode');
  });
});
