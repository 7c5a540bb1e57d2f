import { ConfigError, loadConfig } from '@hub/config';
import { gatewayConfigSpec, loadGatewayConfig, rateLimitPolicy } from './config';
import { ConfiguredDepartments } from './department-keys/configured-departments';

// Everything else the gateway requires (Kafka intake, auditor keys, once-only prefill), valid.
const base = {
  DATABASE_URL: 'postgres://localhost/hub',
  KAFKA_BROKERS: '127.0.0.1:9092',
  HUB_AUDITOR_KEYS: 'auditor:auditor-key-1',
  PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  PII_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
  POPULATION_URL: 'http://127.0.0.1:4002/csdlqgdc/api/v1',
  BUSINESS_URL: 'http://127.0.0.1:4003/dkkd/api/v1',
  RESULTS_STORE_URL: 'http://127.0.0.1:4004/khoketqua/api/v1',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(gatewayConfigSpec, { ...base, ...env });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.variable}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('gateway config (keys and limits)', () => {
  it('runs without env department keys or admin keys, with the documented defaults', () => {
    const config = loadConfig(gatewayConfigSpec, base);
    expect(config).toMatchObject({
      HUB_API_KEYS: '',
      HUB_ADMIN_KEYS: '',
      KEY_CACHE_TTL_MS: 5000,
      KEY_ROTATION_OVERLAP_SECONDS: 86_400,
      RATE_LIMIT_PER_SECOND: 100,
      RATE_LIMIT_BURST: 200,
    });
    expect(rateLimitPolicy(config).limitFor('STP', null)).toEqual({ perSecond: 100, burst: 200 });
  });

  it('reads per-department limits', () => {
    const config = loadConfig(gatewayConfigSpec, { ...base, RATE_LIMIT_DEPARTMENTS: 'SXD:2/4' });
    expect(rateLimitPolicy(config).limitFor('SXD', null)).toEqual({ perSecond: 2, burst: 4 });
  });

  it('names every bad variable without echoing keys', () => {
    const problems = problemsOf({
      HUB_ADMIN_KEYS: 'admin:short',
      KEY_CACHE_TTL_MS: '600000',
      RATE_LIMIT_PER_SECOND: '0',
      RATE_LIMIT_DEPARTMENTS: 'STP:fast',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'HUB_ADMIN_KEYS',
      'KEY_CACHE_TTL_MS',
      'RATE_LIMIT_DEPARTMENTS',
      'RATE_LIMIT_PER_SECOND',
    ]);
    expect(problems.join('\n')).not.toContain('short');
  });

  it('reads the departments and their agency codes, and names a bad list', () => {
    const config = loadGatewayConfig({
      ...base,
      HUB_API_KEYS: 'STP:stp-key-123',
      HUB_DEPARTMENTS: 'STP:000.00.01.H26|000.00.02.H26,SXD:000.00.03.H26',
    });
    const departments = ConfiguredDepartments.fromConfig(config);
    expect(departments.names).toEqual(['STP', 'SXD']);
    expect(departments.mayUseCaseCode('STP', '000.00.02.H26-260312-00001')).toBe(true);
    expect(departments.mayUseCaseCode('SXD', '000.00.01.H26-260312-00001')).toBe(false);
    expect(problemsOf({ HUB_DEPARTMENTS: 'STP:000.00.01.H26,SXD:000.00.01.H26' })).toEqual([
      expect.stringMatching(/^HUB_DEPARTMENTS: entry 2: agency 000.00.01.H26 is already STP's/),
    ]);
    expect(problemsOf({ HUB_DEPARTMENTS: 'STP' })[0]).toMatch(/^HUB_DEPARTMENTS: entry 1/);
    expect(problemsOf({ HUB_DEPARTMENTS: 'STP:h26' })[0]).toMatch(/"h26" is not an agency code/);
  });

  it('refuses department keys or limits for departments HUB_DEPARTMENTS does not list', () => {
    expect(() =>
      loadGatewayConfig({
        ...base,
        HUB_DEPARTMENTS: 'STP:000.00.01.H26',
        HUB_API_KEYS: 'STP:stp-key-123,SYT:syt-key-123',
        RATE_LIMIT_DEPARTMENTS: 'SXD:2/4',
      }),
    ).toThrow(
      /HUB_API_KEYS: names SYT, not listed in HUB_DEPARTMENTS[\s\S]*RATE_LIMIT_DEPARTMENTS: names SXD/,
    );
  });

  it('without HUB_DEPARTMENTS, knows the departments of the keys and limits and binds no agency', () => {
    const departments = ConfiguredDepartments.fromConfig(
      loadGatewayConfig({
        ...base,
        HUB_API_KEYS: 'STP:stp-key-123',
        RATE_LIMIT_DEPARTMENTS: 'SXD:2/4',
      }),
    );
    expect(departments.names).toEqual(['STP', 'SXD']);
    expect(departments.bindsAgencies).toBe(false);
    expect(departments.mayUseCaseCode('SXD', '000.00.01.H26-260312-00001')).toBe(true);
  });

  it('runs without the payment platform, and names what the platform needs when it is set', () => {
    expect(loadGatewayConfig(base).PAYMENT_PLATFORM_URL).toBeUndefined();
    expect(() =>
      loadGatewayConfig({
        ...base,
        PAYMENT_PLATFORM_URL: 'http://127.0.0.1:4005/thanhtoan/api/v1',
        PAYMENT_SECRET: 'short',
      }),
    ).toThrow(/PAYMENT_SECRET: must be at least 8 characters/);
    let message = '';
    try {
      loadGatewayConfig({
        ...base,
        PAYMENT_PLATFORM_URL: 'http://127.0.0.1:4005/thanhtoan/api/v1',
        PAYMENT_SECRET: 'secret-not-to-be-echoed',
        HUB_DEPARTMENTS: 'STP:000.00.01.H26',
        HUB_API_KEYS: 'STP:stp-key-123',
        PAYMENT_BENEFICIARIES: 'STP:1|KBNN|Sở Tư pháp,SYT:2|VCB|Sở Y tế',
      });
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
    }
    expect(message).toMatch(/PAYMENT_PARTNER_CODE: is required when PAYMENT_PLATFORM_URL is set/);
    expect(message).toMatch(/PAYMENT_BENEFICIARIES: names SYT, not listed in HUB_DEPARTMENTS/);
    expect(message).not.toContain('secret-not-to-be-echoed');
  });
});
