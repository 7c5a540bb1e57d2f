import { createHmac } from 'node:crypto';
import { exampleCase } from '@hub/contracts';
import { ReplayGuard, verifyWebhook } from './verify-webhook';

/**
 * A structured-mode delivery signed as docs/integrators.md specifies. That the hub's own sender
 * signs exactly so is proven end to end by libs/dev-stack/e2e/integrators.e2e-spec.ts, which runs
 * this subscriber's receiver against the running hub: an app's spec may not import another app.
 */
function signedDelivery(input: { secret: string; webhookId: string; event: object; now: Date }): {
  headers: Record<string, string>;
  body: string;
} {
  const timestamp = String(Math.floor(input.now.getTime() / 1000));
  const body = JSON.stringify(input.event);
  const mac = createHmac('sha256', input.secret).update(`${timestamp}.${body}`).digest('hex');
  return {
    headers: {
      'content-type': 'application/cloudevents+json',
      'webhook-id': input.webhookId,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1=${mac}`,
      'webhook-subscription': 'sub_1',
    },
    body,
  };
}

describe('verifyWebhook', () => {
  const secret = 'whsec_example';
  const now = new Date('2026-03-12T00:00:00Z');
  const signed = signedDelivery({
    secret,
    webhookId: 'whd_7_1',
    event: exampleCase().events[0],
    now,
  });

  it('accepts what the hub signed', () => {
    expect(verifyWebhook({ secret, headers: signed.headers, body: signed.body, now })).toEqual({
      ok: true,
      id: 'whd_7_1',
      timestamp: now.getTime() / 1000,
    });
  });

  it('refuses a tampered body, a tampered timestamp and the wrong secret', () => {
    const tampered = signed.body.replace('Nguyễn Văn An', 'Nguyễn Văn Ba');
    expect(tampered).not.toBe(signed.body);
    expect(verifyWebhook({ secret, headers: signed.headers, body: tampered, now })).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    const later = { ...signed.headers, 'webhook-timestamp': String(now.getTime() / 1000 + 1) };
    expect(verifyWebhook({ secret, headers: later, body: signed.body, now })).toMatchObject({
      ok: false,
    });
    expect(
      verifyWebhook({ secret: 'whsec_other', headers: signed.headers, body: signed.body, now }),
    ).toMatchObject({ ok: false });
    expect(verifyWebhook({ secret, headers: {}, body: signed.body, now })).toMatchObject({
      ok: false,
      reason: 'missing webhook headers',
    });
  });

  it('refuses a delivery outside the tolerance window', () => {
    const sixMinutesLater = new Date(now.getTime() + 6 * 60_000);
    expect(
      verifyWebhook({ secret, headers: signed.headers, body: signed.body, now: sixMinutesLater }),
    ).toEqual({ ok: false, reason: 'timestamp outside the tolerance window' });
    expect(
      verifyWebhook({
        secret,
        headers: signed.headers,
        body: signed.body,
        now: sixMinutesLater,
        toleranceSeconds: 600,
      }),
    ).toMatchObject({ ok: true });
  });

  it('ReplayGuard refuses an id or a signature seen before', () => {
    const guard = new ReplayGuard(300);
    const sig = signed.headers['webhook-signature'];
    expect(guard.isReplay('whd_7_1', sig)).toBe(false);
    guard.remember('whd_7_1', sig, 100);
    expect(guard.isReplay('whd_7_1', 'v1=other')).toBe(true);
    expect(guard.isReplay('whd_other', sig)).toBe(true);
    expect(guard.isReplay('whd_7_2', 'v1=other')).toBe(false);
  });
});
