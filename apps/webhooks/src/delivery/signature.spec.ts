import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signingKey, signWebhook, webhookIdOf } from './signature';

/** How secrets were issued before deliveries were signed in the Standard Webhooks format. */
const legacySecret = (bytes: Buffer) => `whsec_${bytes.toString('base64url')}`;

describe('webhook signatures', () => {
  const message = { id: 'whd_42', timestamp: 1_773_273_610, body: '{"id":"e-1","n":"Nguyễn"}' };

  it('issues secrets a Standard Webhooks library takes: whsec_ + base64 of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(signingKey(secret)).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('signs v1,<base64 HMAC-SHA256> over id.timestamp.body, keyed with the decoded secret', () => {
    const key = randomBytes(32);
    const secret = `whsec_${key.toString('base64')}`;
    const expected = createHmac('sha256', key)
      .update(`whd_42.1773273610.${message.body}`, 'utf8')
      .digest('base64');
    expect(signWebhook([secret], message)).toBe(`v1,${expected}`);
    // The library's own signer agrees byte for byte.
    expect(signWebhook([secret], message)).toBe(
      new Webhook(secret).sign(message.id, new Date(message.timestamp * 1000), message.body),
    );
  });

  it('keeps a secret issued in base64url working: same key bytes, same signature', () => {
    // 0xfb 0xff encodes to "-_" in base64url and "+/" in base64: the alphabets differ here.
    const key = Buffer.concat([Buffer.from([0xfb, 0xff, 0xfe]), randomBytes(29)]);
    const legacy = legacySecret(key);
    expect(legacy).toMatch(/[-_]/);
    expect(signingKey(legacy).equals(key)).toBe(true);
    const converted = `whsec_${legacy.slice(6).replaceAll('-', '+').replaceAll('_', '/')}`;
    expect(signWebhook([legacy], message)).toBe(
      new Webhook(converted).sign(message.id, new Date(message.timestamp * 1000), message.body),
    );
  });

  it('sends one signature per secret, space separated, for an overlap of two secrets', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const header = signWebhook([a, b], message);
    expect(header.split(' ')).toEqual([signWebhook([a], message), signWebhook([b], message)]);
  });

  it('refuses a secret that encodes nothing', () => {
    expect(() => signingKey('whsec_')).toThrow('at least one byte');
  });

  it('keeps the webhook-id across retries; an operator redelivery is a new message', () => {
    expect(webhookIdOf({ id: '7', redeliveries: 0 })).toBe('whd_7');
    expect(webhookIdOf({ id: '7', redeliveries: 2 })).toBe('whd_7-r2');
    expect(webhookIdOf({ id: '7', redeliveries: 1 })).not.toBe(
      webhookIdOf({ id: '7', redeliveries: 0 }),
    );
  });
});
