import type { Server } from 'node:http';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { openApiFor } from '@hub/contracts';
import request from 'supertest';
import { ApiDocsModule, registeredRoutes } from './api-docs';

describe('ApiDocsModule over HTTP', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create(ApiDocsModule.forApp('ops'), { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves the OpenAPI document at /docs/openapi.json', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/docs/openapi.json')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(openApiFor('ops'));
  });

  it('serves a readable HTML page at /docs', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/docs')
      .expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<code>/v1/dead-letters/{eventId}/replay</code>');
  });

  it('reads the routes it registered from Express', () => {
    expect(registeredRoutes(app)).toEqual(['GET /docs', 'GET /docs/openapi.json']);
  });

  it('refuses an app without a contract', () => {
    expect(() => ApiDocsModule.forApp('no-such-app')).toThrow(/httpApis/);
  });
});
