import { ConfigError, loadConfig } from '@hub/config';
import { mockPopulationConfigSpec } from './mock-population.config';

describe('mock population config', () => {
  it('has working defaults', () => {
    const config = loadConfig(mockPopulationConfigSpec, {});
    expect(config.MOCK_POPULATION_PORT).toBe(4002);
    expect(config.MOCK_POPULATION_HOST).toBe('127.0.0.1');
    expect(config.MOCK_POPULATION_UNLICENSED_SERVICES).toEqual(['9.999999']);
    expect(config.MOCK_POPULATION_UNAUTHORISED_OFFICIALS).toEqual(['CB-CHUA-CAP-QUYEN']);
  });

  it('reads the licensing lists; an empty value, like everywhere in @hub/config, means unset', () => {
    const config = loadConfig(mockPopulationConfigSpec, {
      MOCK_POPULATION_UNLICENSED_SERVICES: '2.000777, 2.000778',
      MOCK_POPULATION_UNAUTHORISED_OFFICIALS: '',
    });
    expect(config.MOCK_POPULATION_UNLICENSED_SERVICES).toEqual(['2.000777', '2.000778']);
    expect(config.MOCK_POPULATION_UNAUTHORISED_OFFICIALS).toEqual(['CB-CHUA-CAP-QUYEN']);
  });

  it('refuses a bad port', () => {
    expect(() => loadConfig(mockPopulationConfigSpec, { MOCK_POPULATION_PORT: 'eighty' })).toThrow(
      ConfigError,
    );
  });
});
