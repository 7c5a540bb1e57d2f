import { exampleCase } from '@hub/contracts';
import { buildRequest } from './webhook-sender';
import { signWebhook } from './signature';

describe('buildRequest', () => {
  const [event] = exampleCase().events as unknown as Record<string, unknown>[];
  const base = {
    url: 'https://hooks.partner.vn/',
    webhookId: 'whd_1_1',
    subscriptionId: 'sub_x',
    secret: 'whsec_test',
    event,
    timeoutMs: 1000,
    now: new Date('2026-03-12T00:00:10Z'),
  };

  it('structured mode: the whole CloudEvent as body, signed over timestamp.body', () => {
    const { headers, body } = buildRequest({ ...base, contentMode: 'structured' });
    expect(JSON.parse(body)).toEqual(event);
    expect(headers['content-type']).toBe('application/cloudevents+json');
    expect(headers['webhook-timestamp']).toBe('1773273610');
    expect(headers['webhook-signature']).toBe(signWebhook('whsec_test', 1773273610, body));
    expect(headers['webhook-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(headers['webhook-id']).toBe('whd_1_1');
  });

  it('binary mode: ce-* headers and the data as body', () => {
    const { headers, body } = buildRequest({ ...base, contentMode: 'binary' });
    expect(JSON.parse(body)).toEqual(event['data']);
    expect(headers).toMatchObject({
      'ce-id': event['id'],
      'ce-type': 'case.received',
      'ce-sequence': '1',
      'content-type': 'application/json',
    });
  });
});
