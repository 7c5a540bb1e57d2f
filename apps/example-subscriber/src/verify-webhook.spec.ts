import { randomBytes } from 'node:crypto';
import { exampleCase } from '@hub/contracts';
import { Webhook } from 'standardwebhooks';
import { ReplayGuard, standardSecret, verifyWebhook } from './verify-webhook';

/**
 * Deliveries signed by the Standard Webhooks library's own signer. That the hub's sender signs
 * exactly so is proven in apps/webhooks (deliver-webhook.integration-spec.ts verifies what the
 * worker sends with this library) and end to end by libs/dev-stack/e2e/integrators.e2e-spec.ts,
 * which runs this subscriber's receiver against the running hub: an app's spec may not import
 * another app.
 */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

function signedDelivery(input: { secret: string; webhookId: string; event: object; now: Date }): {
  headers: Record<string, string>;
  body: string;
} {
  const body = JSON.stringify(input.event);
  return {
    headers: {
      'content-type': 'application/cloudevents+json',
      'webhook-id': input.webhookId,
      'webhook-timestamp': String(Math.floor(input.now.getTime() / 1000)),
      'webhook-signature': new Webhook(input.secret).sign(input.webhookId, input.now, body),
      'webhook-subscription': 'sub_1',
    },
    body,
  };
}

describe('verifyWebhook', () => {
  const secret = newSecret();
  const now = new Date('2026-03-12T00:00:00Z');
  const signed = signedDelivery({
    secret,
    webhookId: 'whd_7',
    event: exampleCase().events[0],
    now,
  });

  beforeEach(() => jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('accepts a delivery signed in the Standard Webhooks format', () => {
    expect(verifyWebhook({ secret, headers: signed.headers, body: signed.body })).toEqual({
      ok: true,
      id: 'whd_7',
      timestamp: now.getTime() / 1000,
    });
  });

  it('refuses a tampered body, id or timestamp, the wrong secret and missing headers', () => {
    const tampered = signed.body.replace('Nguyễn Văn An', 'Nguyễn Văn Ba');
    expect(tampered).not.toBe(signed.body);
    expect(verifyWebhook({ secret, headers: signed.headers, body: tampered })).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    const later = { ...signed.headers, 'webhook-timestamp': String(now.getTime() / 1000 + 1) };
    expect(verifyWebhook({ secret, headers: later, body: signed.body })).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    const otherId = { ...signed.headers, 'webhook-id': 'whd_8' };
    expect(verifyWebhook({ secret, headers: otherId, body: signed.body })).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(
      verifyWebhook({ secret: newSecret(), headers: signed.headers, body: signed.body }),
    ).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifyWebhook({ secret, headers: {}, body: signed.body })).toEqual({
      ok: false,
      reason: 'missing webhook headers',
    });
  });

  it('accepts any one matching signature of several (an overlap of two secrets)', () => {
    const previous = newSecret();
    const both = {
      ...signed.headers,
      'webhook-signature': `${new Webhook(previous).sign('whd_7', now, signed.body)} ${signed.headers['webhook-signature']}`,
    };
    expect(verifyWebhook({ secret, headers: both, body: signed.body })).toMatchObject({ ok: true });
    expect(verifyWebhook({ secret: previous, headers: both, body: signed.body })).toMatchObject({
      ok: true,
    });
  });

  it('refuses a delivery outside the tolerance window, which can only be narrowed', () => {
    jest.setSystemTime(new Date(now.getTime() + 6 * 60_000));
    expect(verifyWebhook({ secret, headers: signed.headers, body: signed.body })).toEqual({
      ok: false,
      reason: 'timestamp outside the tolerance window',
    });
    jest.setSystemTime(new Date(now.getTime() + 2 * 60_000));
    expect(verifyWebhook({ secret, headers: signed.headers, body: signed.body })).toMatchObject({
      ok: true,
    });
    expect(
      verifyWebhook({ secret, headers: signed.headers, body: signed.body, toleranceSeconds: 60 }),
    ).toEqual({ ok: false, reason: 'timestamp outside the tolerance window' });
  });

  it('takes a secret issued before the Standard Webhooks format (base64url)', () => {
    // 0xfb 0xff encodes to "-_" in base64url: a strict base64 decoder refuses it as is.
    const key = Buffer.concat([Buffer.from([0xfb, 0xff, 0xfe]), randomBytes(29)]);
    const legacy = `whsec_${key.toString('base64url')}`;
    expect(() => new Webhook(legacy)).toThrow();
    const fromHub = signedDelivery({
      secret: `whsec_${key.toString('base64')}`,
      webhookId: 'whd_9',
      event: exampleCase().events[0],
      now,
    });
    expect(standardSecret(legacy)).toBe(`whsec_${key.toString('base64')}`.replace(/=+$/, ''));
    expect(verifyWebhook({ secret: legacy, ...fromHub })).toMatchObject({ ok: true, id: 'whd_9' });
    expect(standardSecret(secret)).toBe(secret);
  });
});

describe('ReplayGuard', () => {
  it('tells a replayed request from the hub retrying one already accepted', () => {
    const guard = new ReplayGuard(300);
    expect(guard.check('whd_7', 'v1,first')).toBe('new');
    guard.remember('whd_7', 'v1,first', 100);
    // The same request again (same signature): captured and replayed.
    expect(guard.check('whd_7', 'v1,first')).toBe('replay');
    expect(guard.check('whd_other', 'v1,first')).toBe('replay');
    // The same id freshly signed: the hub retrying after it lost the answer.
    expect(guard.check('whd_7', 'v1,second')).toBe('duplicate');
    expect(guard.check('whd_8', 'v1,third')).toBe('new');
  });
});
