import { ApiKeyring, KeyringConfigError, bearerToken } from './keyring';

describe('ApiKeyring', () => {
  const ring = ApiKeyring.parse('STP:key-for-stp-1, SXD:key-for-sxd-1', 'HUB_API_KEYS');

  it('identifies the department of a key and nobody for an unknown key', () => {
    expect(ring.identify('key-for-stp-1')).toBe('STP');
    expect(ring.identify('key-for-sxd-1')).toBe('SXD');
    expect(ring.identify('key-for-xxx-1')).toBeUndefined();
    expect(ring.identify(undefined)).toBeUndefined();
  });

  it('rejects malformed entries naming the variable', () => {
    expect(() => ApiKeyring.parse('STP', 'HUB_API_KEYS')).toThrow(KeyringConfigError);
    expect(() => ApiKeyring.parse('STP:short', 'HUB_API_KEYS')).toThrow(/HUB_API_KEYS entry 1/);
    expect(() => ApiKeyring.parse('', 'HUB_API_KEYS')).toThrow(/lists no keys/);
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
