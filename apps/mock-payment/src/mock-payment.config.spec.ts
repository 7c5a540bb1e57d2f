import { ConfigError, loadConfig } from '@hub/config';
import { mockPaymentConfigSpec } from './mock-payment.config';

describe('mock payment config', () => {
  it('has working defaults for the demo stack', () => {
    const config = loadConfig(mockPaymentConfigSpec, {});
    expect(config.MOCK_PAYMENT_PORT).toBe(4005);
    expect(config.MOCK_PAYMENT_HOST).toBe('127.0.0.1');
    expect(config.MOCK_PAYMENT_PARTNER).toBe('LIENTHONG-H26');
    expect(config.MOCK_PAYMENT_SECRET).toBe('demo-payment-secret');
    expect(config.MOCK_PAYMENT_CONFIRM_URL).toBeUndefined();
  });

  it('refuses a callback that is not a URL and a secret too short to sign with', () => {
    expect(() =>
      loadConfig(mockPaymentConfigSpec, { MOCK_PAYMENT_CONFIRM_URL: 'hub/confirm' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig(mockPaymentConfigSpec, { MOCK_PAYMENT_SECRET: 'short' })).toThrow(
      ConfigError,
    );
  });
});
