import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@hub/config';
import { exampleCase } from '@hub/contracts';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { createDataSource, runMigrations } from '@hub/persistence';
import { startPostgres, type PostgresHandle, waitFor } from '@hub/testing';
import { Webhook } from 'standardwebhooks';
import type { DataSource } from 'typeorm';
import { webhooksConfigSpec } from '../../config';
import { newWebhookSecret } from '../../delivery/signature';
import { TargetPolicy } from '../../delivery/target-policy';
import { WebhookSender } from '../../delivery/webhook-sender';
import { DeliveryRepository } from '../../subscriptions/delivery.repository';
import { SubscriptionRepository } from '../../subscriptions/subscription.repository';
import { DeliverWebhookHandler } from './deliver-webhook.handler';

/**
 * The delivery worker's real path — Postgres, the handler, the sender, HTTP — to a receiver that
 * checks every request with the official Standard Webhooks library, as an integrator would.
 */
jest.setTimeout(30_000);

let pg: PostgresHandle;
let ds: DataSource;
let server: Server;
let url: string;
let subscriptions: SubscriptionRepository;
let deliveries: DeliveryRepository;
let handler: DeliverWebhookHandler;

interface Arrival {
  headers: Record<string, string>;
  body: string;
}
let arrivals: Arrival[] = [];
let answers: number[] = [];

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  ds = createDataSource({ url: pg.url, applicationName: 'webhooks-deliver-spec', poolSize: 3 });
  await ds.initialize();
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrivals.push({
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  const config = loadConfig(webhooksConfigSpec, {
    DATABASE_URL: pg.url,
    KAFKA_BROKERS: '127.0.0.1:1',
    HUB_ADMIN_KEYS: 'admin:spec-admin-key',
    WEBHOOK_ALLOWED_TARGETS: '127.0.0.1',
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_RETRY_BASE_MS: '10',
    WEBHOOK_RETRY_MAX_MS: '100',
  });
  const policy = new TargetPolicy(config.WEBHOOK_ALLOWED_TARGETS, config.WEBHOOK_ALLOW_HTTP);
  subscriptions = new SubscriptionRepository(ds);
  deliveries = new DeliveryRepository(ds);
  handler = new DeliverWebhookHandler(
    deliveries,
    subscriptions,
    new WebhookSender(policy),
    policy,
    config,
    HubLogger.for('webhooks', 'error'),
    new MetricsRegistry('webhooks-spec'),
  );
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await ds?.destroy();
  await pg?.stop();
});

beforeEach(() => {
  arrivals = [];
  answers = [];
});

let number = 40;
async function subscribedDelivery(secret: string): Promise<{ subscriptionId: string }> {
  const subscriptionId = `sub_deliver_${++number}`;
  await subscriptions.create(
    {
      id: subscriptionId,
      url,
      eventTypes: [],
      departments: [],
      contentMode: 'structured',
      secret,
      createdBy: 'admin',
    },
    'admin',
  );
  const { caseCode, events } = exampleCase({ number });
  const [event] = events;
  await deliveries.insert([
    {
      subscriptionId,
      eventId: event.id,
      eventType: event.type,
      caseCode,
      sequence: event.sequence,
      department: 'STP',
      event,
    },
  ]);
  return { subscriptionId };
}

/** Claims what is due (retries wait for their backoff) and runs the handler on it. */
async function deliverDue(): Promise<void> {
  let claimed: Awaited<ReturnType<DeliveryRepository['claimDue']>> = [];
  await waitFor('a due delivery', async () => {
    claimed = await deliveries.claimDue(10, 'spec-worker', 30_000);
    return claimed.length > 0;
  });
  for (const d of claimed) await handler.execute(d, 'spec-worker');
}

describe('a delivery from the webhooks app, checked with the standardwebhooks library', () => {
  it('verifies; keeps its webhook-id across retries; a redelivery is a new message', async () => {
    const secret = newWebhookSecret();
    const { subscriptionId } = await subscribedDelivery(secret);
    answers = [500];
    await deliverDue(); // answered 500: retried
    await deliverDue(); // answered 204
    expect(arrivals).toHaveLength(2);
    const receiver = new Webhook(secret);
    for (const a of arrivals)
      expect(receiver.verify(a.body, a.headers)).toMatchObject({ sequence: 1 });
    const [first, second] = arrivals;
    expect(first.headers['webhook-id']).toMatch(/^whd_\d+$/);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);

    // Tampered body or timestamp: the library refuses.
    const tampered = second.body.replace('"sequence":1', '"sequence":9');
    expect(tampered).not.toBe(second.body);
    expect(() => receiver.verify(tampered, second.headers)).toThrow();
    const moved = String(Number(second.headers['webhook-timestamp']) - 1);
    expect(() =>
      receiver.verify(second.body, { ...second.headers, 'webhook-timestamp': moved }),
    ).toThrow();

    const [delivered] = await deliveries.list(subscriptionId, { limit: 1, offset: 0 });
    expect(delivered).toMatchObject({ state: 'delivered', attempts: 2 });
    await deliveries.redeliver(subscriptionId, delivered.id, 'admin');
    await deliverDue();
    expect(arrivals).toHaveLength(3);
    expect(arrivals[2].headers['webhook-id']).toBe(`${first.headers['webhook-id']}-r1`);
    expect(receiver.verify(arrivals[2].body, arrivals[2].headers)).toMatchObject({ sequence: 1 });
  });

  it('keeps a secret issued before the Standard Webhooks format working', async () => {
    // Secrets used to be whsec_ + base64url; 0xfb 0xff makes the alphabets differ ("-_" vs "+/").
    const key = Buffer.concat([Buffer.from([0xfb, 0xff, 0xfe]), randomBytes(29)]);
    const legacy = `whsec_${key.toString('base64url')}`;
    await subscribedDelivery(legacy);
    await deliverDue();
    expect(arrivals).toHaveLength(1);
    const [arrival] = arrivals;
    // The conversion docs/integrators.md gives subscribers: the same bytes in standard base64.
    const converted = `whsec_${legacy.slice(6).replaceAll('-', '+').replaceAll('_', '/')}`;
    expect(new Webhook(converted).verify(arrival.body, arrival.headers)).toMatchObject({
      sequence: 1,
    });
    // The raw key bytes verify too (the library's "raw" format).
    expect(new Webhook(key, { format: 'raw' }).verify(arrival.body, arrival.headers)).toMatchObject(
      {
        sequence: 1,
      },
    );
  });
});
