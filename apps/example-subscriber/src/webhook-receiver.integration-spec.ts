import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exampleCase } from '@hub/contracts';
import { Webhook } from 'standardwebhooks';
import { createWebhookReceiver, type ReceivedWebhook } from './webhook-receiver';

/** The receiver over loopback HTTP, fed deliveries signed by the Standard Webhooks library. */
const secret = `whsec_${randomBytes(32).toString('base64')}`;
const body = JSON.stringify(exampleCase().events[0]);
let server: Server;
let url: string;
let received: ReceivedWebhook[] = [];
let rejected: { reason: string; status: number }[] = [];

beforeAll(async () => {
  server = createWebhookReceiver({
    secret,
    onEvent: (r) => void received.push(r),
    onRejected: (reason, status) => rejected.push({ reason, status }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  rejected = [];
});

function headers(id: string, at: Date, payload = body): Record<string, string> {
  return {
    'content-type': 'application/cloudevents+json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, payload),
  };
}

const post = (h: Record<string, string>, payload = body) =>
  fetch(url, { method: 'POST', headers: h, body: payload }).then((r) => r.status);

describe('createWebhookReceiver', () => {
  it('takes a delivery once: a retry of it is acknowledged, a replay refused', async () => {
    const first = headers('whd_1', new Date());
    expect(await post(first)).toBe(204);
    // The hub retrying after a lost answer: same id, another timestamp, so another signature.
    expect(await post(headers('whd_1', new Date(Date.now() - 2000)))).toBe(204);
    // The very same request again: a replay.
    expect(await post(first)).toBe(409);
    expect(received.map((r) => r.webhookId)).toEqual(['whd_1']);
    expect(rejected).toEqual([{ reason: 'replayed delivery', status: 409 }]);
  });

  it('refuses a tampered body and a forged signature with 401', async () => {
    const h = headers('whd_2', new Date());
    const tampered = body.replace('"sequence":1', '"sequence":2');
    expect(tampered).not.toBe(body);
    expect(await post(h, tampered)).toBe(401);
    expect(await post({ ...h, 'webhook-signature': 'v1,AAAA' })).toBe(401);
    expect(received).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual(['signature mismatch', 'signature mismatch']);
  });
});
