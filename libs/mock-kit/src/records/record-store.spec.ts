import { RegistryStateService } from '../state/registry-state.service';
import {
  type Licence,
  type LicencePatch,
  licenceCode,
  missingLicenceCode,
  testRegistry,
} from '../test/test-registry.factory';
import { RecordStore } from './record-store';

function store(): {
  records: RecordStore<Licence, LicencePatch>;
  state: RegistryStateService<LicencePatch>;
} {
  const options = testRegistry();
  const state = new RegistryStateService<LicencePatch>(options);
  return { records: new RecordStore<Licence, LicencePatch>(state, options), state };
}

describe('RecordStore', () => {
  it('generates a record from its key, and nothing for a key nobody holds', () => {
    const { records } = store();
    expect(records.find(licenceCode())).toEqual({
      code: licenceCode(),
      holder: `Holder ${licenceCode()}`,
      status: 'active',
    });
    expect(records.find(missingLicenceCode())).toBeUndefined();
  });

  it('applies every override since the last reset, in order', () => {
    const { records, state } = store();
    expect(records.override(licenceCode(), { holder: 'A' })).toMatchObject({ holder: 'A' });
    expect(records.override(licenceCode(), { status: 'revoked' })).toMatchObject({
      holder: 'A',
      status: 'revoked',
    });
    expect(records.find(licenceCode())).toMatchObject({ holder: 'A', status: 'revoked' });
    expect(records.find(licenceCode(2))?.holder).toBe(`Holder ${licenceCode(2)}`);
    state.reset();
    expect(records.find(licenceCode())?.holder).toBe(`Holder ${licenceCode()}`);
  });

  it('keeps nothing for a key nobody holds', () => {
    const { records, state } = store();
    expect(records.override(missingLicenceCode(), { holder: 'A' })).toBeUndefined();
    expect(state.stats().overrides).toBe(0);
  });

  it('keeps nothing when the patched record would be invalid', () => {
    const { records, state } = store();
    expect(() => records.override(licenceCode(), { holder: '' })).toThrow();
    expect(state.stats().overrides).toBe(0);
    expect(records.find(licenceCode())?.holder).toBe(`Holder ${licenceCode()}`);
  });
});
