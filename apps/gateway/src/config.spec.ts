import { ConfigError, loadConfig } from '@hub/config';
import { gatewayConfigSpec, rateLimitPolicy } from './config';

// Everything else the gateway requires (Kafka intake, auditor keys, once-only prefill), valid.
const base = {
  DATABASE_URL: 'postgres://localhost/hub',
  KAFKA_BROKERS: '127.0.0.1:9092',
  HUB_AUDITOR_KEYS: 'auditor:auditor-key-1',
  PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  PII_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
  POPULATION_URL: 'http://127.0.0.1:4002/csdlqgdc/api/v1',
  BUSINESS_URL: 'http://127.0.0.1:4003/dkkd/api/v1',
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
});
