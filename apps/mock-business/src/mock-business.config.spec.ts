import { ConfigError, loadConfig } from '@hub/config';
import { mockBusinessConfigSpec } from './mock-business.config';

describe('mock business config', () => {
  it('has working defaults', () => {
    const config = loadConfig(mockBusinessConfigSpec, {});
    expect(config.MOCK_BUSINESS_PORT).toBe(4003);
    expect(config.MOCK_BUSINESS_HOST).toBe('127.0.0.1');
    expect(config.MOCK_BUSINESS_UNLICENSED_SERVICES).toEqual(['9.999999']);
    expect(config.MOCK_BUSINESS_UNAUTHORISED_OFFICIALS).toEqual(['CB-CHUA-CAP-QUYEN']);
  });

  it('reads the licensing lists; an empty value, like everywhere in @hub/config, means unset', () => {
    const config = loadConfig(mockBusinessConfigSpec, {
      MOCK_BUSINESS_UNLICENSED_SERVICES: '2.000777, 2.000778',
      MOCK_BUSINESS_UNAUTHORISED_OFFICIALS: '',
    });
    expect(config.MOCK_BUSINESS_UNLICENSED_SERVICES).toEqual(['2.000777', '2.000778']);
    expect(config.MOCK_BUSINESS_UNAUTHORISED_OFFICIALS).toEqual(['CB-CHUA-CAP-QUYEN']);
  });

  it('refuses a bad port', () => {
    expect(() => loadConfig(mockBusinessConfigSpec, { MOCK_BUSINESS_PORT: 'eighty' })).toThrow(
      ConfigError,
    );
  });
});
