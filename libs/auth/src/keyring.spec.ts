import { ApiKeyring, KeyringConfigError, bearerToken, keyIdOf } from './keyring';

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

  it('finds the principal of a key id, never of a key itself', () => {
    expect(keyIdOf('key-for-stp-1')).toMatch(/^[0-9a-f]{16}$/);
    expect(ring.principalOfKeyId(keyIdOf('key-for-sxd-1'))).toBe('SXD');
    expect(ring.principalOfKeyId('key-for-sxd-1')).toBeUndefined();
    expect(ring.principalOfKeyId(keyIdOf('key-for-xxx-1'))).toBeUndefined();
    expect(ring.principalOfKeyId(undefined)).toBeUndefined();
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
