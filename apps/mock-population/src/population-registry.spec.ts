import { loadConfig } from '@hub/config';
import { LOOKUP_OUTCOMES } from '@hub/mock-kit';
import { mockPopulationConfigSpec } from './mock-population.config';
import { populationRegistry } from './population-registry';
import { existingPersonalId, missingPersonalId } from '@hub/testing';

const registry = populationRegistry(
  loadConfig(mockPopulationConfigSpec, {
    MOCK_POPULATION_UNLICENSED_SERVICES: '2.000777',
    MOCK_POPULATION_UNAUTHORISED_OFFICIALS: 'CB-TAM-DINH-CHI',
  }),
);

describe('the population database as the mock kit runs it', () => {
  it('takes its licensing lists from the environment', () => {
    expect(registry.licensing).toEqual({
      unlicensedServiceCodes: ['2.000777'],
      unauthorisedOfficialCodes: ['CB-TAM-DINH-CHI'],
    });
  });

  it('counts "mismatch" too: it checks name and birth date against the record', () => {
    expect(registry.outcomes).toEqual(LOOKUP_OUTCOMES);
    expect(registry.outcomes).toContain('mismatch');
  });

  it('keeps the personal ID masked in the trail and the logs', () => {
    expect(registry.subject.field).toBe('SoDinhDanh');
    expect(registry.subject.recordedAs).toBe('maskedPersonalId');
    expect(registry.subject.shown?.('001085000011')).toBe('001*******11');
  });

  it('never echoes the ID in a 404', () => {
    const problem = registry.records.notFound(missingPersonalId());
    expect(problem.status).toBe(404);
    expect(problem.code).toBe('CITIZEN_NOT_FOUND');
    expect(JSON.stringify(problem.toBody())).not.toContain(missingPersonalId());
  });

  it('serves its citizens at /__mock/citizens/:id and refuses a patch of the ID', () => {
    expect(registry.records).toMatchObject({ segment: 'citizens', param: 'id' });
    expect(registry.records.generate(existingPersonalId())?.SoDinhDanh).toBe(existingPersonalId());
    expect(registry.records.generate(missingPersonalId())).toBeUndefined();
    expect(registry.records.patchSchema.safeParse({ SoDinhDanh: '001085000021' }).success).toBe(
      false,
    );
  });
});
