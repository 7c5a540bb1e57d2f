import { loadConfig } from '@hub/config';
import {
  parseBeneficiaries,
  paymentConfigProblems,
  paymentPlatformOptions,
  paymentSettings,
  paymentVariables,
} from './payment-config';

describe('payment config', () => {
  it('is off without PAYMENT_PLATFORM_URL, with working defaults', () => {
    const config = loadConfig(paymentVariables, {});
    expect(paymentSettings(config)).toBeUndefined();
    expect(paymentPlatformOptions(config)).toBeUndefined();
    expect(paymentConfigProblems(config)).toEqual([]);
    expect(config).toMatchObject({
      PAYMENT_SERVICE_CODE: '1',
      PAYMENT_QUERY_AFTER_MS: 300_000,
      PAYMENT_QUERY_MAX_INTERVAL_MS: 3_600_000,
    });
  });

  it('needs the partner code and the secret with the URL, naming each', () => {
    const config = loadConfig(paymentVariables, {
      PAYMENT_PLATFORM_URL: 'http://127.0.0.1:4005/thanhtoan/api/v1',
    });
    expect(paymentConfigProblems(config).map((p) => p.variable)).toEqual([
      'PAYMENT_PARTNER_CODE',
      'PAYMENT_SECRET',
    ]);
  });

  it("builds the adapter's options and the use cases' settings", () => {
    const config = loadConfig(paymentVariables, {
      PAYMENT_PLATFORM_URL: 'http://127.0.0.1:4005/thanhtoan/api/v1',
      PAYMENT_PARTNER_CODE: 'LIENTHONG-H26',
      PAYMENT_SECRET: 'demo-payment-secret',
      PAYMENT_BENEFICIARIES: 'STP:3711.0.1055123|KBNN|Sở Tư pháp Hà Nội',
      PAYMENT_TIMEOUT_MS: '2000',
    });
    expect(paymentPlatformOptions(config)).toEqual({
      baseUrl: 'http://127.0.0.1:4005/thanhtoan/api/v1',
      partnerCode: 'LIENTHONG-H26',
      secret: 'demo-payment-secret',
      timeoutMs: 2000,
      breaker: { resetTimeoutMs: 10_000 },
    });
    expect(paymentSettings(config)?.beneficiaries.get('STP')).toEqual({
      accountNumber: '3711.0.1055123',
      bankCode: 'KBNN',
      accountName: 'Sở Tư pháp Hà Nội',
    });
  });

  it('reads each department’s account and names a bad entry', () => {
    expect([
      ...parseBeneficiaries(' STP:1|KBNN|Sở Tư pháp , SXD:2|VCB|Sở Xây dựng').entries(),
    ]).toEqual([
      ['STP', { accountNumber: '1', bankCode: 'KBNN', accountName: 'Sở Tư pháp' }],
      ['SXD', { accountNumber: '2', bankCode: 'VCB', accountName: 'Sở Xây dựng' }],
    ]);
    expect(() => parseBeneficiaries('STP:1|KBNN')).toThrow(/^entry 1 must be DEPT:account/);
    expect(() => parseBeneficiaries('STP:1|KBNN|A,STP:2|VCB|B')).toThrow(/entry 2: .*twice/);
    expect(() => parseBeneficiaries(`STP:${'1'.repeat(51)}|KBNN|A`)).toThrow(/entry 1: account/);
  });
});
