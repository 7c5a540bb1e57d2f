import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exampleCase } from '@hub/contracts';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newWebhookSecret } from './signature';
import { type Resolver, TargetPolicy } from './target-policy';
import { WebhookSender } from './webhook-sender';

/**
 * The sender against a real HTTP receiver on loopback. Its host name resolves through a table,
 * so a test can answer the policy's check with a public address and the connection with another
 * (DNS rebinding).
 */
let server: Server;
let port: number;
let received: { headers: IncomingMessage['headers']; body: string }[] = [];
let answer = 204;
let delayMs = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      setTimeout(() => res.writeHead(answer).end('ignored'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  answer = 204;
  delayMs = 0;
});

/** Answers each host's list of addresses in turn, the last one from then on. */
function dnsAnswering(table: Record<string, string[][]>): Resolver {
  const asked = new Map<string, number>();
  return (host) => {
    const answers = table[host];
    if (!answers) return Promise.reject(new Error('ENOTFOUND'));
    const n = asked.get(host) ?? 0;
    asked.set(host, n + 1);
    return Promise.resolve(answers[Math.min(n, answers.length - 1)]);
  };
}

const [event] = exampleCase().events as unknown as Record<string, unknown>[];
const secret = newWebhookSecret();
const webhook = (host: string, timeoutMs = 2000) => ({
  url: `http://${host}:${port}/in`,
  webhookId: 'whd_7',
  subscriptionId: 'sub_x',
  secret,
  contentMode: 'structured' as const,
  event,
  timeoutMs,
});

describe('WebhookSender', () => {
  it('posts the signed event to an allowed address and reports the status', async () => {
    const dns = dnsAnswering({ 'hooks.partner.test': [['127.0.0.1']] });
    const sender = new WebhookSender(new TargetPolicy('*.partner.test,127.0.0.1', true, dns));
    expect(await sender.send(webhook('hooks.partner.test'))).toEqual({ ok: true, status: 204 });
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(JSON.parse(got.body)).toEqual(event);
    expect(got.headers['webhook-id']).toBe('whd_7');
    // What arrived over the wire verifies with the official Standard Webhooks library...
    const headers = got.headers as Record<string, string>;
    expect(new Webhook(secret).verify(got.body, headers)).toEqual(event);
    // ...and a changed body, timestamp or id, or another secret, does not.
    const refused =
      (body: string, over: Record<string, string>, key = secret) =>
      () =>
        new Webhook(key).verify(body, { ...headers, ...over });
    const tampered = got.body.replace('"sequence":1', '"sequence":2');
    expect(tampered).not.toBe(got.body);
    expect(refused(tampered, {})).toThrow(WebhookVerificationError);
    const earlier = String(Number(headers['webhook-timestamp']) - 1);
    expect(refused(got.body, { 'webhook-timestamp': earlier })).toThrow(WebhookVerificationError);
    expect(refused(got.body, { 'webhook-id': 'whd_8' })).toThrow(WebhookVerificationError);
    expect(refused(got.body, {}, newWebhookSecret())).toThrow(WebhookVerificationError);

    answer = 503;
    expect(await sender.send(webhook('hooks.partner.test'))).toEqual({
      ok: false,
      status: 503,
      error: 'HTTP 503',
    });
  });

  it('refuses a connection whose DNS answer changed to a private address after the check', async () => {
    // Public when the policy checks, loopback when the connection resolves: rebinding.
    const dns = dnsAnswering({ 'rebind.partner.test': [['203.113.10.5'], ['127.0.0.1']] });
    const policy = new TargetPolicy('*', true, dns);
    expect(await policy.check(webhook('rebind.partner.test').url)).toMatchObject({ ok: true });
    const sent = await new WebhookSender(policy).send(webhook('rebind.partner.test'));
    expect(sent).toEqual({
      ok: false,
      status: null,
      error:
        'target refused: host rebind.partner.test resolves to 127.0.0.1, a private, loopback, link-local or reserved address that is not allow-listed',
    });
    expect(received).toHaveLength(0);
  });

  it('gives up after the timeout', async () => {
    delayMs = 1000;
    const dns = dnsAnswering({ 'slow.partner.test': [['127.0.0.1']] });
    const sender = new WebhookSender(new TargetPolicy('*,127.0.0.1', true, dns));
    expect(await sender.send(webhook('slow.partner.test', 200))).toEqual({
      ok: false,
      status: null,
      error: 'timed out after 200 ms',
    });
  });
});
