import { type LookupOutcome } from '../lookups/lookup-outcome';
import { type LicencePatch, licenceCode, testRegistry } from '../test/test-registry.factory';
import { type LookupRecord, RegistryStateService } from './registry-state.service';

function entry(outcome: LookupOutcome, requestId = 'req-1'): LookupRecord {
  return {
    at: '2026-03-12T08:30:00.000Z',
    requestId,
    officialCode: 'CB-0001',
    serviceCode: '1.000001',
    purpose: '000.00.01.H26-260312-00042',
    maskedCode: '10****',
    outcome,
  };
}

describe('RegistryStateService', () => {
  it('starts every outcome the registry lists at zero, in its order', () => {
    const state = new RegistryStateService(testRegistry());
    expect(state.stats()).toEqual({
      lookups: 0,
      byOutcome: {
        found: 0,
        'not-found': 0,
        invalid: 0,
        'not-licensed': 0,
        'not-authorised': 0,
        faulted: 0,
      },
      overrides: 0,
    });
    expect(Object.keys(state.stats().byOutcome)).toEqual(testRegistry().outcomes);
    const withMismatch = new RegistryStateService(
      testRegistry({ outcomes: ['found', 'mismatch'] }),
    );
    expect(withMismatch.stats().byOutcome).toEqual({ found: 0, mismatch: 0 });
  });

  it('counts lookups by outcome and keeps the trail, newest last', () => {
    const state = new RegistryStateService(testRegistry());
    state.record(entry('found', 'a'));
    state.record(entry('faulted', 'b'));
    state.record(entry('found', 'c'));
    expect(state.stats()).toMatchObject({ lookups: 3, byOutcome: { found: 2, faulted: 1 } });
    expect(state.recent().map((r) => r.requestId)).toEqual(['a', 'b', 'c']);
    state.recent().pop();
    expect(state.recent()).toHaveLength(3);
  });

  it('keeps only the last 1000 lookups, but counts them all', () => {
    const state = new RegistryStateService(testRegistry());
    for (let i = 0; i < 1_005; i += 1) state.record(entry('found', `req-${i}`));
    const trail = state.recent();
    expect(trail).toHaveLength(1_000);
    expect(trail[0]?.requestId).toBe('req-5');
    expect(trail[999]?.requestId).toBe('req-1004');
    expect(state.stats().lookups).toBe(1_005);
  });

  it('keeps the patches of a record in the order they were put', () => {
    const state = new RegistryStateService<LicencePatch>(testRegistry());
    state.override(licenceCode(1), { holder: 'A' });
    state.override(licenceCode(1), { status: 'revoked' });
    state.override(licenceCode(2), { holder: 'B' });
    expect(state.overridesOf(licenceCode(1))).toEqual([{ holder: 'A' }, { status: 'revoked' }]);
    expect(state.overridesOf(licenceCode(3))).toEqual([]);
    expect(state.stats().overrides).toBe(2);
  });

  it('forgets overrides, counters and trail on reset', () => {
    const state = new RegistryStateService<LicencePatch>(testRegistry());
    state.override(licenceCode(), { holder: 'A' });
    state.record(entry('invalid'));
    state.reset();
    expect(state.stats()).toEqual(new RegistryStateService(testRegistry()).stats());
    expect(state.recent()).toEqual([]);
    expect(state.overridesOf(licenceCode())).toEqual([]);
  });
});
