import { Webhook } from 'standardwebhooks';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { keyIdOf } from '@hub/auth';
import { type DeadLetterEvent, exampleCase, topics } from '@hub/contracts';
import { startStack, type Stack } from '@hub/dev-stack';
import { waitFor } from '@hub/testing';
import { KafkaConnection, toBinaryRecord } from '@hub/messaging';
import { HubLogger } from '@hub/observability';
// The example subscriber's receiver: the same code integrators are told to copy.
import { createWebhookReceiver } from '../../../apps/example-subscriber/src/webhook-receiver';
import {
  type CaseView,
  cases,
  chunk,
  collectDeadLetters,
  HubClient,
  type ProblemBody,
} from './hub-client';

/**
 * Integrators' two ways in and out, end to end with every app as a process: departments producing
 * CloudEvents to city.case-events.inbound.v1 (refusals to hub.dead-letters.v1), and downstream
 * systems receiving signed webhooks in per-case order through failures.
 */
jest.setTimeout(300_000);

const logger = HubLogger.for('e2e', 'warn');
let stack: Stack;
let hub: HubClient;
let kafka: KafkaConnection;
let deadLetters: DeadLetterEvent[] = [];

async function admin<T>(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.urls.webhooks}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${stack.keys.admin}`,
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

interface SubscriptionBody {
  id: string;
  state: string;
  secret: string;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`),
    ),
  );
}

beforeAll(async () => {
  stack = await startStack({
    apps: ['gateway', 'relay', 'webhooks', 'ops'],
    env: {
      gateway: {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
      },
      webhooks: {
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_MS: '500',
        KAFKA_MAX_WAIT_MS: '100',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_RETRY_MAX_MS: '1000',
        WEBHOOK_PAUSE_AFTER_MS: '3000',
        WEBHOOK_TIMEOUT_MS: '5000',
        WEBHOOK_POLL_MS: '50',
      },
    },
  });
  hub = new HubClient(stack);
  kafka = new KafkaConnection({ brokers: stack.kafka.brokers, clientId: 'e2e', logger });
  await kafka.connectProducer();
  deadLetters = await collectDeadLetters(kafka, 'e2e-dead-letters');
});

afterAll(async () => {
  await kafka?.disconnect();
  await stack?.stop();
});

