import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DeadLetterEvent, exampleCase, topics } from '@hub/contracts';
import { startStack, type Stack } from '@hub/dev-stack';
import { KafkaConnection, toBinaryRecord } from '@hub/messaging';
import { HubLogger } from '@hub/observability';
import { waitFor } from '@hub/testing';
import { Client } from 'pg';
import { type CaseView, collectDeadLetters, HubClient } from './hub-client';

/*
 * Poison never stops a partition, for every consumer group of hub.case-events.v1 (issue 16,
 * point 2): a record no consumer can read is followed, on the same partition (same key), by a
 * valid event of the same case. Each group sets the poison aside on hub.dead-letters.v1, naming
 * itself, with the applicant's personal ID masked, and goes on to the valid event: portal-sync
 * syncs it, once-only verifies its applicant, webhooks delivers it.
 */
jest.setTimeout(300_000);

const GROUPS = ['hub-once-only', 'hub-portal-sync', 'hub-webhooks'];
const FAST_KAFKA = {
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_MS: '500',
  KAFKA_MAX_WAIT_MS: '100',
};

let stack: Stack;
let hub: HubClient;
let kafka: KafkaConnection;
let db: Client;
let receiver: Server;
let deadLetters: DeadLetterEvent[] = [];
const delivered: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    apps: [
      'gateway',
      'relay',
      'portal-sync',
      'once-only',
      'webhooks',
      'mock-portal',
      'mock-population',
      'mock-business',
    ],
    env: {
      gateway: FAST_KAFKA,
      'portal-sync': FAST_KAFKA,
      'once-only': FAST_KAFKA,
      webhooks: { ...FAST_KAFKA, WEBHOOK_POLL_MS: '50' },
    },
  });
  hub = new HubClient(stack);
  db = new Client({ connectionString: stack.postgres.url });
  await db.connect();
  kafka = new KafkaConnection({
    brokers: stack.kafka.brokers,
    clientId: 'e2e-poison',
    logger: HubLogger.for('e2e', 'warn'),
  });
  await kafka.connectProducer();
  deadLetters = await collectDeadLetters(kafka, 'e2e-poison-dead-letters');
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      delivered.push((JSON.parse(body) as { id: string }).id);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const subscribed = await fetch(`${stack.urls.webhooks}/v1/subscriptions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${stack.keys.admin}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ url }),
  });
  expect(subscribed.status).toBe(201);
});

afterAll(async () => {
  await kafka?.disconnect();
  await db?.end();
  await new Promise((resolve) => receiver?.close(resolve));
  await stack?.stop();
});

it('every group dead-letters an unreadable case event, masked and naming itself, and handles the valid event behind it', async () => {
  const personalId = '001090164571';
  const { caseCode, events } = exampleCase({ day: '261203', number: 7, personalId });
  const [received] = events;
  // What no consumer can read: a case.received whose dates are not dates. Same key as the case,
  // so the same partition, ahead of the valid event.
  const poison = {
    ...received,
    id: `${received.id}-poison`,
    data: { ...(received.data as Record<string, unknown>), receivedAt: 'yesterday' },
  };
  const record = toBinaryRecord(poison, caseCode);
  await kafka.send([
    { topic: topics.caseEvents, key: caseCode, headers: record.headers, value: record.value },
  ]);
  await hub.postEventsReliably('STP', [received]);

  const view = await waitFor(
    'the valid event synced to the portal',
    async () => {
      const res = await hub.getCase('STP', caseCode);
      const body = res.body as CaseView;
      return res.status === 200 && body.events[0]?.sync.state === 'synced' ? body : undefined;
    },
    90_000,
  );
  expect(view.events.map((e) => e.id)).toEqual([received.id]);
  await waitFor(
    "once-only's lookup of the valid event's applicant done",
    async () => {
      const { rows } = await db.query<{ state: string }>(
        `SELECT state FROM profile_lookup_tasks WHERE event_id = $1`,
        [received.id],
      );
      return rows[0]?.state === 'done' || undefined;
    },
    90_000,
  );
  await waitFor(
    'the valid event delivered by webhook',
    () => delivered.includes(received.id),
    90_000,
  );

  const letters = await waitFor(
    'a dead letter from each group',
    () => {
      const mine = deadLetters.filter((d) => d.data.eventId === poison.id);
      return mine.length >= GROUPS.length ? mine : undefined;
    },
    60_000,
  );
  expect(letters.map((d) => d.data.consumerGroup).sort()).toEqual(GROUPS);
  for (const letter of letters) {
    expect(letter.data.reason.code).toBe('UNREADABLE_CASE_EVENT');
    expect(letter.data.reason.errors).toContainEqual(
      expect.objectContaining({ path: 'data.receivedAt' }),
    );
    expect(letter.data.original).toMatchObject({ topic: topics.caseEvents, key: caseCode });
    expect(JSON.stringify(letter)).not.toContain(personalId);
  }
  // The poison reached nobody: not the portal, not a webhook.
  expect(delivered).not.toContain(poison.id);
});
