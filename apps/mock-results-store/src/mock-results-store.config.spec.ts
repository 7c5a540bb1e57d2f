import { ConfigError, loadConfig } from '@hub/config';
import { mockResultsStoreConfigSpec } from './mock-results-store.config';

describe('mock results store config', () => {
  it('has working defaults', () => {
    const config = loadConfig(mockResultsStoreConfigSpec, {});
    expect(config.MOCK_RESULTS_STORE_PORT).toBe(4004);
    expect(config.MOCK_RESULTS_STORE_HOST).toBe('127.0.0.1');
    expect(config.MOCK_RESULTS_STORE_UNLICENSED_PROCEDURES).toEqual(['9.999999']);
    expect(config.MOCK_RESULTS_STORE_UNAUTHORISED_CALLERS).toEqual(['000.00.99.H26']);
  });

  it('refuses a bad port', () => {
    expect(() =>
      loadConfig(mockResultsStoreConfigSpec, { MOCK_RESULTS_STORE_PORT: 'eighty' }),
    ).toThrow(ConfigError);
  });
});