describe('Kafka intake', () => {
  const stpKeyId = () => keyIdOf(stack.keys.departments.STP);

  function inbound(event: object, key: string, headers: Record<string, string> = {}) {
    const record = toBinaryRecord(event as never, key);
    return {
      topic: topics.inbound,
      key,
      headers: { ...record.headers, 'hub-key-id': stpKeyId(), ...headers },
      value: record.value,
    };
  }

  it('dead-letters an invalid record and still processes the next one on the same partition', async () => {
    const { caseCode, events } = exampleCase({ day: '261201', number: 1 });
    const [received, processing] = events;
    const sxd = exampleCase({ department: 'SXD', day: '261201', number: 2 }).events[0];
    await kafka.send([
      inbound({ ...received, sequence: 2 }, caseCode), // schema: case.received must be sequence 1
      { ...inbound(received, caseCode), value: '{"caseCode": ' }, // not JSON
      inbound(received, caseCode, { 'hub-key-id': 'ffffffffffffffff' }), // unknown key id
      inbound(sxd, caseCode), // STP's key, SXD's source
      inbound(received, caseCode), // valid, same key → same partition, after all of the above
      inbound(processing, caseCode),
    ]);

    const view = await waitFor(
      'the valid events stored',
      async () => {
        const res = await hub.getCase('STP', caseCode);
        const body = res.body as CaseView;
        return res.status === 200 && body.events.length === 2 ? body : undefined;
      },
      60_000,
    );
    expect(view.events.map((e) => e.id)).toEqual([received.id, processing.id]);

    const letters = await waitFor(
      'four dead letters',
      () => {
        const mine = deadLetters.filter((d) => d.data.original.key === caseCode);
        return mine.length >= 4 ? mine : undefined;
      },
      30_000,
    );
    expect(letters.map((d) => d.data.reason.code)).toEqual([
      'INVALID_EVENT',
      'MALFORMED_RECORD',
      'UNAUTHENTICATED',
      'FORBIDDEN_SOURCE',
    ]);
    expect(letters[0].data.reason.errors).toContainEqual(
      expect.objectContaining({ path: 'sequence' }),
    );
    expect(letters[0].data.original).toMatchObject({
      topic: topics.inbound,
      key: caseCode,
      headers: expect.objectContaining({ ce_id: received.id, 'hub-key-id': stpKeyId() }) as unknown,
    });
    expect(new Set(letters.map((d) => d.data.original.partition)).size).toBe(1);
    expect(letters.map((d) => d.id)).toEqual(
      letters.map(
        (d) => `dl:${topics.inbound}:${d.data.original.partition}:${d.data.original.offset}`,
      ),
    );
  });

  it('keeps the dead letters in ops for the console, where an operator marks one handled', async () => {
    type Listed = {
      items: { id: string; code: string; caseCode: string | null; acknowledgedBy: string | null }[];
      open: number;
    };
    const caseCode = exampleCase({ day: '261201', number: 1 }).caseCode;
    const mine = (body: Listed) => body.items.filter((l) => l.caseCode === caseCode);
    const listed = await waitFor(
      'the four dead letters in ops',
      async () => {
        const res = await hub.ops<Listed>('/v1/intake-dead-letters');
        return res.status === 200 && mine(res.body).length === 4 ? res.body : undefined;
      },
      30_000,
    );
    const codes = mine(listed).map((l) => l.code);
    expect([...codes].sort()).toEqual(
      ['FORBIDDEN_SOURCE', 'INVALID_EVENT', 'MALFORMED_RECORD', 'UNAUTHENTICATED'].sort(),
    );
    // The same ids as on the topic: one record, one dead letter, however often it is read.
    const onTopic = deadLetters.filter((d) => d.data.original.key === caseCode).map((d) => d.id);
    expect(
      mine(listed)
        .map((l) => l.id)
        .sort(),
    ).toEqual([...onTopic].sort());

    const malformed = mine(listed).find((l) => l.code === 'MALFORMED_RECORD');
    const handled = await hub.ops<Listed['items'][number]>(
      `/v1/intake-dead-letters/${encodeURIComponent(malformed?.id ?? '?')}/acknowledge`,
      { method: 'POST' },
    );
    expect(handled.status).toBe(200);
    expect(handled.body.acknowledgedBy).toBe('ops');
    const after = await hub.ops<Listed>('/v1/intake-dead-letters');
    expect(mine(after.body).map((l) => l.code)).not.toContain('MALFORMED_RECORD');
    expect(after.body.open).toBe(listed.open - 1);
    const all = await hub.ops<Listed>('/v1/intake-dead-letters?state=all');
    expect(mine(all.body)).toHaveLength(4);
    // Bad input is named, never a 5xx.
    const bad = await hub.ops<{ errors: { path: string }[] }>(
      '/v1/intake-dead-letters?state=closed',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.path).toBe('query.state');
    expect(
      (await hub.ops('/v1/intake-dead-letters/dl%3Anope/acknowledge', { method: 'POST' })).status,
    ).toBe(404);
  });

  it('treats a redelivered record as a duplicate and a re-used id as a conflict', async () => {
    const { caseCode, events } = exampleCase({ day: '261201', number: 3 });
    await kafka.send([inbound(events[0], caseCode)]);
    await waitFor('case stored', async () => (await hub.getCase('STP', caseCode)).status === 200);
    // Same event again (a producer retry), then the same id with other content.
    await kafka.send([
      inbound(events[0], caseCode),
      inbound({ ...events[0], time: events[1].time }, caseCode),
    ]);
    const [conflict] = await waitFor(
      'conflict dead letter',
      () => {
        const mine = deadLetters.filter((d) => d.data.original.key === caseCode);
        return mine.length >= 1 ? mine : undefined;
      },
      30_000,
    );
    expect(conflict.data.reason.code).toBe('ID_CONFLICT');
    const view = (await hub.getCase('STP', caseCode)).body as CaseView;
    expect(view.events).toHaveLength(1);
  });
});

