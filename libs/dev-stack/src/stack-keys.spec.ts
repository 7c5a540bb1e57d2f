import {
  DEMO_API_KEYS,
  DEMO_OPS_KEYS,
  DEMO_PII_KEYS,
  DEMO_DEPARTMENTS,
  KEY_VARIABLES,
  resolveDepartments,
  resolveKeys,
} from '@hub/dev-stack';

describe('resolveKeys (which keys the dev stack gives its apps)', () => {
  const given = { HUB_API_KEYS: 'STP:my-own-stp-key', HUB_OPS_KEYS: 'ops:my-own-ops-key' };

  it("npm start ('environment') keeps the keys set in the environment, demo keys for the rest", () => {
    const { keys, keySources } = resolveKeys('environment', given);
    expect(keys.HUB_API_KEYS).toBe('STP:my-own-stp-key');
    expect(keys.HUB_OPS_KEYS).toBe('ops:my-own-ops-key');
    expect(keys.PII_HASH_KEY).toBe(DEMO_PII_KEYS.PII_HASH_KEY);
    expect(keySources).toEqual({
      HUB_API_KEYS: 'environment',
      HUB_OPS_KEYS: 'environment',
      HUB_AUDITOR_KEYS: 'demo',
      HUB_ADMIN_KEYS: 'demo',
      PII_ENCRYPTION_KEY: 'demo',
      PII_HASH_KEY: 'demo',
    });
  });

  it('gives the demo keys when none are set (an empty variable counts as not set)', () => {
    const { keys, keySources } = resolveKeys('environment', { HUB_API_KEYS: ' ' });
    expect(keys).toEqual(KEY_VARIABLES);
    expect(Object.values(keySources)).toEqual(Object.values(KEY_VARIABLES).map(() => 'demo'));
  });

  it("tests ('demo') always get the demo keys, whatever the environment says", () => {
    const { keys } = resolveKeys('demo', given);
    expect(keys.HUB_API_KEYS).toBe(DEMO_API_KEYS);
    expect(keys.HUB_OPS_KEYS).toBe(DEMO_OPS_KEYS);
  });
});

describe('resolveDepartments (the agencies each department may open case codes under)', () => {
  it('npm start binds the demo departments to their agencies when the demo keys are in force', () => {
    expect(resolveDepartments('environment', {})).toBe(DEMO_DEPARTMENTS);
    expect(DEMO_DEPARTMENTS).toMatch(/^STP:000\.00\.01\.H26,/);
  });

  it('keeps yours, and binds nothing for keys of yours without departments', () => {
    expect(resolveDepartments('environment', { HUB_DEPARTMENTS: 'STP:000.00.09.H26' })).toBe(
      'STP:000.00.09.H26',
    );
    expect(resolveDepartments('environment', { HUB_API_KEYS: 'XYZ:k' })).toBeUndefined();
  });

  it("tests ('demo') bind nothing unless they ask", () => {
    expect(resolveDepartments('demo', { HUB_DEPARTMENTS: 'STP:000.00.09.H26' })).toBeUndefined();
  });
});
