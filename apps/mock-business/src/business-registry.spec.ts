import { loadConfig } from '@hub/config';
import { businessRegistry } from './business-registry';
import { mockBusinessConfigSpec } from './mock-business.config';
import { enterpriseCode } from '@hub/testing';

const registry = businessRegistry(
  loadConfig(mockBusinessConfigSpec, {
    MOCK_BUSINESS_UNLICENSED_SERVICES: '2.000777',
    MOCK_BUSINESS_UNAUTHORISED_OFFICIALS: 'CB-TAM-DINH-CHI',
  }),
);

describe('the business registry as the mock kit runs it', () => {
  it('takes its licensing lists from the environment', () => {
    expect(registry.licensing).toEqual({
      unlicensedServiceCodes: ['2.000777'],
      unauthorisedOfficialCodes: ['CB-TAM-DINH-CHI'],
    });
  });

  it('has no "mismatch" outcome: it answers a code, not a person', () => {
    expect(registry.outcomes).toEqual([
      'found',
      'not-found',
      'invalid',
      'not-licensed',
      'not-authorised',
      'faulted',
    ]);
  });

  it('keeps enterprise codes in clear: they are not personal data', () => {
    expect(registry.subject).toEqual({ field: 'msdn', recordedAs: 'enterpriseCode' });
  });

  it('names the missing code in a 404, cut to 20 characters', () => {
    const missing = enterpriseCode('missing');
    const problem = registry.records.notFound(missing);
    expect(problem.status).toBe(404);
    expect(problem.code).toBe('ENTERPRISE_NOT_FOUND');
    expect(problem.detail).toContain(missing);
    expect(registry.records.notFound('1'.repeat(40)).detail).toContain(
      ` ${'1'.repeat(20)} (see README`,
    );
  });

  it('serves its enterprises at /__mock/enterprises/:msdn', () => {
    expect(registry.records).toMatchObject({ segment: 'enterprises', param: 'msdn' });
    expect(registry.records.generate(enterpriseCode())?.MaSoDoanhNghiep).toBe(enterpriseCode());
    expect(registry.records.generate(enterpriseCode('missing'))).toBeUndefined();
  });
});