describe('webhooks', () => {
  it('refuses a subscription to a disallowed address, naming the field', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/hook',
      'http://127.0.0.2/hook',
      'ftp://127.0.0.1/hook',
    ]) {
      const res = await admin<ProblemBody>('/v1/subscriptions', {
        method: 'POST',
        body: JSON.stringify({ url }),
      });
      expect([url, res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([
        url,
        400,
        'TARGET_NOT_ALLOWED',
        'url',
      ]);
    }
    const bad = await admin<ProblemBody>('/v1/subscriptions', {
      method: 'POST',
      body: JSON.stringify({ url: 'http://127.0.0.1:1/', eventTypes: ['case.deleted'] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.path).toBe('eventTypes[0]');
    const anonymous = await fetch(`${stack.urls.webhooks}/v1/subscriptions`);
    expect(anonymous.status).toBe(401);
    expect((await admin<{ items: unknown[] }>('/v1/subscriptions')).body.items).toEqual([]);
  });

  it('delivers every event of 100 cases in per-case order despite failing first attempts; refuses tampered and replayed deliveries', async () => {
    const received = new Map<string, number[]>();
    const attemptsOf = new Map<string, number>();
    let captured: { headers: Record<string, string>; body: string } | undefined;
    let secret = '';
    const rejected: { reason: string; status: number }[] = [];
    const receiver = createWebhookReceiver({
      secret: () => secret,
      onEvent: ({ event }) => {
        const id = String(event['id']);
        const n = (attemptsOf.get(id) ?? 0) + 1;
        attemptsOf.set(id, n);
        // Every event fails its first attempt; every third its second too.
        const sequence = Number(event['sequence']);
        if (n === 1 || (n === 2 && sequence % 3 === 0)) throw new Error('not yet');
        const caseCode = String(event['subject']);
        const list = received.get(caseCode) ?? [];
        if (!list.includes(sequence)) list.push(sequence);
        received.set(caseCode, list);
      },
      onRejected: (reason, status) => rejected.push({ reason, status }),
      onAccepted: (raw) => (captured ??= raw),
    });
    const url = await listen(receiver);
    try {
      const created = await admin<SubscriptionBody>('/v1/subscriptions', {
        method: 'POST',
        body: JSON.stringify({ url, departments: ['STP'] }),
      });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      secret = created.body.secret;
      const fetched = await admin<Record<string, unknown>>(`/v1/subscriptions/${created.body.id}`);
      expect(fetched.body).not.toHaveProperty('secret');

      const list = cases({ day: '261202', count: 100 });
      for (const batch of chunk(
        list.flatMap((c) => c.events),
        250,
      ))
        await hub.postEventsReliably('STP', batch);

      await waitFor(
        'all 500 events received',
        () => [...received.values()].reduce((n, l) => n + l.length, 0) >= 500,
        240_000,
        250,
      );
      for (const c of list)
        expect([c.caseCode, received.get(c.caseCode)]).toEqual([c.caseCode, [1, 2, 3, 4, 5]]);
      expect(rejected).toEqual([]);

      // The delivery log shows the retries.
      const log = await admin<{
        items: { id: string; state: string; attempts: number; sequence: number }[];
      }>(`/v1/subscriptions/${created.body.id}/deliveries?limit=1000`);
      expect(log.body.items).toHaveLength(500);
      expect(log.body.items.every((d) => d.state === 'delivered' && d.attempts >= 2)).toBe(true);
      expect(log.body.items.filter((d) => d.sequence === 3).every((d) => d.attempts === 3)).toBe(
        true,
      );

      // A captured delivery sent again is a replay; a changed body fails the signature.
      // As captured, minus the hop-by-hop headers fetch sets itself (the length changes below).
      const {
        'content-length': _length,
        host: _host,
        connection: _connection,
        ...headers
      } = captured!.headers;
      const raw = { headers, body: captured!.body };
      const replay = await fetch(url, { method: 'POST', headers: raw.headers, body: raw.body });
      expect(replay.status).toBe(409);
      const tampered = await fetch(url, {
        method: 'POST',
        headers: raw.headers,
        body: raw.body.replace('"sequence":', '"sequence": '),
      });
      expect(tampered.status).toBe(401);
      const old = Math.floor(Date.now() / 1000) - 3600;
      const resigned = await fetch(url, {
        method: 'POST',
        headers: {
          ...raw.headers,
          'webhook-id': 'whd_old_1',
          'webhook-timestamp': String(old),
          // Signed correctly (Standard Webhooks), so only the age of the timestamp is wrong.
          'webhook-signature': new Webhook(secret).sign(
            'whd_old_1',
            new Date(old * 1000),
            raw.body,
          ),
        },
        body: raw.body,
      });
      expect(resigned.status).toBe(401);
      expect(rejected.map((r) => r.reason)).toEqual([
        'replayed delivery',
        'signature mismatch',
        'timestamp outside the tolerance window',
      ]);

      // Redelivery on request: the event arrives again under a new webhook id.
      const target = log.body.items[0];
      const redo = await admin<{ state: string }>(
        `/v1/subscriptions/${created.body.id}/deliveries/${target.id}/redeliver`,
        { method: 'POST' },
      );
      expect(redo).toMatchObject({ status: 202, body: { state: 'pending' } });
      await waitFor('redelivered', async () => {
        const d = await admin<{ items: { id: string; state: string }[] }>(
          `/v1/subscriptions/${created.body.id}/deliveries?state=pending`,
        );
        return d.body.items.length === 0;
      });
      const audit = await admin<{ items: { actor: string; action: string }[] }>(
        `/v1/subscriptions/${created.body.id}/audit`,
      );
      expect(audit.body.items.map((a) => [a.actor, a.action])).toEqual([
        ['admin', 'subscription.created'],
        ['admin', 'delivery.redelivered'],
      ]);
      expect(
        (await admin(`/v1/subscriptions/${created.body.id}`, { method: 'DELETE' })).status,
      ).toBe(204);
    } finally {
      receiver.close();
    }
  });

  it('pauses a subscription that keeps failing and delivers after it is resumed', async () => {
    let up = false;
    let secret = '';
    const got: string[] = [];
    const receiver = createWebhookReceiver({
      secret: () => secret,
      onEvent: ({ event }) => {
        if (!up) throw new Error('down');
        got.push(String(event['id']));
      },
    });
    const url = await listen(receiver);
    try {
      const created = await admin<SubscriptionBody>('/v1/subscriptions', {
        method: 'POST',
        body: JSON.stringify({ url, eventTypes: ['case.received'], contentMode: 'binary' }),
      });
      secret = created.body.secret;
      const [c] = cases({ day: '261203', count: 1 });
      await hub.postEventsReliably('STP', c.events);
      await waitFor(
        'auto-paused',
        async () =>
          (await admin<SubscriptionBody>(`/v1/subscriptions/${created.body.id}`)).body.state ===
          'paused',
        60_000,
      );
      up = true;
      const resumed = await admin<SubscriptionBody>(`/v1/subscriptions/${created.body.id}/resume`, {
        method: 'POST',
      });
      expect(resumed.body.state).toBe('active');
      await waitFor('delivered after resume', () => got.length === 1, 30_000);
      expect(got).toEqual([c.events[0].id]);
    } finally {
      receiver.close();
    }
  });
});
