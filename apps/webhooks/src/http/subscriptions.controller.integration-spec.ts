import type { Server } from 'node:http';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiKeyAuthModule } from '@hub/auth';
import { exampleCase } from '@hub/contracts';
import { HubLogger, ObservabilityModule } from '@hub/observability';
import { createDataSource, runMigrations } from '@hub/persistence';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TargetPolicy } from '../delivery/target-policy';
import { DeliveryRepository } from '../subscriptions/delivery.repository';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { CreateSubscriptionHandler } from '../usecases/create-subscription/create-subscription.handler';
import { SubscriptionsController } from './subscriptions.controller';

/** The admin API over HTTP on a real Postgres, without Kafka or the delivery worker. */
jest.setTimeout(30_000);

const ADMIN = 'admin:spec-admin-key';
let pg: PostgresHandle;
let ds: DataSource;
let app: INestApplication;

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  ds = createDataSource({ url: pg.url, applicationName: 'webhooks-api-spec', poolSize: 3 });
  await ds.initialize();
  @Module({
    imports: [
      ObservabilityModule.forRoot('webhooks', HubLogger.for('webhooks', 'error')),
      ApiKeyAuthModule.forKeys(ADMIN, 'HUB_ADMIN_KEYS'),
    ],
    controllers: [SubscriptionsController],
    providers: [
      { provide: DataSource, useValue: ds },
      // Loopback resolves to itself; the policy allows it like npm start does.
      { provide: TargetPolicy, useValue: new TargetPolicy('127.0.0.1', true) },
      SubscriptionRepository,
      DeliveryRepository,
      CreateSubscriptionHandler,
    ],
  })
  class SubscriptionsApiModule {}
  app = await NestFactory.create(SubscriptionsApiModule, { logger: false });
  await app.init();
});

afterAll(async () => {
  await app?.close();
  await ds?.destroy();
  await pg?.stop();
});

const api = () => request(app.getHttpServer() as Server);
const auth = { authorization: 'Bearer spec-admin-key' };

async function created(): Promise<{ id: string; secret: string }> {
  const res = await api()
    .post('/v1/subscriptions')
    .set(auth)
    .send({ url: 'http://127.0.0.1:9/hook' })
    .expect(201);
  return res.body as { id: string; secret: string };
}

describe('subscriptions admin API', () => {
  it('shows the secret once, in the Standard Webhooks form', async () => {
    const { id, secret } = await created();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const got = await api().get(`/v1/subscriptions/${id}`).set(auth).expect(200);
    expect(got.body).not.toHaveProperty('secret');
    expect(got.body).toMatchObject({ state: 'active', deletedAt: null });
  });

  it('keeps a deleted subscription readable with its deliveries and audit log', async () => {
    const kept = await created();
    const { id } = await created();
    const { caseCode, events } = exampleCase({ number: 31 });
    await new DeliveryRepository(ds).insert(
      events.map((e) => ({
        subscriptionId: id,
        eventId: e.id,
        eventType: e.type,
        caseCode,
        sequence: e.sequence,
        department: 'STP',
        event: e,
      })),
    );
    await api().delete(`/v1/subscriptions/${id}`).set(auth).expect(204);
    // Deleting again is harmless.
    await api().delete(`/v1/subscriptions/${id}`).set(auth).expect(204);
    await api().delete('/v1/subscriptions/sub_nobody').set(auth).expect(404);

    const got = await api().get(`/v1/subscriptions/${id}`).set(auth).expect(200);
    expect(got.body).toMatchObject({
      id,
      state: 'deleted',
      deletedAt: expect.any(String) as string,
    });
    const deliveries = await api().get(`/v1/subscriptions/${id}/deliveries`).set(auth).expect(200);
    expect((deliveries.body as { items: { state: string }[] }).items.map((d) => d.state)).toEqual(
      events.map(() => 'cancelled'),
    );
    const audit = await api().get(`/v1/subscriptions/${id}/audit`).set(auth).expect(200);
    expect((audit.body as { items: { action: string }[] }).items.map((a) => a.action)).toEqual([
      'subscription.created',
      'subscription.deleted',
    ]);

    const ids = async (query: string) =>
      (
        (await api().get(`/v1/subscriptions${query}`).set(auth).expect(200)).body as {
          items: { id: string }[];
        }
      ).items.map((s) => s.id);
    expect(await ids('')).toContain(kept.id);
    expect(await ids('')).not.toContain(id);
    expect(await ids('?state=deleted')).toEqual([id]);
    const bad = await api().get('/v1/subscriptions?state=gone').set(auth).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_QUERY', errors: [{ path: 'query.state' }] });

    for (const action of ['pause', 'resume']) {
      const refused = await api().post(`/v1/subscriptions/${id}/${action}`).set(auth).expect(409);
      expect(refused.body).toMatchObject({ code: 'SUBSCRIPTION_DELETED' });
    }
    const delivery = (deliveries.body as { items: { id: string }[] }).items[0].id;
    await api()
      .post(`/v1/subscriptions/${id}/deliveries/${delivery}/redeliver`)
      .set(auth)
      .expect(409);
    // Refusals change nothing: still two audit entries.
    const after = await api().get(`/v1/subscriptions/${id}/audit`).set(auth).expect(200);
    expect((after.body as { items: unknown[] }).items).toHaveLength(2);
  });

  it('still answers 401 without the admin key, for a deleted subscription too', async () => {
    const { id } = await created();
    await api().delete(`/v1/subscriptions/${id}`).set(auth).expect(204);
    await api().get(`/v1/subscriptions/${id}`).expect(401);
  });

  it('answers 400 naming the path parameter that holds a NUL, on every route (Postgres cannot compare it)', async () => {
    const { id } = await created();
    const routes: [string, string, string][] = [
      ['get', '/v1/subscriptions/a%00b', 'id'],
      ['delete', '/v1/subscriptions/%00', 'id'],
      ['post', '/v1/subscriptions/%00/pause', 'id'],
      ['post', '/v1/subscriptions/%00/resume', 'id'],
      ['get', '/v1/subscriptions/%00/deliveries', 'id'],
      ['get', '/v1/subscriptions/%00/audit', 'id'],
      ['post', '/v1/subscriptions/%00/deliveries/1/redeliver', 'id'],
      ['post', `/v1/subscriptions/${id}/deliveries/1%00/redeliver`, 'deliveryId'],
    ];
    for (const [method, path, param] of routes) {
      const res = await (
        method === 'get'
          ? api().get(path)
          : method === 'delete'
            ? api().delete(path)
            : api().post(path)
      ).set(auth);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body).toMatchObject({ code: 'INVALID_PARAMETER' });
      expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
        param,
      ]);
    }
    // The UTF-8 bytes of a lone surrogate do not decode: refused before the controller.
    await api().get('/v1/subscriptions/%ED%A0%80').set(auth).expect(400);
  });
});
