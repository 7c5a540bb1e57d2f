import { exampleCase } from '@hub/contracts';
import { Webhook } from 'standardwebhooks';
import { buildRequest } from './webhook-sender';
import { newWebhookSecret } from './signature';

describe('buildRequest', () => {
  const [event] = exampleCase().events as unknown as Record<string, unknown>[];
  const now = new Date('2026-03-12T00:00:10Z');
  const secret = newWebhookSecret();
  const base = {
    url: 'https://hooks.partner.vn/',
    webhookId: 'whd_1',
    subscriptionId: 'sub_x',
    secret,
    event,
    timeoutMs: 1000,
    now,
  };

  beforeEach(() => jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('structured mode: the whole CloudEvent as body, signed as Standard Webhooks specifies', () => {
    const { headers, body } = buildRequest({ ...base, contentMode: 'structured' });
    expect(JSON.parse(body)).toEqual(event);
    expect(headers['content-type']).toBe('application/cloudevents+json');
    expect(headers['webhook-id']).toBe('whd_1');
    expect(headers['webhook-timestamp']).toBe('1773273610');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    // The official library is the judge of the format, not our own signer.
    expect(new Webhook(secret).verify(body, headers)).toEqual(event);
  });

  it('binary mode: ce-* headers and the data as body, the body signed', () => {
    const { headers, body } = buildRequest({ ...base, contentMode: 'binary' });
    expect(JSON.parse(body)).toEqual(event['data']);
    expect(headers).toMatchObject({
      'ce-id': event['id'],
      'ce-type': 'case.received',
      'ce-sequence': '1',
      'content-type': 'application/json',
    });
    expect(new Webhook(secret).verify(body, headers)).toEqual(event['data']);
  });
});
